package io.kcprovisioning.policy;

/**
 * A user's current standing, as stored. {@code roleKey} and {@code tierKey} may be null (no role yet; no seat).
 */
public record Membership(MemberState state, String roleKey, String tierKey) {

    public static Membership active(String roleKey, String tierKey) {
        return new Membership(MemberState.ACTIVE, roleKey, tierKey);
    }

    public static Membership pending(String roleKey, String tierKey) {
        return new Membership(MemberState.PENDING, roleKey, tierKey);
    }

    public boolean isActive() {
        return state == MemberState.ACTIVE;
    }

    /** The tier whose seat this user holds right now, or null. */
    public String heldTier() {
        return isActive() ? tierKey : null;
    }
}
