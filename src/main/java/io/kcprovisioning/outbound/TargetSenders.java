package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.TargetSenderEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Which node sends each target's changes ({@code PROV_OUTBOUND_SENDER}): one node at a time per target, so the
 * target's rate limit holds in the cluster and its changes are never sent by two nodes at once.
 *
 * <p>In the claim's transaction, after the due rows are locked: the node takes or renews the lease of every target
 * it claimed rows of (a free lease, an expired one, or its own once less than half of it is left; a target another
 * node holds loses its rows from the claim), and hands back the lease of every target it holds that has nothing
 * due and nothing of this node's in flight, so that another node's next claim takes it at once. A crashed node's
 * leases run out.
 *
 * <p>Locks: sender rows are locked in target-id order, after the outbox rows (which claims lock with SKIP LOCKED,
 * never waiting); recording a result never touches a sender row. So claims wait only for each other's sender rows,
 * briefly, and never in a cycle.
 */
final class TargetSenders {

    /** Targets whose sender row this node has seen made. */
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();

    /** What a claim may send: the targets this node holds now, and whether it handed any back. */
    record Held(Set<String> targets, boolean released) {
    }

    /**
     * The leases as a claim first reads them (unlocked): the targets held by this node (with the expiry of each),
     * and by others.
     */
    record Leases(Map<String, Long> mine, Set<String> elsewhere) {
    }

    private TargetSenders() {
    }

    /**
     * Takes or renews, for {@code node}, the leases of {@code claimed} (target id to realm id) and hands back the
     * ones it holds that are not claimed and have nothing due nor in flight of this node.
     */
    static Held hold(KeycloakSession session, String node, Leases leases, Map<String, String> claimed, long now,
            long leaseMillis) {
        EntityManager em = Outbox.em(session);
        Set<String> held = new HashSet<>();
        TreeSet<String> ids = new TreeSet<>(leases.mine().keySet());
        for (Map.Entry<String, String> c : claimed.entrySet()) {
            Long until = leases.mine().get(c.getKey());
            if (until != null && until - now > leaseMillis / 2) {
                // this node's, for a while yet: no other node can take it, so it is neither locked nor renewed
                // (every claim locking it made the claims of the node's own loops wait in line)
                held.add(c.getKey());
                ids.remove(c.getKey());
            } else {
                ensure(session.getKeycloakSessionFactory(), c.getValue(), c.getKey());
                ids.add(c.getKey());
            }
        }
        boolean released = false;
        for (String targetId : ids) {
            if (!claimed.containsKey(targetId) && busy(em, targetId, node, now)) {
                continue; // kept, without a lock (a paused target's rows wait for this node's next probe)
            }
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
            } else if (mine) {
                // nothing due, nothing in flight: a row due since is this node's to claim on its next look
                // (a claim that hands a target back looks once more)
                sender.setNode(null);
                sender.setLeaseUntil(0);
                released = true;
            }
        }
        return new Held(held, released);
    }

    /**
     * The leases held now, in one read: this node's, and the live ones of other nodes (whose targets' rows are left
     * out of this node's claims).
     */
    static Leases leases(KeycloakSession session, String node, long now) {
        Map<String, Long> mine = new HashMap<>();
        Set<String> elsewhere = new HashSet<>();
        for (TargetSenderEntity s : Outbox.em(session).createQuery("select s from TargetSenderEntity s"
                + " where s.node is not null", TargetSenderEntity.class).getResultList()) {
            if (node.equals(s.getNode())) {
                mine.put(s.getTargetId(), s.getLeaseUntil());
            } else if (s.getLeaseUntil() >= now) {
                elsewhere.add(s.getTargetId());
            }
        }
        return new Leases(mine, elsewhere);
    }

    /** Renews this node's leases of the targets (in target-id order), those it still holds. */
    static void renew(KeycloakSession session, String node, List<String> targetIds, long until) {
        for (String targetId : targetIds) {
            Outbox.em(session).createQuery("update TargetSenderEntity s set s.leaseUntil = :until"
                            + " where s.targetId = :t and s.node = :node")
                    .setParameter("until", until).setParameter("t", targetId).setParameter("node", node)
                    .executeUpdate();
        }
    }

    /** The node holding the target's lease now, or null. */
    static String sender(KeycloakSession session, String targetId, long now) {
        TargetSenderEntity sender = Outbox.em(session).find(TargetSenderEntity.class, targetId);
        return sender == null || sender.getNode() == null || sender.getLeaseUntil() < now ? null : sender.getNode();
    }

    /**
     * Whether the node has a row of the target in flight, or the target has a row due (perhaps being claimed by
     * another of this node's loops right now, which took the lease as its own without locking it).
     */
    private static boolean busy(EntityManager em, String targetId, String node, long now) {
        return !em.createQuery("select o.id from OutboxEntity o where o.targetId = :t and ((o.state = :inFlight"
                        + " and o.leaseOwner = :node) or (o.state = :pending and o.nextAttempt <= :now))",
                        String.class)
                .setParameter("t", targetId).setParameter("inFlight", OutboxState.IN_FLIGHT)
                .setParameter("pending", OutboxState.PENDING).setParameter("node", node).setParameter("now", now)
                .setMaxResults(1).getResultList().isEmpty();
    }

    /** Makes the target's row if it is not there yet, in a transaction of its own. */
    private static void ensure(KeycloakSessionFactory factory, String realmId, String targetId) {
        TargetRows.ensure(factory, MADE, targetId, TargetSenderEntity.class, () -> {
            TargetSenderEntity row = new TargetSenderEntity();
            row.setTargetId(targetId);
            row.setRealmId(realmId);
            return row;
        });
    }

    /** Forgets the rows this node saw made (the target was removed, its row with it). */
    static void forget(String targetId) {
        MADE.remove(targetId);
    }
}
