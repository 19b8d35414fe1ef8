package io.kcprovisioning.outbound;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The groups a target with {@code pushGroups} receives: the groups the realm's policy maps to a role or a seat tier
 * (every value of {@code roles[].groups} and {@code seatTiers[].groups}), while its group mappings are on. These are
 * the groups that decide a member's role and seat; a group the policy does not name decides nothing and is not
 * pushed. Each is one SCIM Group named by the mapped value, with a stable resource id derived from that value.
 */
public final class PolicyGroups {

    private PolicyGroups() {
    }

    /** The mapped groups, in catalog order, each once; none while the policy's group mappings are off. */
    public static List<String> of(ProvisioningPolicy policy) {
        if (!policy.groupMappings()) {
            return List.of();
        }
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        for (RoleDefinition role : policy.roles()) {
            if (role != null) {
                role.groups().stream().filter(PolicyGroups::named).forEach(groups::add);
            }
        }
        for (SeatTierDefinition tier : policy.seatTiers()) {
            if (tier != null) {
                tier.groups().stream().filter(PolicyGroups::named).forEach(groups::add);
            }
        }
        return List.copyOf(groups);
    }

    /** The outbox resource id of a mapped group: the same for the same value, in every realm and on every node. */
    public static String resourceId(String group) {
        return UUID.nameUUIDFromBytes(("policy-group/" + group).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The mapped group whose resource id this is; empty when the policy no longer maps it. */
    public static Optional<String> byResourceId(ProvisioningPolicy policy, String resourceId) {
        return of(policy).stream().filter(g -> resourceId(g).equals(resourceId)).findFirst();
    }

    /** Of {@code groups} (a member's IdP groups, Keycloak group names), the ones the policy maps. */
    public static List<String> mapped(ProvisioningPolicy policy, Collection<String> groups) {
        List<String> all = of(policy);
        return groups == null ? List.of() : all.stream().filter(groups::contains).toList();
    }

    private static boolean named(String g) {
        return g != null && !g.isBlank();
    }
}
