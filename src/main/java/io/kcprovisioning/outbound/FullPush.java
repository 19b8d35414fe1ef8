package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.policy.MemberState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One full push or reconcile of a target, in batches of short transactions: every active member the target's scope
 * holds is captured into the outbox ({@link Outbox#recordAll}, origin {@value #ORIGIN}; a capture coalesces with a
 * change already pending), so delivery sends each one's current state, linked or not. A reconcile then walks the
 * target's links ({@code PROV_OUTBOX_LINK}: the users this target was provisioned with) and captures every one whose
 * user is gone or no longer in scope, which delivery deactivates or deletes per the target's {@code deprovision}.
 * Users at the target that were never provisioned from here have no link and are left alone.
 *
 * <p>"In scope" is what delivery decides from too ({@code OutboxClaims.snapshot}): a member row in state ACTIVE
 * whose role and tier the scope holds. Each batch re-reads the target, so a push of a target removed or disabled
 * meanwhile stops.
 */
final class FullPush {

    public static final String ORIGIN = "push";
    static final int BATCH = 500;

    /** How far a push is: rows examined of {@code total}, users captured to send, linked users to take back. */
    record Counts(long examined, Long total, long queued, long deprovisioned) {
    }

    /** Called in the transaction of each batch, so the counts it reports are what that transaction commits. */
    interface Progress {
        void report(KeycloakSession session, Counts counts);
    }

    /** The push cannot go on (its target was removed or disabled, or it lost its lease); the message says why. */
    static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message);
        }
    }

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String targetId;
    private final PushJobs.Mode mode;
    private final Progress progress;
    private long examined;
    private Long total;
    private long queued;
    private long deprovisioned;
    private String after = "";
    /** The target's users by lowercased userName, as listed when the push began; null: not listed. */
    private Map<String, String> atTarget;

    FullPush(KeycloakSessionFactory factory, String realmId, String targetId, PushJobs.Mode mode, Progress progress) {
        this.factory = factory;
        this.realmId = realmId;
        this.targetId = targetId;
        this.mode = mode;
        this.progress = progress;
    }

    Counts run() {
        TargetHttp http = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            TargetSettings target = target(session);
            long count = members(session, target, "select count(m) from MemberEntity m", Long.class)
                    .getSingleResult();
            if (mode == PushJobs.Mode.RECONCILE) {
                count += Outbox.em(session).createQuery("select count(l) from OutboxLinkEntity l"
                                + " where l.targetId = :targetId and l.resourceType = :type", Long.class)
                        .setParameter("targetId", targetId).setParameter("type", Outbox.USER).getSingleResult();
            }
            total = count;
            progress.report(session, counts());
            session.getContext().setRealm(session.realms().getRealm(realmId)); // the vault, the realm's keys
            return new TargetStore(session, session.realms().getRealm(realmId)).http(target).orElse(null);
        });
        // the target's users, once, outside any transaction: members found there are adopted now, the others
        // created without a lookup each (when the target cannot be listed, every member is looked up as it is sent)
        atTarget = http == null ? null : TargetListing.userNames(http).orElse(null);
        boolean more = true;
        while (more) {
            more = inTransaction(this::memberBatch);
        }
        if (mode == PushJobs.Mode.RECONCILE) {
            after = "";
            more = true;
            while (more) {
                more = inTransaction(this::linkBatch);
            }
        }
        return counts();
    }

    /** Captures the next batch of members in scope; false once there are none left. */
    private boolean memberBatch(KeycloakSession session) {
        TargetSettings target = target(session);
        List<Object[]> page = members(session, target, "select m.id, m.userId from MemberEntity m", Object[].class,
                " and m.id > :after order by m.id").setParameter("after", after).setMaxResults(BATCH).getResultList();
        if (page.isEmpty()) {
            return false;
        }
        List<String> userIds = new ArrayList<>(page.size());
        for (Object[] row : page) {
            userIds.add((String) row[1]);
        }
        after = (String) page.get(page.size() - 1)[0];
        queued += Outbox.recordAll(session, realmId, targetId, Outbox.USER, userIds, ORIGIN);
        if (atTarget != null) {
            matchListed(session, target, userIds);
        }
        examined += page.size();
        progress.report(session, counts());
        return page.size() == BATCH;
    }

    /**
     * For the batch's users that are not linked to the target yet: one the listing found is linked to it (adopted,
     * and its changes sent as updates); one it did not find is marked absent, so its create needs no lookup first.
     */
    private void matchListed(KeycloakSession session, TargetSettings target, List<String> userIds) {
        EntityManager em = Outbox.em(session);
        Map<String, String> linkIds = new HashMap<>();
        userIds.forEach(u -> linkIds.put(Outbox.rowId(targetId, Outbox.USER, u), u));
        Set<String> linked = new HashSet<>(em.createQuery("select l.localId from OutboxLinkEntity l"
                + " where l.id in :ids", String.class).setParameter("ids", linkIds.keySet()).getResultList());
        List<String> absent = new ArrayList<>();
        long now = System.currentTimeMillis();
        RealmModel realm = session.realms().getRealm(realmId);
        for (Object[] u : em.createQuery("select u.id, u.username from UserEntity u where u.id in :ids",
                Object[].class).setParameter("ids", userIds).getResultList()) {
            String userId = (String) u[0];
            if (linked.contains(userId)) {
                continue;
            }
            String remoteId = atTarget.get(((String) u[1]).toLowerCase(Locale.ROOT));
            if (remoteId == null) {
                absent.add(Outbox.rowId(targetId, Outbox.USER, userId));
                continue;
            }
            OutboxLinkEntity link = new OutboxLinkEntity();
            link.setId(Outbox.rowId(targetId, Outbox.USER, userId));
            link.setRealmId(realmId);
            link.setTargetId(targetId);
            link.setResourceType(Outbox.USER);
            link.setLocalId(userId);
            link.setRemoteId(remoteId);
            link.setUserName((String) u[1]);
            link.setUpdated(now);
            em.persist(link);
            new OutboxCapture(session).userLinked(realm, target, userId);
        }
        if (!absent.isEmpty()) {
            em.createQuery("update OutboxEntity o set o.absentSince = :now where o.id in :ids")
                    .setParameter("now", now).setParameter("ids", absent).executeUpdate();
        }
    }

    /** Captures the next batch of linked users who are gone or out of scope; false once there are none left. */
    private boolean linkBatch(KeycloakSession session) {
        TargetSettings target = target(session);
        EntityManager em = Outbox.em(session);
        List<OutboxLinkEntity> links = em.createQuery("select l from OutboxLinkEntity l where l.targetId = :targetId"
                        + " and l.resourceType = :type and l.id > :after order by l.id", OutboxLinkEntity.class)
                .setParameter("targetId", targetId).setParameter("type", Outbox.USER).setParameter("after", after)
                .setMaxResults(BATCH).getResultList();
        if (links.isEmpty()) {
            return false;
        }
        after = links.get(links.size() - 1).getId();
        List<String> localIds = links.stream().map(OutboxLinkEntity::getLocalId).toList();
        Map<String, Boolean> inScope = new HashMap<>();
        for (Object[] m : em.createQuery("select m.userId, m.state, m.roleKey, m.tierKey from MemberEntity m"
                        + " where m.realmId = :realmId and m.userId in :userIds", Object[].class)
                .setParameter("realmId", realmId).setParameter("userIds", localIds).getResultList()) {
            boolean holds = m[1] == MemberState.ACTIVE && target.scope().holds((String) m[2], (String) m[3]);
            inScope.merge((String) m[0], holds, Boolean::logicalOr);
        }
        List<String> leaving = localIds.stream().filter(id -> !inScope.getOrDefault(id, false)).toList();
        deprovisioned += Outbox.recordAll(session, realmId, targetId, Outbox.USER, leaving, ORIGIN);
        examined += links.size();
        progress.report(session, counts());
        return links.size() == BATCH;
    }

    /** A query over the active members of the realm that the target's scope holds. */
    private <T> TypedQuery<T> members(KeycloakSession session, TargetSettings target, String select, Class<T> type,
            String... tail) {
        String where = " where m.realmId = :realmId and m.state = :active" + switch (target.scope().kind()) {
            case ALL -> "";
            case TIERS -> " and m.tierKey in :keys";
            case ROLES -> " and m.roleKey in :keys";
        };
        TypedQuery<T> q = Outbox.em(session).createQuery(select + where + String.join("", tail), type)
                .setParameter("realmId", realmId).setParameter("active", MemberState.ACTIVE);
        if (target.scope().kind() != TargetSettings.ScopeKind.ALL) {
            q.setParameter("keys", target.scope().keys());
        }
        return q;
    }

    private TargetSettings target(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        TargetSettings target = realm == null ? null : new TargetStore(session, realm).find(targetId).orElse(null);
        if (target == null) {
            throw new Stopped("the target was removed");
        }
        if (!target.enabled()) {
            throw new Stopped("the target was disabled");
        }
        return target;
    }

    private boolean inTransaction(java.util.function.Function<KeycloakSession, Boolean> batch) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, batch::apply);
    }

    private Counts counts() {
        return new Counts(examined, total, queued, deprovisioned);
    }
}
