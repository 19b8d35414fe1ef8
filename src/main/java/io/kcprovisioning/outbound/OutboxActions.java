package io.kcprovisioning.outbound;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/**
 * What an admin does to a target's outbox, each in the caller's transaction and as one UPDATE per step, so a node
 * delivering meanwhile never sees half of it: replay dead letters (pending again, due now, attempts from 0), skip
 * them (idle, never sent), resume a paused target (circuit closed, its pending rows due now). Delivery is kicked
 * after the commit.
 */
public final class OutboxActions {

    /** One resource an action names. */
    public record Resource(String type, String id) {
    }

    private final KeycloakSession session;

    public OutboxActions(KeycloakSession session) {
        this.session = session;
    }

    /** Dead rows of the target (those of {@code resources}, or all when null) become pending, due now. */
    public int replay(String targetId, List<Resource> resources) {
        long now = System.currentTimeMillis();
        int n = dead(targetId, resources, "o.state = :to, o.nextAttempt = :now, o.attempts = 0, o.lastError = null,"
                + " o.pendingSince = :now, o.updated = :now", OutboxState.PENDING, now);
        if (n > 0) {
            Outbox.kickAfterCommit(session);
        }
        return n;
    }

    /** Dead rows of the target (those of {@code resources}, or all when null) become idle without being sent. */
    public int skip(String targetId, List<Resource> resources) {
        long now = System.currentTimeMillis();
        return dead(targetId, resources, "o.state = :to, o.attempts = 0, o.pendingSince = null, o.updated = :now",
                OutboxState.IDLE, now);
    }

    /** Closes the target's circuit; its pending rows are due now. Returns whether it was open. */
    public boolean resume(String targetId) {
        boolean wasOpen = TargetHealth.resume(session, targetId);
        Outbox.em(session).createQuery("update OutboxEntity o set o.nextAttempt = :now where o.targetId = :t"
                        + " and o.state = :pending")
                .setParameter("now", System.currentTimeMillis()).setParameter("t", targetId)
                .setParameter("pending", OutboxState.PENDING).executeUpdate();
        Outbox.kickAfterCommit(session);
        return wasOpen;
    }

    private int dead(String targetId, List<Resource> resources, String set, OutboxState to, long now) {
        EntityManager em = Outbox.em(session);
        if (resources == null) {
            return bind(em.createQuery("update OutboxEntity o set " + set + " where o.targetId = :t"
                    + " and o.state = :dead"), targetId, to, now).executeUpdate();
        }
        int n = 0;
        for (Resource r : resources) {
            n += bind(em.createQuery("update OutboxEntity o set " + set + " where o.targetId = :t"
                            + " and o.state = :dead and o.resourceType = :type and o.resourceId = :id"), targetId, to,
                    now).setParameter("type", r.type()).setParameter("id", r.id()).executeUpdate();
        }
        return n;
    }

    private static Query bind(Query q, String targetId, OutboxState to, long now) {
        return q.setParameter("t", targetId).setParameter("dead", OutboxState.DEAD).setParameter("to", to)
                .setParameter("now", now);
    }
}
