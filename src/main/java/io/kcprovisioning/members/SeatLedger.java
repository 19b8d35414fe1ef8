package io.kcprovisioning.members;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * The seat moves of one Keycloak transaction that need no answer before it ends (SCIM pushes: the response does not
 * depend on the seat), made in the transaction's prepare phase, just before the database commit. Taking a seat locks
 * the tier's counter row until commit, so every push of that tier waits for the one holding it; made last, the lock
 * is held for one UPDATE and the commit instead of the whole rest of the request.
 *
 * <p>At prepare time the pending writes are flushed first, then releases run before takes (freed seats count at
 * once), tier by tier in key order (two transactions never lock two counters in opposite orders). Every take's
 * {@code taken} runs before any take's {@code lost}: a take that finds the tier full hands the member back to
 * {@link MembershipService}, which decides again with the seats actually free, still in this transaction.
 */
final class SeatLedger implements SeatMoves {

    private static final String ATTRIBUTE = SeatLedger.class.getName();

    private record Release(String realmId, String tierKey) {
    }

    /** The takes made and the takes that found their tier full, each in the order the counters were updated. */
    record Settled(List<SeatTake> taken, List<SeatTake> lost) {

        /** Tells each take how it went: the taken ones first, then the lost ones. */
        void report() {
            taken.forEach(t -> t.taken().run());
            lost.forEach(t -> t.lost().run());
        }
    }

    private final List<SeatTake> takes = new ArrayList<>();
    private final List<Release> releases = new ArrayList<>();

    SeatLedger() {
    }

    /** The ledger of the session's transaction, enlisted in its prepare phase on first use. */
    static SeatLedger of(KeycloakSession session) {
        SeatLedger ledger = session.getAttribute(ATTRIBUTE, SeatLedger.class);
        if (ledger == null) {
            ledger = new SeatLedger();
            session.setAttribute(ATTRIBUTE, ledger);
            session.getTransactionManager().enlistPrepare(new AtCommit(session, ledger));
        }
        return ledger;
    }

    /** Puts the take in the ledger: never refused now, its callbacks run at commit. */
    @Override
    public boolean take(SeatTake take) {
        takes.add(take);
        return true;
    }

    /**
     * Frees a seat of this tier at commit, or, when this member's take of it still waits for commit, drops that take
     * (the seat was never counted, so there is nothing to free).
     */
    @Override
    public void release(String realmId, String userId, String tierKey) {
        boolean dropped = takes.removeIf(t -> t.realmId().equals(realmId) && t.userId().equals(userId)
                && t.tierKey().equals(tierKey));
        if (!dropped) {
            releases.add(new Release(realmId, tierKey));
        }
    }

    boolean isEmpty() {
        return takes.isEmpty() && releases.isEmpty();
    }

    /** Makes the moves on the counters, releases first, then takes, each in (realm, tier) order. */
    Settled settle(SeatCounters counters) {
        List<Release> orderedReleases = new ArrayList<>(releases);
        orderedReleases.sort(Comparator.comparing(Release::realmId).thenComparing(Release::tierKey));
        List<SeatTake> orderedTakes = new ArrayList<>(takes);
        orderedTakes.sort(Comparator.comparing(SeatTake::realmId).thenComparing(SeatTake::tierKey));
        for (Release r : orderedReleases) {
            counters.releaseSeat(r.realmId(), r.tierKey());
        }
        List<SeatTake> taken = new ArrayList<>();
        List<SeatTake> lost = new ArrayList<>();
        for (SeatTake t : orderedTakes) {
            (counters.takeSeat(t.realmId(), t.tierKey(), t.capacity()) ? taken : lost).add(t);
        }
        return new Settled(taken, lost);
    }

    /** Settles the ledger in the prepare phase of the session's transaction. */
    private static final class AtCommit extends AbstractKeycloakTransaction {

        private final KeycloakSession session;
        private final SeatLedger ledger;

        AtCommit(KeycloakSession session, SeatLedger ledger) {
            this.session = session;
            this.ledger = ledger;
        }

        @Override
        protected void commitImpl() {
            session.removeAttribute(ATTRIBUTE);
            if (ledger.isEmpty()) {
                return;
            }
            MemberStore store = new MemberStore(session);
            Settled[] settled = new Settled[1];
            // Keycloak's batch mode flushes everything pending once, then runs the counter updates without flushing
            // before each one: a push that changes thousands of members does not dirty-check them all per seat
            EntityManagers.runInBatch(session, () -> settled[0] = ledger.settle(store), false);
            // decided again with the seats now free; any seat those decisions take is taken at once
            settled[0].report();
        }

        @Override
        protected void rollbackImpl() {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
