package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.TargetHealthEntity;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A target's delivery health in {@code PROV_OUTBOUND_HEALTH}, correct with any number of nodes: each delivery
 * round's results ({@link HealthTally}) are one atomic UPDATE ({@code delivered = delivered + n}, ...) in a short
 * transaction after the results are recorded, never a read and a write back. (A node that dies between recording
 * a round's results and counting them leaves that round out of the counts; the changes are recorded.) After {@code circuitAfter} failed attempts in a row the same UPDATE's transaction opens the circuit
 * ({@code PAUSED_SINCE}), and no row of the target is claimed until an admin resumes it or a minute has passed
 * since its last failure (a claim then probes it, {@link OutboxClaims#CIRCUIT_PROBE_MILLIS}); changes keep being
 * captured meanwhile. A delivered change sets the count of failures in a row back to 0 and closes the circuit.
 *
 * <p>The row is made once, before the first result is recorded, in a transaction of its own (two nodes making it
 * at once: the loser finds it made), so recording a result never fails on the primary key.
 */
public final class TargetHealth {

    /** Targets whose row this node has seen made. */
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();
    /**
     * Targets this node's own rounds found paused, with the time of their last failure: taken as paused for a probe
     * interval after it, as the claims do, so that a resume on another node is seen here within a minute.
     */
    private static final Map<String, Long> PAUSED = new ConcurrentHashMap<>();

    private TargetHealth() {
    }

    /** Makes the target's row if it is not there yet, in a transaction of its own. */
    static void ensure(KeycloakSessionFactory factory, String realmId, String targetId) {
        TargetRows.ensure(factory, MADE, targetId, TargetHealthEntity.class, () -> {
            TargetHealthEntity row = new TargetHealthEntity();
            row.setTargetId(targetId);
            row.setRealmId(realmId);
            return row;
        });
    }

    /** Forgets the rows this node saw made (the target was removed, its row with it). */
    static void forget(String targetId) {
        MADE.remove(targetId);
        PAUSED.remove(targetId);
    }

    /**
     * Whether this node saw the paused target fail less than a probe interval ago: no claim takes its rows before the
     * probe that a delivery tick starts, so a commit that changed only such targets' rows kicks no delivery (a dead
     * target cost every request a claim).
     */
    static boolean knownPaused(String targetId) {
        Long since = PAUSED.get(targetId);
        return since != null && System.currentTimeMillis() - since < OutboxClaims.CIRCUIT_PROBE_MILLIS;
    }

    /**
     * Counts a round's results, in the caller's transaction, and opens the circuit when the failures in a row reach
     * {@code circuitAfter} (0: never); returns whether this round opened it. A delivery closes the circuit (the
     * probe of a paused target went through), and the failures in a row become those after it.
     */
    static boolean count(KeycloakSession session, String targetId, HealthTally tally, int circuitAfter) {
        EntityManager em = Outbox.em(session);
        if (tally.delivered() > 0) {
            PAUSED.remove(targetId);
            em.createQuery("update TargetHealthEntity h set h.delivered = h.delivered + :delivered,"
                            + " h.consecutiveFailures = :since, h.lastDelivered = :lastDelivered,"
                            + " h.pausedSince = null where h.targetId = :t")
                    .setParameter("delivered", (long) tally.delivered())
                    .setParameter("since", tally.failuresSinceDelivery())
                    .setParameter("lastDelivered", tally.lastDelivered()).setParameter("t", targetId)
                    .executeUpdate();
        }
        if (tally.failed() == 0) {
            return false;
        }
        em.createQuery("update TargetHealthEntity h set h.failed = h.failed + :failed,"
                        + " h.consecutiveFailures = h.consecutiveFailures + :more, h.lastError = :error,"
                        + " h.lastErrorAt = :at where h.targetId = :t")
                .setParameter("failed", (long) tally.failed())
                .setParameter("more", tally.delivered() > 0 ? 0 : tally.failuresSinceDelivery())
                .setParameter("error", tally.lastError()).setParameter("at", tally.lastErrorAt())
                .setParameter("t", targetId).executeUpdate();
        if (circuitAfter <= 0) {
            return false;
        }
        long now = tally.lastErrorAt();
        boolean opened = em.createQuery("update TargetHealthEntity h set h.pausedSince = :now where h.targetId = :t"
                        + " and h.pausedSince is null and h.consecutiveFailures >= :n")
                .setParameter("now", now).setParameter("t", targetId).setParameter("n", circuitAfter)
                .executeUpdate() == 1;
        if (opened || tally.delivered() == 0 && em.createQuery("select count(h) from TargetHealthEntity h"
                + " where h.targetId = :t and h.pausedSince is not null", Long.class).setParameter("t", targetId)
                .getSingleResult() > 0) {
            // paused, and its last failure now: no claim takes its rows for a probe interval (OutboxClaims)
            PAUSED.put(targetId, now);
        }
        return opened;
    }

    /** Closes the target's circuit and sets its failures in a row to 0; returns whether it was open. */
    static boolean resume(KeycloakSession session, String targetId) {
        PAUSED.remove(targetId);
        EntityManager em = Outbox.em(session);
        int opened = em.createQuery("update TargetHealthEntity h set h.pausedSince = null,"
                        + " h.consecutiveFailures = 0 where h.targetId = :t and h.pausedSince is not null")
                .setParameter("t", targetId).executeUpdate();
        em.createQuery("update TargetHealthEntity h set h.consecutiveFailures = 0 where h.targetId = :t")
                .setParameter("t", targetId).executeUpdate();
        return opened == 1;
    }

    /** The target's row as the database has it now (read again if this transaction changed it). */
    static Optional<TargetHealthEntity> read(KeycloakSession session, String targetId) {
        EntityManager em = Outbox.em(session);
        TargetHealthEntity row = em.find(TargetHealthEntity.class, targetId);
        if (row != null) {
            em.refresh(row);
        }
        return Optional.ofNullable(row);
    }
}
