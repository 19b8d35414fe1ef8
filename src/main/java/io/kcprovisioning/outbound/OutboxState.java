package io.kcprovisioning.outbound;

/** Where a (target, resource) row of the outbox stands. */
public enum OutboxState {
    /** Nothing to send: delivered, or never changed since the row was made. */
    IDLE,
    /** A change waits to be sent, at {@code nextAttempt} or later. */
    PENDING,
    /** A node holds the row's lease and is sending the resource's current state. */
    IN_FLIGHT,
    /** The target refused the change (a 4xx other than 408 and 429) or retries ran out: waits for an admin. */
    DEAD
}
