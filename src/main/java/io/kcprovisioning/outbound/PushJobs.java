package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.PushJobEntity;
import io.kcprovisioning.outbound.jpa.PushLeaseEntity;
import io.kcprovisioning.store.jpa.RowCreation;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs full pushes and reconciles of targets in the background ({@link FullPush} does the work), one per target
 * across the cluster, the way {@code SyncJobs} runs Syncs: a job row records progress and counts; the target's
 * lease row (one conditional UPDATE) keeps a second node or a second request from running another at the same
 * time, and is renewed in the transaction of every batch. A node that dies mid-job lets its lease run out; the next
 * push of that target marks the job it left as failed.
 */
public final class PushJobs {

    public static final long LEASE_MILLIS = 120_000;
    public static final int LISTED = 20;
    private static final Logger LOG = Logger.getLogger(PushJobs.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** One thread per running push; pushes run one per target, so there are as many as targets at most. */
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "provisioning-push-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private PushJobs() {
    }

    /** What a push does: send everyone in scope, or that and take back what the target should no longer have. */
    public enum Mode {
        FULL, RECONCILE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "full" -> Optional.of(FULL);
                case "reconcile" -> Optional.of(RECONCILE);
                default -> Optional.empty();
            };
        }
    }

    /** Job states. */
    public enum State { RUNNING, DONE, FAILED }

    /** The job a start answers with, and whether this start began it (false: it was running already). */
    public record Started(PushJobEntity job, boolean began) {
    }

    /**
     * Starts a push of the target in the background, unless one is running somewhere in the cluster (then that
     * one's job is returned). Call outside of any transaction that must see the job (it commits its own).
     */
    public static Started start(KeycloakSessionFactory factory, String realmId, String targetId, Mode mode,
            String triggeredBy) {
        String jobId = KeycloakModelUtils.generateId();
        Optional<PushJobEntity> running = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> acquire(session, realmId, targetId, jobId, mode, triggeredBy));
        if (running.isPresent()) {
            return new Started(running.get(), false);
        }
        EXECUTOR.submit(() -> run(factory, realmId, targetId, jobId, mode));
        return new Started(KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> em(session).find(PushJobEntity.class, jobId)), true);
    }

    /** The target's job {@code jobId}, if it is one of this target's. */
    public static Optional<PushJobEntity> job(KeycloakSession session, String targetId, String jobId) {
        return Optional.ofNullable(em(session).find(PushJobEntity.class, jobId))
                .filter(j -> j.getTargetId().equals(targetId));
    }

    /** The target's latest jobs, newest first. */
    public static List<PushJobEntity> recent(KeycloakSession session, String targetId, int max) {
        return em(session).createQuery("select j from PushJobEntity j where j.targetId = :targetId"
                        + " order by j.started desc, j.id", PushJobEntity.class)
                .setParameter("targetId", targetId)
                .setMaxResults(max)
                .getResultList();
    }

    /** Takes the target's lease and records a RUNNING job; or returns the job that holds the lease. */
    private static Optional<PushJobEntity> acquire(KeycloakSession session, String realmId, String targetId,
            String jobId, Mode mode, String triggeredBy) {
        EntityManager em = em(session);
        long now = System.currentTimeMillis();
        if (em.find(PushLeaseEntity.class, targetId) == null) {
            RowCreation.createIfMissing(session.getKeycloakSessionFactory(), PushLeaseEntity.class, targetId, () -> {
                PushLeaseEntity lease = new PushLeaseEntity();
                lease.setTargetId(targetId);
                lease.setRealmId(realmId);
                lease.setLeaseUntil(0);
                return lease;
            });
        }
        int taken = em.createQuery("update PushLeaseEntity l set l.jobId = :jobId, l.leaseUntil = :until"
                        + " where l.targetId = :targetId and l.leaseUntil < :now")
                .setParameter("jobId", jobId).setParameter("until", now + LEASE_MILLIS)
                .setParameter("targetId", targetId).setParameter("now", now)
                .executeUpdate();
        if (taken == 0) {
            PushLeaseEntity lease = em.find(PushLeaseEntity.class, targetId);
            em.refresh(lease);
            Optional<PushJobEntity> running = Optional.ofNullable(lease.getJobId())
                    .map(id -> em.find(PushJobEntity.class, id));
            if (running.isPresent()) {
                return running;
            }
            throw new IllegalStateException("the push lease of target " + targetId + " is held without a job");
        }
        // a job whose node died without releasing the lease
        em.createQuery("update PushJobEntity j set j.state = :failed, j.error = 'abandoned (its node stopped)',"
                        + " j.finished = :now where j.targetId = :targetId and j.state = :running")
                .setParameter("failed", State.FAILED.name()).setParameter("running", State.RUNNING.name())
                .setParameter("now", now).setParameter("targetId", targetId).executeUpdate();
        PushJobEntity job = new PushJobEntity();
        job.setId(jobId);
        job.setRealmId(realmId);
        job.setTargetId(targetId);
        job.setMode(mode.wireName());
        job.setState(State.RUNNING.name());
        job.setTriggeredBy(triggeredBy.length() <= 255 ? triggeredBy : triggeredBy.substring(0, 255));
        job.setNode(OutboundDelivery.NODE);
        job.setStarted(now);
        em.persist(job);
        return Optional.empty();
    }

    private static void run(KeycloakSessionFactory factory, String realmId, String targetId, String jobId,
            Mode mode) {
        try {
            FullPush.Counts counts = new FullPush(factory, realmId, targetId, mode,
                    (session, progress) -> record(session, targetId, jobId, progress)).run();
            finish(factory, targetId, jobId, State.DONE, counts, null);
            LOG.infof("Push %s (%s) of target %s: %d examined, %d queued, %d to deprovision", jobId,
                    mode.wireName(), targetId, counts.examined(), counts.queued(), counts.deprovisioned());
        } catch (FullPush.Stopped e) {
            finish(factory, targetId, jobId, State.FAILED, null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Push %s of target %s failed", jobId, targetId);
            finish(factory, targetId, jobId, State.FAILED, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Records how far the job is and renews its lease, in the transaction of the batch it reports; a job that lost
     * its lease (it ran out and another push took it) stops, and its batch rolls back.
     */
    private static void record(KeycloakSession session, String targetId, String jobId, FullPush.Counts counts) {
        EntityManager em = em(session);
        int renewed = em.createQuery("update PushLeaseEntity l set l.leaseUntil = :until where l.targetId = :targetId"
                        + " and l.jobId = :jobId")
                .setParameter("until", System.currentTimeMillis() + LEASE_MILLIS)
                .setParameter("targetId", targetId).setParameter("jobId", jobId).executeUpdate();
        if (renewed == 0) {
            throw new FullPush.Stopped("lost its lease to another push of the target");
        }
        PushJobEntity job = em.find(PushJobEntity.class, jobId);
        if (job != null) {
            write(job, counts);
        }
    }

    private static void write(PushJobEntity job, FullPush.Counts counts) {
        job.setExamined(counts.examined());
        job.setTotal(counts.total());
        job.setQueued(counts.queued());
        job.setDeprovisioned(counts.deprovisioned());
    }

    private static void finish(KeycloakSessionFactory factory, String targetId, String jobId, State state,
            FullPush.Counts counts, String error) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            int released = em.createQuery("update PushLeaseEntity l set l.leaseUntil = 0, l.jobId = null"
                            + " where l.targetId = :targetId and l.jobId = :jobId")
                    .setParameter("targetId", targetId).setParameter("jobId", jobId).executeUpdate();
            PushJobEntity job = em.find(PushJobEntity.class, jobId);
            if (job == null || (released == 0 && state == State.DONE)) {
                return; // the target was removed, or another push took over: that one's start marked this failed
            }
            job.setState(state.name());
            job.setFinished(System.currentTimeMillis());
            if (counts != null) {
                write(job, counts);
            }
            job.setError(error == null ? null : error.substring(0, Math.min(2000, error.length())));
        });
    }

    private static EntityManager em(KeycloakSession session) {
        return Outbox.em(session);
    }
}
