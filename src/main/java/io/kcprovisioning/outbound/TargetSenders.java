package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.TargetSenderEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Which node sends each target's changes ({@code PROV_OUTBOUND_SENDER}): one node at a time per target, so the
 * target's rate limit holds in the cluster and its changes are never sent by two nodes at once.
 *
 * <p>In the claim's transaction, after the due rows are locked: the node takes or renews the lease of every target
 * it claimed rows of (a free lease, an expired one, or its own; a target another node holds loses its rows from
 * the claim), and hands back the lease of every target it holds and now has nothing of in flight and nothing
 * claimed, so that another node's next claim takes it at once. A crashed node's leases run out.
 *
 * <p>Locks: sender rows are locked in target-id order, after the outbox rows (which claims lock with SKIP LOCKED,
 * never waiting); recording a result never touches a sender row. So claims wait only for each other's sender rows,
 * briefly, and never in a cycle.
 */
final class TargetSenders {

    private static final Logger LOG = Logger.getLogger(TargetSenders.class);
    /** Targets whose sender row this node has seen made. */
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();

    /** What a claim may send: the targets this node holds now, and whether it handed any back. */
    record Held(Set<String> targets, boolean released) {
    }

    private TargetSenders() {
    }

    /**
     * Takes or renews, for {@code node}, the leases of {@code claimed} (target id to realm id) and hands back the
     * ones it holds that are not claimed and have nothing in flight of this node.
     */
    static Held hold(KeycloakSession session, String node, Map<String, String> claimed, long now, long leaseMillis) {
        EntityManager em = Outbox.em(session);
        claimed.forEach((targetId, realmId) -> ensure(session.getKeycloakSessionFactory(), realmId, targetId));
        TreeSet<String> ids = new TreeSet<>(claimed.keySet());
        ids.addAll(heldBy(em, node));
        Set<String> held = new HashSet<>();
        boolean released = false;
        for (String targetId : ids) {
            TargetSenderEntity sender = em.find(TargetSenderEntity.class, targetId, LockModeType.PESSIMISTIC_WRITE);
            if (sender == null && claimed.containsKey(targetId)) {
                // removed with its realm, and the realm imported again with the same target ids
                MADE.remove(targetId);
                ensure(session.getKeycloakSessionFactory(), claimed.get(targetId), targetId);
                sender = em.find(TargetSenderEntity.class, targetId, LockModeType.PESSIMISTIC_WRITE);
            }
            if (sender == null) {
                continue; // the target was removed meanwhile
            }
            boolean mine = node.equals(sender.getNode());
            if (claimed.containsKey(targetId)) {
                if (mine || sender.getNode() == null || sender.getLeaseUntil() < now) {
                    sender.setNode(node);
                    sender.setLeaseUntil(now + leaseMillis);
                    held.add(targetId);
                }
            } else if (mine && !inFlight(em, targetId, node)) {
                sender.setNode(null);
                sender.setLeaseUntil(0);
                released = true;
            }
        }
        return new Held(held, released);
    }

    /** The targets whose lease another node holds now (their rows are left out of this node's claims). */
    static Collection<String> heldElsewhere(KeycloakSession session, String node, long now) {
        return Outbox.em(session).createQuery("select s.targetId from TargetSenderEntity s where s.node is not null"
                        + " and s.node <> :node and s.leaseUntil >= :now", String.class)
                .setParameter("node", node).setParameter("now", now).getResultList();
    }

    /** The node holding the target's lease now, or null. */
    static String sender(KeycloakSession session, String targetId, long now) {
        TargetSenderEntity sender = Outbox.em(session).find(TargetSenderEntity.class, targetId);
        return sender == null || sender.getNode() == null || sender.getLeaseUntil() < now ? null : sender.getNode();
    }

    private static Collection<String> heldBy(EntityManager em, String node) {
        return em.createQuery("select s.targetId from TargetSenderEntity s where s.node = :node", String.class)
                .setParameter("node", node).getResultList();
    }

    private static boolean inFlight(EntityManager em, String targetId, String node) {
        return !em.createQuery("select o.id from OutboxEntity o where o.targetId = :t and o.state = :inFlight"
                        + " and o.leaseOwner = :node", String.class)
                .setParameter("t", targetId).setParameter("inFlight", OutboxState.IN_FLIGHT)
                .setParameter("node", node).setMaxResults(1).getResultList().isEmpty();
    }

    /** Makes the target's row if it is not there yet, in a transaction of its own. */
    private static void ensure(KeycloakSessionFactory factory, String realmId, String targetId) {
        if (MADE.contains(targetId)) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = Outbox.em(s);
                if (em.find(TargetSenderEntity.class, targetId) == null) {
                    TargetSenderEntity row = new TargetSenderEntity();
                    row.setTargetId(targetId);
                    row.setRealmId(realmId);
                    em.persist(row);
                }
            });
            MADE.add(targetId);
        } catch (RuntimeException raced) {
            LOG.debugf("Sender row of target %s made concurrently: %s", targetId, raced.toString());
        }
    }

    /** Forgets the rows this node saw made (the target was removed, its row with it). */
    static void forget(String targetId) {
        MADE.remove(targetId);
    }
}
