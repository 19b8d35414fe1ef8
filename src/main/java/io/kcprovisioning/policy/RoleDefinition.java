package io.kcprovisioning.policy;

import java.util.List;

/**
 * One entry of a realm's ranked role catalog. Rank is the position in the catalog: the first role is the most
 * permissive.
 *
 * @param key     stable identifier (lowercase, digits and dashes), used in the API, events and token claims
 * @param name    display name ("Owner")
 * @param binding the Keycloak role granted to members who hold this role
 * @param groups  IdP groups (SCIM id, externalId or displayName, or group-claim value) mapped to this role
 */
public record RoleDefinition(String key, String name, RoleBinding binding, List<String> groups) {

    public RoleDefinition {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public RoleDefinition withGroups(List<String> newGroups) {
        return new RoleDefinition(key, name, binding, newGroups);
    }
}
