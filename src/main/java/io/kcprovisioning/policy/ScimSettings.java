package io.kcprovisioning.policy;

import java.util.List;
import java.util.Locale;

/**
 * Settings of the SCIM directory sync.
 *
 * @param deleteAction  what a SCIM DELETE does to the Keycloak user after deprovisioning: {@code disable} (default)
 *                      or {@code delete}
 * @param adoptBy       how a pushed user is matched to an existing Keycloak user (created by JIT, for instance) to
 *                      adopt it instead of refusing with 409: any of {@code userName}, {@code email}, in order
 * @param organizations aliases of the realm's Keycloak Organizations that provisioned users join
 */
public record ScimSettings(DeleteAction deleteAction, List<String> adoptBy, List<String> organizations) {

    public static final List<String> ADOPT_KEYS = List.of("userName", "email");

    /** What a SCIM DELETE does to the Keycloak user. */
    public enum DeleteAction {
        DISABLE,
        DELETE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DeleteAction fromWireName(String value) {
            for (DeleteAction a : values()) {
                if (a.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown deleteAction '" + value + "' (expected disable or delete)");
        }
    }

    public ScimSettings {
        deleteAction = deleteAction == null ? DeleteAction.DISABLE : deleteAction;
        adoptBy = adoptBy == null ? List.of("userName", "email") : List.copyOf(adoptBy);
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
    }

    public static ScimSettings defaults() {
        return new ScimSettings(DeleteAction.DISABLE, List.of("userName", "email"), List.of());
    }
}
