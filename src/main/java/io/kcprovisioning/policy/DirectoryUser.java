package io.kcprovisioning.policy;

import java.util.Collection;
import java.util.List;

/**
 * A user as a Sync or a preview sees them: their IdP groups as last known, their current standing, and since when
 * they are in it (first come, first served among pending users).
 *
 * @param userId     Keycloak user id
 * @param groups     IdP groups last known
 * @param current    current standing, or null when never provisioned
 * @param stateSince epoch milliseconds since the current state (0 when unknown)
 * @param deactivated true when the directory deactivated the user: they are refused whatever their groups
 */
public record DirectoryUser(String userId, Collection<String> groups, Membership current, long stateSince,
        boolean deactivated) {

    public DirectoryUser {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
