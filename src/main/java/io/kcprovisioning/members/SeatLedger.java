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
 * once), tier by tier in key order (two transactions never lock two counters in opposite orders). A take that finds
 * the tier full hands the member back to {@link MembershipService}, which decides again with the seats actually
 * free, still in this transaction.
 */
final class SeatLedger extends AbstractKeycloakTransaction {

    private static final String ATTRIBUTE = SeatLedger.class.getName();

    /**
     * A seat to take for a member at commit; {@code taken} runs once it is taken, {@code lost}, in this transaction,
     * if the tier is full by then.
     */
    record Take(String realmId, String userId, String tierKey, int capacity, Runnable taken, Runnable lost) {
    }

    private record Release(String realmId, String tierKey) {
    }

    private final KeycloakSession session;
    private final List<Take> takes = new ArrayList<>();
    private final List<Release> releases = new ArrayList<>();

    private SeatLedger(KeycloakSession session) {
        this.session = session;
    }

    /** The ledger of the session's transaction, enlisted in its prepare phase on first use. */
    static SeatLedger of(KeycloakSession session) {
        SeatLedger ledger = session.getAttribute(ATTRIBUTE, SeatLedger.class);
        if (ledger == null) {
            ledger = new SeatLedger(session);
            session.setAttribute(ATTRIBUTE, ledger);
            session.getTransactionManager().enlistPrepare(ledger);
        }
        return ledger;
    }

    /** The ledger of the session's transaction if something was put in it, else null. */
    static SeatLedger existing(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE, SeatLedger.class);
    }

    void take(Take take) {
        takes.add(take);
    }

    /** Frees a seat of this tier at commit. */
    void release(String realmId, String tierKey) {
        releases.add(new Release(realmId, tierKey));
    }

    /**
     * Drops a take of this member's seat still waiting for commit (the seat was never counted, so there is nothing
     * to free); false when there is none.
     */
    boolean dropTake(String realmId, String userId, String tierKey) {
        return takes.removeIf(t -> t.realmId().equals(realmId) && t.userId().equals(userId)
                && t.tierKey().equals(tierKey));
    }

    @Override
    protected void commitImpl() {
        session.removeAttribute(ATTRIBUTE);
        if (takes.isEmpty() && releases.isEmpty()) {
            return;
        }
        MemberStore store = new MemberStore(session);
        releases.sort(Comparator.comparing(Release::realmId).thenComparing(Release::tierKey));
        takes.sort(Comparator.comparing(Take::realmId).thenComparing(Take::tierKey));
        List<Take> lost = new ArrayList<>();
        List<Take> taken = new ArrayList<>();
        // Keycloak's batch mode flushes everything pending once, then runs the counter updates without flushing
        // before each one: a push that changes thousands of members does not dirty-check them all per seat
        EntityManagers.runInBatch(session, () -> {
            for (Release r : releases) {
                store.releaseSeat(r.realmId(), r.tierKey());
            }
            for (Take t : takes) {
                (store.takeSeat(t.realmId(), t.tierKey(), t.capacity()) ? taken : lost).add(t);
            }
        }, false);
        taken.forEach(t -> t.taken().run());
        // decided again with the seats now free; any seat those decisions take is taken at once
        lost.forEach(t -> t.lost().run());
    }

    @Override
    protected void rollbackImpl() {
        session.removeAttribute(ATTRIBUTE);
    }
}
