package io.kcprovisioning.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.policy.PlannedChange;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.store.jpa.RowCreation;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs Syncs in the background, one per realm across the cluster: a job row records progress and counts; the
 * realm's lease row (one conditional UPDATE) keeps a second node or a second request from running another at the
 * same time. A node that dies mid-job lets its lease run out; the next Sync marks the job it left as failed.
 */
public final class SyncJobs {

    public static final long LEASE_MILLIS = 120_000;
    public static final int LISTED = 20;
    private static final Logger LOG = Logger.getLogger(SyncJobs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "provisioning-sync");
        t.setDaemon(true);
        return t;
    });

    private SyncJobs() {
    }

    /** Job states. */
    public enum State { RUNNING, DONE, FAILED }

    /**
     * Starts a Sync of the realm in the background, unless one is running somewhere in the cluster (then that
     * one's job is returned). Call outside of any transaction that must see the job (it commits its own).
     */
    public static SyncJobEntity start(KeycloakSessionFactory factory, String realmId, String triggeredBy) {
        String jobId = KeycloakModelUtils.generateId();
        Optional<SyncJobEntity> running = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> acquire(session, realmId, jobId, triggeredBy));
        if (running.isPresent()) {
            return running.get();
        }
        EXECUTOR.submit(() -> runJob(factory, realmId, jobId));
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> job(session, jobId).orElseThrow());
    }


    public static Optional<SyncJobEntity> job(KeycloakSession session, String jobId) {
        EntityManager em = em(session);
        return Optional.ofNullable(em.find(SyncJobEntity.class, jobId));
    }

    public static List<SyncJobEntity> recent(KeycloakSession session, String realmId, int max) {
        return em(session).createQuery("select j from SyncJobEntity j where j.realmId = :realmId"
                        + " order by j.started desc, j.id", SyncJobEntity.class)
                .setParameter("realmId", realmId)
                .setMaxResults(max)
                .getResultList();
    }

    /** Until when the lease row {@code key} is held (epoch milliseconds); 0 when free or missing. */
    static long leaseUntil(KeycloakSession session, String key) {
        SyncLeaseEntity lease = em(session).find(SyncLeaseEntity.class, key);
        return lease == null ? 0 : lease.getLeaseUntil();
    }

    /** Takes the realm's lease and records a RUNNING job; or returns the job that holds the lease. */
    private static Optional<SyncJobEntity> acquire(KeycloakSession session, String realmId, String jobId,
            String triggeredBy) {
        EntityManager em = em(session);
        long now = System.currentTimeMillis();
        if (em.find(SyncLeaseEntity.class, realmId) == null) {
            createLeaseRow(session.getKeycloakSessionFactory(), realmId);
        }
        int taken = em.createQuery("update SyncLeaseEntity l set l.jobId = :jobId, l.leaseUntil = :until"
                        + " where l.realmId = :realmId and l.leaseUntil < :now")
                .setParameter("jobId", jobId).setParameter("until", now + LEASE_MILLIS)
                .setParameter("realmId", realmId).setParameter("now", now)
                .executeUpdate();
        if (taken == 0) {
            SyncLeaseEntity lease = em.find(SyncLeaseEntity.class, realmId);
            em.refresh(lease);
            return Optional.ofNullable(lease.getJobId()).map(id -> em.find(SyncJobEntity.class, id));
        }
        // a job whose node died without releasing the lease
        em.createQuery("update SyncJobEntity j set j.state = 'FAILED', j.error = 'abandoned (its node stopped)',"
                        + " j.finished = :now where j.realmId = :realmId and j.state = 'RUNNING'")
                .setParameter("now", now).setParameter("realmId", realmId).executeUpdate();
        SyncJobEntity job = new SyncJobEntity();
        job.setId(jobId);
        job.setRealmId(realmId);
        job.setState(State.RUNNING.name());
        job.setTriggeredBy(triggeredBy);
        job.setNode(nodeName());
        job.setStarted(now);
        em.persist(job);
        return Optional.empty();
    }

    /**
     * Claims one round of a periodic task for the whole cluster: true for exactly one node per interval (the lease
     * row of {@code key} runs until 90 % of the interval from now).
     */
    static boolean claimRound(KeycloakSessionFactory factory, String key, long intervalMillis) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = em(session);
            if (em.find(SyncLeaseEntity.class, key) == null) {
                createLeaseRow(factory, key);
            }
            long now = System.currentTimeMillis();
            return em.createQuery("update SyncLeaseEntity l set l.leaseUntil = :until where l.realmId = :key"
                            + " and l.leaseUntil < :now")
                    .setParameter("until", now + intervalMillis * 9 / 10)
                    .setParameter("key", key).setParameter("now", now)
                    .executeUpdate() == 1;
        });
    }

    private static void createLeaseRow(KeycloakSessionFactory factory, String realmId) {
        RowCreation.createIfMissing(factory, SyncLeaseEntity.class, realmId, () -> {
            SyncLeaseEntity lease = new SyncLeaseEntity();
            lease.setRealmId(realmId);
            lease.setLeaseUntil(0);
            return lease;
        });
    }

    private static void runJob(KeycloakSessionFactory factory, String realmId, String jobId) {
        try {
            ProvisioningPolicy policy = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                return realm == null ? null : RealmPolicyStore.get(realm);
            });
            SyncService.Report report = policy == null || policy.mode() == ProvisioningMode.MANUAL
                    ? new SyncService.Report(Map.of(), Map.of(), 0)
                    : SyncService.run(factory, realmId, policy, LISTED, new SyncService.Progress() {
                        @Override
                        public void planned(long examined, long toApply) {
                            progress(factory, realmId, jobId, job -> {
                                job.setExamined(examined);
                                job.setTotal(toApply);
                            });
                        }

                        @Override
                        public void applied(long applied) {
                            progress(factory, realmId, jobId, job -> job.setApplied(applied));
                        }
                    });
            finish(factory, realmId, jobId, State.DONE, report, null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Sync %s of realm %s failed", jobId, realmId);
            finish(factory, realmId, jobId, State.FAILED, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Records how far the job is, and extends the lease of the realm's Sync while it runs. */
    private static void progress(KeycloakSessionFactory factory, String realmId, String jobId,
            java.util.function.Consumer<SyncJobEntity> update) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            SyncJobEntity job = em.find(SyncJobEntity.class, jobId);
            if (job != null) {
                update.accept(job);
            }
            em.createQuery("update SyncLeaseEntity l set l.leaseUntil = :until where l.realmId = :realmId"
                            + " and l.jobId = :jobId")
                    .setParameter("until", System.currentTimeMillis() + LEASE_MILLIS)
                    .setParameter("realmId", realmId).setParameter("jobId", jobId).executeUpdate();
        });
    }

    private static void finish(KeycloakSessionFactory factory, String realmId, String jobId, State state,
            SyncService.Report report, String error) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            SyncJobEntity job = em.find(SyncJobEntity.class, jobId);
            if (job != null) {
                job.setState(state.name());
                job.setFinished(System.currentTimeMillis());
                if (report != null) {
                    job.setExamined(report.examined());
                    job.setCounts(counts(report.counts()));
                }
                job.setError(error == null ? null : error.substring(0, Math.min(2000, error.length())));
            }
            em.createQuery("update SyncLeaseEntity l set l.leaseUntil = 0, l.jobId = null where l.realmId = :realmId"
                            + " and l.jobId = :jobId")
                    .setParameter("realmId", realmId).setParameter("jobId", jobId).executeUpdate();
        });
    }

    static String counts(Map<PlannedChange.Kind, Long> counts) {
        try {
            return JSON.writeValueAsString(counts.entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
