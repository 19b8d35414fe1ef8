package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.OutboxEntity;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Records that a resource changed for a target, in the caller's transaction: the change commits or rolls back with
 * what caused it, so a rolled-back change is never sent and a committed one is never lost.
 *
 * <p>Each (target, resource) has one row, with a deterministic id. Recording a change is an UPDATE of it (changes
 * coalesce; concurrent writers queue on the row lock and none fails). A row that does not exist yet is first made
 * {@link OutboxState#IDLE}, so that two transactions making it at once never turn a login or a SCIM push into a
 * unique-key failure: in the caller's transaction by an INSERT that leaves a concurrent one's row alone
 * ({@link OutboxRowInserts}, PostgreSQL, MariaDB, MySQL), elsewhere in a short transaction of its own (the one that
 * loses the insert finds the row made; an IDLE row left by a transaction that rolled back sends nothing). After the
 * caller's commit, delivery is kicked, unless every target it recorded for is paused.
 */
public final class Outbox {

    public static final String USER = "user";
    public static final String GROUP = "group";
    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final String KICK_ENLISTED = Outbox.class.getName() + ".kick";
    /** A kick for whatever is due, not for one target's change. */
    private static final String ANY = "";

    private Outbox() {
    }

    public static String rowId(String targetId, String resourceType, String resourceId) {
        return UUID.nameUUIDFromBytes((targetId + "/" + resourceType + "/" + resourceId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Records a change of the resource for the target, in {@code session}'s transaction. */
    public static void record(KeycloakSession session, String realmId, String targetId, String resourceType,
            String resourceId, String origin) {
        String id = rowId(targetId, resourceType, resourceId);
        EntityManager em = em(session);
        long now = System.currentTimeMillis();
        if (em.find(OutboxEntity.class, id) == null) {
            make(session, id, realmId, targetId, resourceType, resourceId, now);
        }
        int changed = change(em, id, origin, now);
        if (changed != 1) {
            // purged (delivered long ago) since it was found: made again
            make(session, id, realmId, targetId, resourceType, resourceId, now);
            changed = change(em, id, origin, now);
        }
        if (changed != 1) {
            throw new IllegalStateException("outbox row " + id + " is missing");
        }
        // a row at rest becomes due now; a pending one keeps its backoff; one in flight is sent again after
        em.createQuery("update OutboxEntity o set o.state = :pending, o.nextAttempt = :now, o.attempts = 0,"
                        + " o.lastError = null, o.pendingSince = :now where o.id = :id and o.state in (:idle, :dead)")
                .setParameter("pending", OutboxState.PENDING).setParameter("now", now).setParameter("id", id)
                .setParameter("idle", OutboxState.IDLE).setParameter("dead", OutboxState.DEAD).executeUpdate();
        kickAfterCommit(session, targetId);
    }

    /** Makes the missing row, idle: in the caller's transaction where the database allows, else in its own. */
    private static void make(KeycloakSession session, String id, String realmId, String targetId,
            String resourceType, String resourceId, long now) {
        if (!OutboxRowInserts.insertIfAbsent(em(session), id, realmId, targetId, resourceType, resourceId, now)) {
            makeRow(session.getKeycloakSessionFactory(), id, realmId, targetId, resourceType, resourceId);
        }
    }

    private static int change(EntityManager em, String id, String origin, long now) {
        return em.createQuery("update OutboxEntity o set o.seq = o.seq + 1, o.origin = :origin,"
                        + " o.updated = :now where o.id = :id")
                .setParameter("origin", origin).setParameter("now", now).setParameter("id", id).executeUpdate();
    }

    /**
     * Records a change of each of the resources for the target, in {@code session}'s transaction, as
     * {@link #record} does for one: rows still missing are made first (one short transaction for them all), then
     * two UPDATEs cover the whole batch. Returns how many rows the batch changed.
     */
    public static int recordAll(KeycloakSession session, String realmId, String targetId, String resourceType,
            Collection<String> resourceIds, String origin) {
        if (resourceIds.isEmpty()) {
            return 0;
        }
        Map<String, String> byRow = new LinkedHashMap<>();
        for (String resourceId : resourceIds) {
            byRow.put(rowId(targetId, resourceType, resourceId), resourceId);
        }
        EntityManager em = em(session);
        makeMissing(session, realmId, targetId, resourceType, byRow);
        long now = System.currentTimeMillis();
        int changed = changeAll(em, byRow.keySet(), origin, now);
        if (changed < byRow.size()) {
            // some were purged (delivered long ago) since they were found: made again
            makeMissing(session, realmId, targetId, resourceType, byRow);
            changed = changeAll(em, byRow.keySet(), origin, now);
        }
        em.createQuery("update OutboxEntity o set o.state = :pending, o.nextAttempt = :now, o.attempts = 0,"
                        + " o.lastError = null, o.pendingSince = :now where o.id in :ids"
                        + " and o.state in (:idle, :dead)")
                .setParameter("pending", OutboxState.PENDING).setParameter("now", now)
                .setParameter("ids", byRow.keySet())
                .setParameter("idle", OutboxState.IDLE).setParameter("dead", OutboxState.DEAD).executeUpdate();
        kickAfterCommit(session, targetId);
        return changed;
    }

    private static int changeAll(EntityManager em, Collection<String> ids, String origin, long now) {
        return em.createQuery("update OutboxEntity o set o.seq = o.seq + 1, o.origin = :origin,"
                        + " o.updated = :now where o.id in :ids")
                .setParameter("origin", origin).setParameter("now", now).setParameter("ids", ids).executeUpdate();
    }

    /** Makes the rows of {@code byRow} that do not exist, in one transaction (one by one if another raced it). */
    private static void makeMissing(KeycloakSession session, String realmId, String targetId, String resourceType,
            Map<String, String> byRow) {
        Set<String> existing = new HashSet<>(em(session).createQuery("select o.id from OutboxEntity o"
                + " where o.id in :ids", String.class).setParameter("ids", byRow.keySet()).getResultList());
        Map<String, String> missing = new LinkedHashMap<>(byRow);
        missing.keySet().removeAll(existing);
        if (missing.isEmpty()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = em(s);
                long now = System.currentTimeMillis();
                missing.forEach((id, resourceId) -> {
                    OutboxEntity row = new OutboxEntity();
                    row.setId(id);
                    row.setRealmId(realmId);
                    row.setTargetId(targetId);
                    row.setResourceType(resourceType);
                    row.setResourceId(resourceId);
                    row.setState(OutboxState.IDLE);
                    row.setCreated(now);
                    row.setUpdated(now);
                    em.persist(row);
                });
            });
        } catch (RuntimeException raced) {
            LOG.debugf("Outbox rows made concurrently, making them one by one: %s", raced.toString());
            missing.forEach((id, resourceId) -> makeRow(factory, id, realmId, targetId, resourceType, resourceId));
        }
    }

    private static void makeRow(KeycloakSessionFactory factory, String id, String realmId, String targetId,
            String resourceType, String resourceId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = em(s);
                if (em.find(OutboxEntity.class, id) != null) {
                    return;
                }
                long now = System.currentTimeMillis();
                OutboxEntity row = new OutboxEntity();
                row.setId(id);
                row.setRealmId(realmId);
                row.setTargetId(targetId);
                row.setResourceType(resourceType);
                row.setResourceId(resourceId);
                row.setState(OutboxState.IDLE);
                row.setCreated(now);
                row.setUpdated(now);
                em.persist(row);
            });
        } catch (RuntimeException raced) {
            // another transaction made it meanwhile: the UPDATE that follows finds it
            LOG.debugf("Outbox row %s made concurrently: %s", id, raced.toString());
        }
    }

    /** Kicks delivery once {@code session}'s transaction commits (enlisted once per transaction, before it ends). */
    static void kickAfterCommit(KeycloakSession session) {
        kickAfterCommit(session, null);
    }

    /**
     * Kicks delivery once {@code session}'s transaction commits, for a change recorded for {@code targetId} (null:
     * whatever is due). A transaction that recorded changes for paused targets only kicks nothing: their rows wait
     * for the probe that the delivery tick starts ({@link TargetHealth#knownPaused}).
     */
    private static void kickAfterCommit(KeycloakSession session, String targetId) {
        @SuppressWarnings("unchecked")
        Set<String> targets = (Set<String>) session.getAttribute(KICK_ENLISTED);
        if (targets != null) {
            targets.add(targetId == null ? ANY : targetId);
            return;
        }
        Set<String> recorded = new HashSet<>();
        recorded.add(targetId == null ? ANY : targetId);
        session.setAttribute(KICK_ENLISTED, recorded);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                if (!recorded.stream().allMatch(TargetHealth::knownPaused)) {
                    OutboundDelivery.kick(factory);
                }
            }

            @Override
            protected void rollbackImpl() {
                // nothing was recorded
            }
        });
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
