package io.kcprovisioning.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One downstream SCIM application as configured, without its secret (a secret is either a vault reference, held
 * here, or stored encrypted apart from the target: see {@link TargetSecrets}).
 *
 * @param id          the realm component's id (null before it is created)
 * @param baseUrl     the SCIM base URL, without a trailing slash ({@code https://app.example/scim/v2})
 * @param rateLimit   requests per second to this target, from the cluster; 0 for no limit
 * @param inboundConnection the id of the realm's SCIM connection through which this application also pushes
 *                    changes in (it is a directory too); the changes it pushed are not sent back to it. Null: none
 */
public record TargetSettings(String id, String name, boolean enabled, String baseUrl, Auth auth, Scope scope,
        boolean pushGroups, Deprovision deprovision, int rateLimit, Set<String> quirks, String inboundConnection) {

    /** Known quirks profiles. {@code membership-by-single-patch}: group members are added and removed one per PATCH. */
    public static final Set<String> KNOWN_QUIRKS = Set.of("membership-by-single-patch");

    public TargetSettings {
        quirks = quirks == null ? Set.of() : Set.copyOf(quirks);
    }

    /** A target that is no directory of this realm (no inbound connection). */
    public TargetSettings(String id, String name, boolean enabled, String baseUrl, Auth auth, Scope scope,
            boolean pushGroups, Deprovision deprovision, int rateLimit, Set<String> quirks) {
        this(id, name, enabled, baseUrl, auth, scope, pushGroups, deprovision, rateLimit, quirks, null);
    }

    /** Whether a change of this origin came in from this application itself (and is not to be sent back). */
    public boolean pushedIn(String origin) {
        return inboundConnection != null && ChangeOrigins.scim(inboundConnection).equals(origin);
    }

    public enum AuthType {
        BEARER, BASIC, OAUTH2;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<AuthType> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "bearer" -> Optional.of(BEARER);
                case "basic" -> Optional.of(BASIC);
                case "oauth2", "client_credentials" -> Optional.of(OAUTH2);
                default -> Optional.empty();
            };
        }
    }

    /**
     * @param secretRef a vault reference ({@code ${vault.key}}), or null when the secret is stored encrypted
     * @param username  basic authentication's user name
     * @param clientId  OAuth 2 client credentials: the client
     * @param tokenUrl  OAuth 2 client credentials: the token endpoint
     * @param scope     OAuth 2 client credentials: the scope asked for (optional)
     */
    public record Auth(AuthType type, String secretRef, String username, String clientId, String tokenUrl,
            String scope) {
    }

    public enum ScopeKind {
        ALL, TIERS, ROLES;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<ScopeKind> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> Optional.of(ALL);
                case "tiers" -> Optional.of(TIERS);
                case "roles" -> Optional.of(ROLES);
                default -> Optional.empty();
            };
        }
    }

    /** Which members are pushed: all of them, or those holding one of {@code keys} (seat-tier or role keys). */
    public record Scope(ScopeKind kind, List<String> keys) {

        public Scope {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        public static Scope all() {
            return new Scope(ScopeKind.ALL, List.of());
        }

        /** Whether an active member with this role and tier is pushed. */
        public boolean holds(String roleKey, String tierKey) {
            return switch (kind) {
                case ALL -> true;
                case TIERS -> tierKey != null && keys.contains(tierKey);
                case ROLES -> roleKey != null && keys.contains(roleKey);
            };
        }
    }

    /** What a member who leaves the scope (or Keycloak) becomes downstream. */
    public enum Deprovision {
        DEACTIVATE, DELETE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Deprovision> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "deactivate" -> Optional.of(DEACTIVATE);
                case "delete" -> Optional.of(DELETE);
                default -> Optional.empty();
            };
        }
    }

    public boolean hasQuirk(String quirk) {
        return quirks.contains(quirk);
    }
}
