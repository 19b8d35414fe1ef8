package io.kcprovisioning.sync;

import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.store.PolicySavedEvent;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * When Syncs run by themselves: on a schedule (once per interval across the cluster: Keycloak's cluster-aware task
 * runner lets one node run each round), and after a policy is saved (in the background, once the save committed).
 */
public final class SyncScheduler {

    public static final String TASK_NAME = "provisioning-sync";
    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private SyncScheduler() {
    }

    /** The schedule's interval on this node, 0 when it is off. */
    private static volatile long intervalMillis;

    /** Schedules the periodic Sync of every realm that is not in Manual mode; {@code intervalSeconds <= 0}: none. */
    public static void schedule(KeycloakSessionFactory factory, long intervalSeconds) {
        intervalMillis = Math.max(0, intervalSeconds) * 1000;
        if (intervalSeconds <= 0) {
            LOG.info("Scheduled provisioning Sync is off");
            return;
        }
        long interval = intervalSeconds * 1000;
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, new SyncAllRealms(interval), interval),
                    interval, TASK_NAME);
        }
        LOG.infof("Provisioning Sync scheduled every %d seconds", intervalSeconds);
    }

    /**
     * When the schedule next starts a Sync of a realm in {@code mode} (epoch milliseconds), as well as this node can
     * tell: the last round's claim plus the interval (a round is claimed once per interval across the cluster), or
     * now plus the interval when no round ran yet. Empty when the schedule is off or the mode is Manual.
     */
    public static Optional<Long> nextRunAt(KeycloakSession session, ProvisioningMode mode) {
        long interval = intervalMillis;
        if (interval <= 0 || mode == ProvisioningMode.MANUAL) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        long leaseUntil = SyncJobs.leaseUntil(session, SyncAllRealms.ROUND_KEY);
        if (leaseUntil <= 0) {
            return Optional.of(now + interval);
        }
        long next = leaseUntil - interval * 9 / 10 + interval;
        if (next <= now) {
            next += ((now - next) / interval + 1) * interval;
        }
        return Optional.of(next);
    }

    /** After a policy is saved (not in Manual mode): a Sync in the background once the save committed. */
    public static void onEvent(ProviderEvent event) {
        if (event instanceof PolicySavedEvent saved && saved.policy().mode() != ProvisioningMode.MANUAL) {
            KeycloakSessionFactory factory = saved.session().getKeycloakSessionFactory();
            String realmId = saved.realm().getId();
            saved.session().getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    SyncJobs.start(factory, realmId, "policy");
                }

                @Override
                protected void rollbackImpl() {
                    // the policy was not saved: nothing to do
                }
            });
        }
    }

    /**
     * One round of the schedule: every realm that is not in Manual mode. Keycloak's cluster-aware runner only keeps
     * two nodes from running the task at the same moment; each node's timer still fires every interval. So a round
     * first claims the interval in the database (one conditional UPDATE of a lease row): the node that claims it
     * starts the Syncs, the others skip.
     */
    static final class SyncAllRealms implements ScheduledTask {

        static final String ROUND_KEY = "provisioning-schedule";
        private final long intervalMillis;

        SyncAllRealms(long intervalMillis) {
            this.intervalMillis = intervalMillis;
        }

        @Override
        public void run(KeycloakSession session) {
            if (!SyncJobs.claimRound(session.getKeycloakSessionFactory(), ROUND_KEY, intervalMillis)) {
                return;
            }
            List<String> realms = session.realms().getRealmsStream()
                    .filter(r -> RealmPolicyStore.get(r).mode() != ProvisioningMode.MANUAL)
                    .map(RealmModel::getId)
                    .toList();
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            for (String realmId : realms) {
                SyncJobs.start(factory, realmId, "schedule");
            }
        }

        @Override
        public String getTaskName() {
            return TASK_NAME;
        }
    }
}
