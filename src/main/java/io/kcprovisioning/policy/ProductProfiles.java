package io.kcprovisioning.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** The six product profiles of PRODUCT.md, section 2. */
public final class ProductProfiles {

    public static final String TEAM = "team";
    public static final String ENTERPRISE_SEATS = "enterprise-seats";
    public static final String ENTERPRISE_USAGE_TWO_TIERS = "enterprise-usage-two-tiers";
    public static final String ENTERPRISE_USAGE_SINGLE = "enterprise-usage-single";
    public static final String CONSOLE = "console";
    public static final String CUSTOM = "custom";

    /** Prefix of the realm roles that profiles bind their catalogs to. */
    public static final String ROLE_PREFIX = "org-";
    /** Prefix of the realm roles that profiles bind their seat tiers to. */
    public static final String SEAT_ROLE_PREFIX = "seat-";

    private static final List<RoleDefinition> OWNER_ADMIN_USER = List.of(
            role("owner", "Owner"), role("admin", "Admin"), role("user", "User"));

    private static final List<ProductProfile> ALL = List.of(
            new ProductProfile(TEAM, "Team", OWNER_ADMIN_USER,
                    List.of(tier("premium", "Premium"), tier("standard", "Standard")),
                    EnumSet.of(ProvisioningMode.MANUAL, ProvisioningMode.JIT), true, true),
            new ProductProfile(ENTERPRISE_SEATS, "Enterprise (seat-based)", OWNER_ADMIN_USER,
                    List.of(tier("premium", "Premium"), tier("standard", "Standard")),
                    EnumSet.allOf(ProvisioningMode.class), true, true),
            new ProductProfile(ENTERPRISE_USAGE_TWO_TIERS, "Enterprise (usage-based, two tiers)", OWNER_ADMIN_USER,
                    List.of(tier("chat-claude-code", "Chat + Claude Code"), tier("chat", "Chat")),
                    EnumSet.allOf(ProvisioningMode.class), true, true),
            new ProductProfile(ENTERPRISE_USAGE_SINGLE, "Enterprise (usage-based, single tier)", OWNER_ADMIN_USER,
                    List.of(tier("enterprise", "Enterprise")),
                    EnumSet.allOf(ProvisioningMode.class), false, true),
            new ProductProfile(CONSOLE, "Console",
                    List.of(role("admin", "Admin"), role("developer", "Developer"), role("billing", "Billing"),
                            role("claude-code-user", "Claude Code User"), role("user", "User")),
                    List.of(),
                    EnumSet.allOf(ProvisioningMode.class), false, true),
            new ProductProfile(CUSTOM, "Custom", List.of(), List.of(),
                    EnumSet.allOf(ProvisioningMode.class), true, false));

    private ProductProfiles() {
    }

    public static List<ProductProfile> all() {
        return ALL;
    }

    public static Optional<ProductProfile> find(String id) {
        return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public static ProductProfile require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown profile '" + id + "'"));
    }

    private static RoleDefinition role(String key, String name) {
        return new RoleDefinition(key, name, RoleBinding.realmRole(ROLE_PREFIX + key), List.of());
    }

    private static SeatTierDefinition tier(String key, String name) {
        return new SeatTierDefinition(key, name, 0, RoleBinding.realmRole(SEAT_ROLE_PREFIX + key), List.of());
    }
}
