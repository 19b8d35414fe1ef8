package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.OutboxEntity;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.store.jpa.MemberEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * The delivery side of the outbox, each step one short transaction of the caller's: claim due rows (row locks
 * taken with {@code FOR UPDATE SKIP LOCKED}, so nodes claim different rows without waiting, then a lease written,
 * so the claim outlives the transaction) of the targets this node sends to ({@link TargetSenders}: one node per
 * target at a time) and read what to send; record an attempt's result; hand back rows whose
 * lease ran out (a node died mid-delivery).
 */
final class OutboxClaims {

    /** Hibernate's lock timeout meaning SKIP LOCKED (dropped on a database without it: the lease still holds). */
    private static final int SKIP_LOCKED = -2;
    private static final long DISABLED_TARGET_PAUSE_MILLIS = 60_000;
    /** How long after its last failure a paused target is probed by a claim (its circuit half-open). */
    static final long CIRCUIT_PROBE_MILLIS = 60_000;
    private static final SplittableRandom RANDOM = new SplittableRandom();

    /**
     * One claimed row with what to send: the row's change count at the claim, the target's client, and the user or
     * the group (the other null).
     */
    record Job(String rowId, String realmId, String targetId, long claimedSeq, int attempts, TargetHttp http,
            UserSnapshot user, GroupSnapshot group, boolean knownAbsent) {
    }

    private OutboxClaims() {
    }

    /** What one claim took: the rows to send, and whether it handed back a target's sender lease. */
    record Claimed(List<Job> jobs, boolean released) {
    }

    static Claimed claim(KeycloakSession session, String owner, int limit, long leaseMillis) {
        EntityManager em = Outbox.em(session);
        long now = System.currentTimeMillis();
        // a paused target's rows stay pending, unclaimed, until an admin resumes it or, once a minute after its
        // last failure, a claim probes it (half-open): a delivery closes the circuit, a failure waits another
        // minute; a target another node sends to keeps its rows for that node
        TargetSenders.Leases leases = TargetSenders.leases(session, owner, now);
        Set<String> elsewhere = leases.elsewhere();
        TypedQuery<OutboxEntity> due = em.createQuery("select o from OutboxEntity o where o.state = :pending"
                        + " and o.nextAttempt <= :now and o.targetId not in (select h.targetId from"
                        + " TargetHealthEntity h where h.pausedSince is not null and h.lastErrorAt > :probeAfter)"
                        + (elsewhere.isEmpty() ? "" : " and o.targetId not in :elsewhere")
                        + " order by o.nextAttempt",
                        OutboxEntity.class)
                .setParameter("pending", OutboxState.PENDING).setParameter("now", now)
                .setParameter("probeAfter", now - CIRCUIT_PROBE_MILLIS);
        if (!elsewhere.isEmpty()) {
            due.setParameter("elsewhere", elsewhere);
        }
        List<OutboxEntity> rows = due.setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .setMaxResults(limit)
                .getResultList();
        Map<String, String> targets = new TreeMap<>();
        rows.forEach(row -> targets.put(row.getTargetId(), row.getRealmId()));
        TargetSenders.Held held = TargetSenders.hold(session, owner, leases, targets, now, leaseMillis);
        List<Job> jobs = new ArrayList<>();
        Map<String, Optional<TargetHttp>> clients = new java.util.HashMap<>(); // a target's client once a claim
        for (OutboxEntity row : rows) {
            if (row.getState() != OutboxState.PENDING || !held.targets().contains(row.getTargetId())) {
                // another claim took it (a database without SKIP LOCKED waited for the row), or another node
                // took the target's lease since this claim looked: left as it is
                continue;
            }
            Optional<Job> job = job(session, row, clients);
            if (job.isEmpty()) {
                row.setNextAttempt(now + DISABLED_TARGET_PAUSE_MILLIS);
                row.setLastError("the target is disabled, or has no secret: set auth.secret or auth.secretRef");
                continue;
            }
            row.setState(OutboxState.IN_FLIGHT);
            row.setLeaseOwner(owner);
            row.setLeaseUntil(now + leaseMillis);
            jobs.add(job.get());
        }
        return new Claimed(jobs, held.released());
    }

    private static Optional<Job> job(KeycloakSession session, OutboxEntity row,
            Map<String, Optional<TargetHttp>> clients) {
        RealmModel realm = session.realms().getRealm(row.getRealmId());
        if (realm == null) {
            return Optional.empty();
        }
        session.getContext().setRealm(realm); // the vault and the realm's keys are read in the realm's context
        Optional<TargetHttp> http = clients.computeIfAbsent(row.getTargetId(), id -> {
            TargetStore targets = new TargetStore(session, realm);
            return targets.find(id).filter(TargetSettings::enabled).flatMap(targets::http);
        });
        if (http.isEmpty()) {
            return Optional.empty();
        }
        TargetSettings target = http.get().target();
        if (Outbox.GROUP.equals(row.getResourceType())) {
            GroupSnapshot group = new GroupMembers(session, realm).snapshot(target, row.getResourceId());
            return Optional.of(new Job(row.getId(), row.getRealmId(), row.getTargetId(), row.getSeq(),
                    row.getAttempts(), http.get(), null, group, false));
        }
        UserSnapshot user = snapshot(session, realm, target, row.getResourceId());
        return Optional.of(new Job(row.getId(), row.getRealmId(), row.getTargetId(), row.getSeq(), row.getAttempts(),
                http.get(), user, null, row.getAbsentSince() != null));
    }

    /**
     * The user as the database holds it now, past this node's user cache: in a cluster, the change being delivered
     * may have been made on the other node a moment ago, and this node's cache may not have heard of it yet (a
     * stale read sent the old state and marked the change delivered).
     */
    static UserModel storedUser(KeycloakSession session, RealmModel realm, String userId) {
        UserProvider stored = session.getProvider(UserProvider.class, "jpa");
        return (stored != null ? stored : session.users()).getUserById(realm, userId);
    }

    static UserSnapshot snapshot(KeycloakSession session, RealmModel realm, TargetSettings target, String userId) {
        EntityManager em = Outbox.em(session);
        OutboxLinkEntity link = em.find(OutboxLinkEntity.class, Outbox.rowId(target.id(), Outbox.USER, userId));
        String remoteId = link == null ? null : link.getRemoteId();
        String linkedName = link == null ? null : link.getUserName();
        UserModel user = storedUser(session, realm, userId);
        if (user == null) {
            return new UserSnapshot(userId, false, false, linkedName, null, null, null, false, null, null, null, null,
                    remoteId, linkedName);
        }
        MemberEntity member = em.createNamedQuery("provMemberByUser", MemberEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultList().stream().findFirst().orElse(null);
        boolean active = member != null && member.getState() == MemberState.ACTIVE;
        String role = active ? member.getRoleKey() : null;
        String tier = active ? member.getTierKey() : null;
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        String roleName = policy.roles().stream().filter(r -> r.key().equals(role)).map(RoleDefinition::name)
                .findFirst().orElse(null);
        String tierName = policy.seatTiers().stream().filter(t -> t.key().equals(tier))
                .map(SeatTierDefinition::name).findFirst().orElse(null);
        return new UserSnapshot(userId, true, active && target.scope().holds(role, tier), user.getUsername(),
                user.getFirstName(), user.getLastName(), user.getEmail(), user.isEnabled(), role, roleName, tier,
                tierName, remoteId, linkedName);
    }

    /**
     * Renews, until {@code until}, the leases of the jobs' rows this node still holds and those of their targets'
     * sender rows, while it is still at work on them (a rate-limited target's batch can take longer than a lease).
     */
    static void renew(KeycloakSession session, String owner, List<Job> jobs, long until) {
        EntityManager em = Outbox.em(session);
        // a row a capture is writing just now is skipped (renewed next time): this never waits holding rows
        List<OutboxEntity> rows = em.createQuery("select o from OutboxEntity o where o.id in :ids"
                        + " and o.leaseOwner = :owner and o.state = :inFlight order by o.id", OutboxEntity.class)
                .setParameter("ids", jobs.stream().map(Job::rowId).toList()).setParameter("owner", owner)
                .setParameter("inFlight", OutboxState.IN_FLIGHT)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
        rows.forEach(row -> row.setLeaseUntil(until));
        TargetSenders.renew(session, owner, jobs.stream().map(Job::targetId).distinct().sorted().toList(), until);
    }

    /** One attempt's job and what came of it. */
    record Attempt(Job job, UserDelivery.Result result) {
    }

    /** What {@link #finishAll} did: the attempts it recorded, and those whose rows it left to record one by one. */
    record Finished(List<Attempt> recorded, List<Attempt> left) {
    }

    /**
     * Records an attempt's result, if this node still holds the row's lease; returns whether it did (the round then
     * counts it in the target's health, {@link TargetHealth#count}).
     */
    static boolean finish(KeycloakSession session, String owner, Job job, UserDelivery.Result result) {
        OutboxEntity row = Outbox.em(session).find(OutboxEntity.class, job.rowId(), LockModeType.PESSIMISTIC_WRITE);
        return finish(session, owner, row, job, result);
    }

    /**
     * Records the results of users' rows in one transaction (one commit for a round instead of one per result). The
     * rows are locked with SKIP LOCKED, so this never waits while it holds others: a row a capture is writing just
     * now is left to be recorded on its own after. Groups' rows are never given here (a user's first link captures
     * its groups' rows in the recording transaction: two batches holding each other's group rows could wait in a
     * cycle).
     */
    static Finished finishAll(KeycloakSession session, String owner, List<Attempt> attempts) {
        Map<String, Attempt> byRow = new java.util.LinkedHashMap<>();
        attempts.forEach(a -> byRow.put(a.job().rowId(), a));
        List<OutboxEntity> rows = Outbox.em(session).createQuery("select o from OutboxEntity o where o.id in :ids"
                        + " order by o.id", OutboxEntity.class)
                .setParameter("ids", byRow.keySet())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
        List<Attempt> recorded = new ArrayList<>();
        for (OutboxEntity row : rows) {
            Attempt a = byRow.remove(row.getId());
            if (a != null && finish(session, owner, row, a.job(), a.result())) {
                recorded.add(a);
            }
        }
        // locked by another transaction, or gone with its target: each tried on its own
        return new Finished(recorded, List.copyOf(byRow.values()));
    }

    private static boolean finish(KeycloakSession session, String owner, OutboxEntity row, Job job,
            UserDelivery.Result result) {
        if (row == null || row.getState() != OutboxState.IN_FLIGHT || !owner.equals(row.getLeaseOwner())) {
            return false; // the target was removed, or the lease ran out and another node took the row
        }
        long now = System.currentTimeMillis();
        link(session, row, job, result, now);
        boolean changedSince = row.getSeq() > job.claimedSeq();
        DeliveryOutcome outcome = result.outcome();
        switch (outcome.kind()) {
            case DELIVERED -> {
                row.setAttempts(0);
                row.setLastError(null);
                row.setDelivered(now);
                row.setState(changedSince ? OutboxState.PENDING : OutboxState.IDLE);
                row.setPendingSince(changedSince ? Long.valueOf(now) : null);
                row.setNextAttempt(now);
            }
            case RETRY -> {
                int failures = row.getAttempts() + 1;
                row.setAttempts(failures);
                row.setLastError(outcome.error());
                if (Backoff.exhausted(failures)) {
                    row.setState(OutboxState.DEAD);
                } else {
                    row.setState(OutboxState.PENDING);
                    row.setNextAttempt(now + Backoff.delayMillis(failures, outcome.retryAfterMillis(), RANDOM));
                }
            }
            case DEAD -> {
                row.setAttempts(row.getAttempts() + 1);
                row.setLastError(outcome.error());
                // a change made since may be one the target takes: try that once more
                row.setState(changedSince ? OutboxState.PENDING : OutboxState.DEAD);
                row.setNextAttempt(now);
            }
        }
        row.setLeaseOwner(null);
        row.setLeaseUntil(0);
        row.setUpdated(now);
        row.setAbsentSince(null); // linked now, or the next attempt looks the user up first
        return true;
    }

    private static void link(KeycloakSession session, OutboxEntity row, Job job, UserDelivery.Result result,
            long now) {
        EntityManager em = Outbox.em(session);
        String id = Outbox.rowId(row.getTargetId(), row.getResourceType(), row.getResourceId());
        OutboxLinkEntity link = em.find(OutboxLinkEntity.class, id);
        if (result.unlink()) {
            if (link != null) {
                em.remove(link);
            }
            return;
        }
        if (result.linkTo() == null) {
            return;
        }
        boolean fresh = link == null;
        if (fresh) {
            link = new OutboxLinkEntity();
            link.setId(id);
            link.setRealmId(row.getRealmId());
            link.setTargetId(row.getTargetId());
            link.setResourceType(row.getResourceType());
            link.setLocalId(row.getResourceId());
        }
        link.setRemoteId(result.linkTo());
        if (job.user() != null && job.user().exists()) {
            link.setUserName(job.user().userName());
        }
        link.setUpdated(now);
        if (fresh) {
            em.persist(link);
            if (job.user() != null) {
                // the policy groups this user is in can name it now
                RealmModel realm = session.realms().getRealm(row.getRealmId());
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    new OutboxCapture(session).userLinked(realm, job.http().target(), row.getResourceId());
                }
            }
        }
    }

    /** Hands back rows whose lease ran out; returns how many. */
    static int reap(KeycloakSession session) {
        return Outbox.em(session).createQuery("update OutboxEntity o set o.state = :pending, o.leaseOwner = null,"
                        + " o.leaseUntil = 0 where o.state = :inFlight and o.leaseUntil < :now")
                .setParameter("pending", OutboxState.PENDING).setParameter("inFlight", OutboxState.IN_FLIGHT)
                .setParameter("now", System.currentTimeMillis()).executeUpdate();
    }
}
