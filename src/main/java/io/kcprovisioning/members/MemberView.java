package io.kcprovisioning.members;

import java.util.List;

/**
 * A member as admins see it.
 *
 * @param userId     Keycloak user id
 * @param username   Keycloak username (null if the user is gone)
 * @param email      Keycloak email (null if none or the user is gone)
 * @param state      active, pending or deprovisioned
 * @param role       role key (null unless active or pending)
 * @param tier       seat-tier key (for pending: the tier waited for, null meaning any)
 * @param source     what last changed the member (jit, scim, sync, admin)
 * @param reasonCode machine-readable reason of the last decision
 * @param reason     the last decision's explanation
 * @param groups     the IdP groups last seen
 * @param stateSince epoch milliseconds since the member is in this state (first come, first served for pending)
 * @param updatedAt  epoch milliseconds of the last change
 */
public record MemberView(String userId, String username, String email, String state, String role, String tier, String source,
        String reasonCode, String reason, List<String> groups, long stateSince, long updatedAt) {
}
