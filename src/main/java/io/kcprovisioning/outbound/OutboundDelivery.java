package io.kcprovisioning.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Sends the outbox, never on a request thread and never inside a database transaction: delivery loops on the
 * extension's own worker threads claim due rows in one short transaction ({@link OutboxClaims#claim}), call the
 * targets over Keycloak's HTTP client, and record the users' results in one short transaction
 * ({@link OutboxClaims#finishAll}; groups' results one by one), then count them in the target's health once. A
 * kick after every commit that recorded a change keeps latency low; a periodic tick (Keycloak's timer, its own task
 * name and cluster lock key) hands back expired leases and picks up retries that fell due.
 */
public final class OutboundDelivery {

    public static final String TASK_NAME = "provisioning-outbound-delivery";
    private static final int RECORD_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(OutboundDelivery.class);
    private static final long CAPABILITIES_TTL_MILLIS = 5 * 60_000;
    /** Who holds a lease: this node. */
    static final String NODE = nodeName();

    /** Rows one delivery loop claims at a time. */
    static final int BATCH = 8;

    private static volatile ExecutorService workers;
    private static volatile int maxLoops = 1;
    private static final AtomicInteger LOOPS = new AtomicInteger();
    private static final AtomicBoolean AGAIN = new AtomicBoolean();
    private static final Map<String, Capabilities> CAPABILITIES = new ConcurrentHashMap<>();

    private record Capabilities(TargetCapabilities value, long fetchedAt) {
    }

    private OutboundDelivery() {
    }

    /** Starts the workers and the periodic tick. */
    static void start(KeycloakSessionFactory factory, OutboundOptions options) {
        workers = Executors.newFixedThreadPool(options.workers(), daemon("provisioning-outbound"));
        maxLoops = options.workers();
        if (options.tickSeconds() <= 0) {
            LOG.info("Outbound delivery tick is off: changes are sent after each commit only");
            return;
        }
        long interval = options.tickSeconds() * 1000;
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(new ClusterAwareScheduledTaskRunner(factory,
                    new ProvisioningOutboundTick(), interval), interval, TASK_NAME);
        }
    }

    /**
     * Delivers what is due, soon: a delivery loop on the worker threads claims a batch, sends it and records the
     * results, until nothing is due. A loop that claims a full batch starts another (up to one per worker), so
     * the loops grow with the backlog and shrink to none when it is gone; a kick while every loop is busy makes
     * one of them look again before it stops.
     */
    public static void kick(KeycloakSessionFactory factory) {
        AGAIN.set(true);
        startLoop(factory);
    }

    private static void startLoop(KeycloakSessionFactory factory) {
        ExecutorService pool = workers;
        if (pool == null) {
            return; // not started yet: the first tick delivers
        }
        int n;
        do {
            n = LOOPS.get();
            if (n >= maxLoops) {
                return;
            }
        } while (!LOOPS.compareAndSet(n, n + 1));
        try {
            pool.execute(() -> loop(factory));
        } catch (RuntimeException rejected) {
            LOOPS.decrementAndGet();
        }
    }

    private static void loop(KeycloakSessionFactory factory) {
        try {
            while (true) {
                OutboxClaims.Claimed claimed = round(factory);
                // a claim that handed a target back looks once more: a change another node recorded while this
                // node still held the target was left to this node, and is due now
                if (claimed.jobs().isEmpty() && !claimed.released() && !AGAIN.getAndSet(false)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbound delivery round failed: %s", e.toString());
        } finally {
            LOOPS.decrementAndGet();
            if (AGAIN.get()) {
                startLoop(factory);
            }
        }
    }

    /** Claims a batch, sends it, records each result; returns what it claimed. */
    private static OutboxClaims.Claimed round(KeycloakSessionFactory factory) {
        OutboundOptions options = OutboundOptions.current();
        long leaseMillis = options.leaseSeconds() * 1000;
        OutboxClaims.Claimed claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                s -> OutboxClaims.claim(s, NODE, BATCH, leaseMillis));
        List<OutboxClaims.Job> jobs = claimed.jobs();
        if (jobs.size() == BATCH) {
            startLoop(factory); // more is probably due: another loop shares the backlog
        }
        List<OutboxClaims.Attempt> users = new ArrayList<>();
        List<OutboxClaims.Attempt> alone = new ArrayList<>();
        long renewAt = System.currentTimeMillis() + leaseMillis / 2;
        for (int i = 0; i < jobs.size(); i++) {
            OutboxClaims.Job job = jobs.get(i);
            if (System.currentTimeMillis() > renewAt) {
                // a slow or rate-limited target: the leases of what is left to send outlive the sending, so no
                // other node takes the target or these rows while this node is at work on them
                List<OutboxClaims.Job> left = jobs.subList(i, jobs.size());
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> OutboxClaims.renew(s, NODE, left,
                            System.currentTimeMillis() + leaseMillis));
                } catch (RuntimeException e) {
                    LOG.debugf("Outbound delivery: leases not renewed: %s", e.toString());
                }
                renewAt = System.currentTimeMillis() + leaseMillis / 2;
            }
            try {
                UserDelivery.Result result = send(job);
                if (result.outcome().kind() != DeliveryOutcome.Kind.DELIVERED) {
                    LOG.debugf("Outbound change %s to target %s: %s (%s)", job.rowId(), job.http().target().name(),
                            result.outcome().kind(), result.outcome().error());
                }
                (job.group() == null ? users : alone).add(new OutboxClaims.Attempt(job, result));
            } catch (RuntimeException e) {
                // not recorded: the row's lease runs out and the reaper hands it back
                LOG.warnf(e, "Outbound change %s not sent", job.rowId());
            }
        }
        List<OutboxClaims.Attempt> recorded = new ArrayList<>();
        if (!users.isEmpty()) {
            try {
                OutboxClaims.Finished finished = inShortTransaction(factory, "results of " + users.size()
                        + " outbound changes", s -> OutboxClaims.finishAll(s, NODE, users));
                recorded.addAll(finished.recorded());
                alone.addAll(finished.left());
            } catch (RuntimeException e) {
                LOG.debugf("Outbound delivery: a round's results not recorded together, one by one now: %s",
                        e.toString());
                alone.addAll(users);
            }
        }
        // a group's result, or a user's whose row another transaction held: a short transaction each, one outbox
        // row lock at a time, so recording never waits in a cycle with a request that captures several rows
        for (OutboxClaims.Attempt a : alone) {
            try {
                if (inShortTransaction(factory, "result of outbound change " + a.job().rowId(),
                        s -> OutboxClaims.finish(s, NODE, a.job(), a.result()))) {
                    recorded.add(a);
                }
            } catch (RuntimeException e) {
                // not recorded: the row's lease runs out and the reaper hands it back
                LOG.warnf(e, "Outbound change %s not recorded", a.job().rowId());
            }
        }
        Map<String, HealthTally> tallies = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (OutboxClaims.Attempt a : recorded) {
            tallies.computeIfAbsent(a.job().targetId(), t -> new HealthTally(a.job().realmId(),
                    a.job().http().target().name())).add(a.result().outcome(), now);
        }
        tallies.forEach((targetId, tally) -> count(factory, targetId, tally, options.circuitAfter()));
        return claimed;
    }

    /** Counts a round's results in the target's health, once, and says when they opened its circuit. */
    private static void count(KeycloakSessionFactory factory, String targetId, HealthTally tally, int circuitAfter) {
        try {
            TargetHealth.ensure(factory, tally.realmId(), targetId);
            boolean opened = inShortTransaction(factory, "health of outbound target " + targetId,
                    s -> TargetHealth.count(s, targetId, tally, circuitAfter));
            if (opened) {
                LOG.warnf("Outbound target %s paused after %d failed attempts in a row; its changes are kept."
                        + " Resume it at POST .../provisioning/targets/%s/resume", tally.targetName(), circuitAfter,
                        targetId);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Outbound target %s: a round's results not counted in its health", targetId);
        }
    }

    /**
     * Runs {@code job} in a short transaction of its own, again when the database chose it as a deadlock victim or
     * its locks timed out: a user's result and the group it joined meet on the group's outbox row. Unrecorded, a
     * result's row would wait for its lease to run out.
     */
    private static <T> T inShortTransaction(KeycloakSessionFactory factory, String what,
            java.util.function.Function<KeycloakSession, T> job) {
        for (int attempt = 1; ; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory, job::apply);
            } catch (RuntimeException e) {
                if (attempt >= RECORD_ATTEMPTS || !isLockConflict(e)) {
                    throw e;
                }
                LOG.debugf("Outbound delivery: the %s met a lock conflict, attempt %d", what, attempt);
                try {
                    Thread.sleep(25L * attempt + ThreadLocalRandom.current().nextLong(25));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A deadlock, a lock timeout or a serialization failure, anywhere in the causes. */
    static boolean isLockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static UserDelivery.Result send(OutboxClaims.Job job) {
        TargetHttp http = job.http();
        try {
            if (job.group() != null) {
                return new GroupDelivery(http, capabilities(http), http.target()).deliver(job.group());
            }
            return new UserDelivery(http, capabilities(http), http.target()).deliver(job.user(), job.knownAbsent());
        } catch (TargetHttp.Refused e) {
            return UserDelivery.Result.of(DeliveryOutcome.dead(e.getMessage()));
        } catch (TargetHttp.TokenRefused e) {
            return UserDelivery.Result.of(e.status() >= 500 || e.status() == 429 || e.status() == 408
                    ? DeliveryOutcome.retry(e.getMessage()) : DeliveryOutcome.dead(e.getMessage()));
        }
    }

    /** The target's ServiceProviderConfig, read again every few minutes; RFC 7644's core when it cannot be read. */
    private static TargetCapabilities capabilities(TargetHttp http) {
        String key = http.target().id() + "@" + http.target().baseUrl();
        Capabilities cached = CAPABILITIES.get(key);
        long now = System.currentTimeMillis();
        if (cached != null && now - cached.fetchedAt() < CAPABILITIES_TTL_MILLIS) {
            return cached.value();
        }
        try {
            TargetHttp.Reply reply = http.send("GET", "/ServiceProviderConfig", null);
            if (reply.ok()) {
                TargetCapabilities caps = TargetCapabilities.parse(reply.json());
                CAPABILITIES.put(key, new Capabilities(caps, now));
                return caps;
            }
        } catch (IOException e) {
            // the calls that follow fail the same way and are retried
        }
        return TargetCapabilities.MINIMAL;
    }

    /** The periodic tick; its simple class name is the cluster lock key of Keycloak's task runner. */
    static final class ProvisioningOutboundTick implements ScheduledTask {

        @Override
        public void run(KeycloakSession session) {
            int reaped = OutboxClaims.reap(session);
            if (reaped > 0) {
                LOG.infof("Outbound delivery: %d expired leases handed back", reaped);
            }
            int purged = OutboxPurge.purge(session, OutboundOptions.current().retentionDays(),
                    System.currentTimeMillis());
            if (purged > 0) {
                LOG.debugf("Outbound delivery: %d delivered changes purged", purged);
            }
            kick(session.getKeycloakSessionFactory());
        }

        @Override
        public String getTaskName() {
            return TASK_NAME;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** This node's name in outbound leases. */
    public static String node() {
        return NODE;
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        String id = host + "/" + UUID.randomUUID();
        return id.length() <= 255 ? id : id.substring(id.length() - 255);
    }
}
