package io.kcprovisioning.policy;

/** Where a user stands in an organization. */
public enum MemberState {
    /** Holds a role and, when the realm has seat tiers, a seat. */
    ACTIVE,
    /** Admitted by policy but waiting for a free seat; cannot log in. */
    PENDING,
    /** Lost access (refused, deactivated or deleted at the IdP); holds no seat. */
    DEPROVISIONED
}
