package io.kcprovisioning.policy;

/** What the policy decides for a user. */
public enum Outcome {
    /** The realm is in Manual mode: the extension changes nothing. */
    NOT_MANAGED,
    /** The user is (or stays) a member with the decided role and seat tier. */
    ADMIT,
    /** Admitted by policy, but no seat is free: the user waits with the decided role. */
    PENDING,
    /** The user is not admitted (and, if a member, loses access). */
    REFUSE
}
