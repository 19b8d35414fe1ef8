package io.kcprovisioning.members;

import java.util.function.Consumer;

/**
 * When {@link MembershipService} takes a seat: at once, so the caller knows whether the member got it (a login must
 * show the no-seat page, an admin must hear 409), or at commit, for callers whose answer does not depend on it (SCIM
 * pushes), which keeps the tier's counter row locked for the shortest time (see {@link SeatLedger}).
 *
 * @param atCommit  take and free seats just before the transaction commits
 * @param redecided told, still in the transaction, of the new decision for a member whose seat was gone at commit
 */
public record SeatTaking(boolean atCommit, Consumer<MemberChange> redecided) {

    public static final SeatTaking NOW = new SeatTaking(false, change -> { });

    public static SeatTaking atCommit(Consumer<MemberChange> redecided) {
        return new SeatTaking(true, redecided);
    }
}
