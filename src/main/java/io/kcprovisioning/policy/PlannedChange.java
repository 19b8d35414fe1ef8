package io.kcprovisioning.policy;

/**
 * What a Sync does (or a preview would do) to one user.
 *
 * @param user     the user
 * @param decision the decision
 * @param after    the standing afterwards (null: not managed)
 */
public record PlannedChange(DirectoryUser user, Decision decision, Membership after) {

    /** How the standing changes, from the admin's point of view. */
    public enum Kind { UNCHANGED, ADDED, REMOVED, PROMOTED, DEMOTED, MOVED, PENDING }

    public Kind kind(ProvisioningPolicy policy) {
        Membership before = user.current();
        boolean wasActive = before != null && before.isActive();
        boolean isActive = after != null && after.isActive();
        if (!wasActive && isActive) {
            return Kind.ADDED;
        }
        if (wasActive && !isActive) {
            return after != null && after.state() == MemberState.PENDING ? Kind.PENDING : Kind.REMOVED;
        }
        if (!wasActive) {
            boolean nowPending = after != null && after.state() == MemberState.PENDING;
            boolean wasPending = before != null && before.state() == MemberState.PENDING;
            return nowPending && !wasPending ? Kind.PENDING : Kind.UNCHANGED;
        }
        int rankBefore = policy.roleRank(before.roleKey());
        int rankAfter = policy.roleRank(after.roleKey());
        if (rankBefore != rankAfter) {
            return rankBefore < 0 || rankAfter >= 0 && rankAfter < rankBefore ? Kind.PROMOTED : Kind.DEMOTED;
        }
        return java.util.Objects.equals(before.tierKey(), after.tierKey()) ? Kind.UNCHANGED : Kind.MOVED;
    }
}
