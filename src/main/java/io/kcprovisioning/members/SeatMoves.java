package io.kcprovisioning.members;

/**
 * How {@link MembershipService} takes and frees seats. {@link ImmediateSeatMoves} moves them at once, so the caller
 * knows whether the member got the seat (a login must show the no-seat page, an admin must hear 409);
 * {@link SeatLedger} moves them just before the transaction commits, for callers whose answer does not depend on it
 * (SCIM pushes), which keeps the tier's counter row locked for the shortest time.
 */
sealed interface SeatMoves permits ImmediateSeatMoves, SeatLedger {

    /**
     * Takes a seat for a member. False only when the tier is known to be full now; otherwise the seat is taken, or
     * will be at commit, and the take's callbacks say which way it went.
     */
    boolean take(SeatTake take);

    /** Frees the seat a member holds, or drops a take of it that is still to be made. */
    void release(String realmId, String userId, String tierKey);
}
