package io.kcprovisioning.policy;

import java.util.List;

/**
 * One entry of a realm's ranked seat-tier catalog. The first tier is the highest.
 *
 * @param key      stable identifier (lowercase, digits and dashes)
 * @param name     display name ("Premium")
 * @param capacity purchased seats; never exceeded
 * @param binding  optional Keycloak role granted to members who hold a seat of this tier (may be null)
 * @param groups   IdP groups mapped to this tier
 */
public record SeatTierDefinition(String key, String name, int capacity, RoleBinding binding, List<String> groups) {

    public SeatTierDefinition {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public SeatTierDefinition withCapacity(int newCapacity) {
        return new SeatTierDefinition(key, name, newCapacity, binding, groups);
    }

    public SeatTierDefinition withGroups(List<String> newGroups) {
        return new SeatTierDefinition(key, name, capacity, binding, newGroups);
    }
}
