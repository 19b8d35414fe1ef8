package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.TargetHealthEntity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Micrometer metrics of every outbound target, on Keycloak's metrics endpoint, tagged {@code realm} and
 * {@code target} (the names): {@code provisioning_outbound_queue{state}}, {@code
 * provisioning_outbound_oldest_pending_seconds}, {@code provisioning_outbound_delivered_total}, {@code
 * provisioning_outbound_failed_total}, {@code provisioning_outbound_consecutive_failures} and {@code
 * provisioning_outbound_circuit_open}. Every value is the cluster's, read from the database, so each node reports
 * the same figures; one read of all targets serves every meter for a few seconds, so a scrape costs three queries
 * at most. Each node registers the meters of targets it finds (every few seconds) and removes those of targets
 * removed or renamed.
 */
public final class OutboundMetrics {

    public static final String TASK_NAME = "provisioning-outbound-metrics";
    private static final Logger LOG = Logger.getLogger(OutboundMetrics.class);
    private static final long CACHE_MILLIS = 5_000;
    private static final long REFRESH_MILLIS = 10_000;

    /** One target's figures. */
    record Figures(String realm, String target, Map<OutboxState, Long> queue, double oldestPendingSeconds,
            long delivered, long failed, int consecutiveFailures, boolean open) {
    }

    private record Snapshot(Map<String, Figures> targets, long readAt) {
    }

    private static volatile KeycloakSessionFactory factory;
    private static volatile Snapshot snapshot = new Snapshot(Map.of(), 0);
    /** The meters registered per target id, and the tags they carry. */
    private static final Map<String, Registered> METERS = new ConcurrentHashMap<>();

    private record Registered(Tags tags, List<Meter> meters) {
    }

    private OutboundMetrics() {
    }

    /** Registers the meters of the targets there are, and looks for new ones every few seconds, on this node. */
    static void start(KeycloakSessionFactory sessionFactory) {
        factory = sessionFactory;
        try (KeycloakSession session = sessionFactory.create()) {
            session.getProvider(TimerProvider.class).schedule(OutboundMetrics::refresh, REFRESH_MILLIS,
                    TASK_NAME);
        }
    }

    /** Reads the figures again now and registers meters for targets new since (after a target was created). */
    public static void refresh() {
        if (factory == null) {
            return;
        }
        try {
            Snapshot s = read();
            snapshot = s;
            register(s);
        } catch (RuntimeException e) {
            LOG.debugf("Outbound metrics not read: %s", e.toString());
        }
    }

    private static Figures figures(String targetId) {
        Snapshot s = snapshot;
        if (System.currentTimeMillis() - s.readAt() > CACHE_MILLIS) {
            synchronized (OutboundMetrics.class) {
                s = snapshot;
                if (System.currentTimeMillis() - s.readAt() > CACHE_MILLIS) {
                    try {
                        s = read();
                        snapshot = s;
                    } catch (RuntimeException e) {
                        LOG.debugf("Outbound metrics not read: %s", e.toString());
                        snapshot = s = new Snapshot(s.targets(), System.currentTimeMillis());
                    }
                }
            }
        }
        return s.targets().get(targetId);
    }

    private static Snapshot read() {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            Map<String, String[]> names = new HashMap<>();
            session.realms().getRealmsStream().forEach(realm -> TargetStore.all(realm)
                    .forEach(t -> names.put(t.id(), new String[] {realm.getName(), t.name()})));
            EntityManager em = Outbox.em(session);
            Map<String, Map<OutboxState, Long>> queues = new HashMap<>();
            em.createQuery("select o.targetId, o.state, count(o) from OutboxEntity o group by o.targetId, o.state",
                    Object[].class).getResultList().forEach(r -> queues.computeIfAbsent((String) r[0],
                            k -> new EnumMap<>(OutboxState.class)).put((OutboxState) r[1], (Long) r[2]));
            Map<String, Long> oldest = new HashMap<>();
            em.createQuery("select o.targetId, min(coalesce(o.pendingSince, o.updated)) from OutboxEntity o"
                            + " where o.state in (:pending, :inFlight) group by o.targetId", Object[].class)
                    .setParameter("pending", OutboxState.PENDING).setParameter("inFlight", OutboxState.IN_FLIGHT)
                    .getResultList().forEach(r -> oldest.put((String) r[0], (Long) r[1]));
            Map<String, TargetHealthEntity> health = new HashMap<>();
            em.createQuery("select h from TargetHealthEntity h", TargetHealthEntity.class).getResultList()
                    .forEach(h -> health.put(h.getTargetId(), h));
            long now = System.currentTimeMillis();
            Map<String, Figures> out = new HashMap<>();
            names.forEach((id, n) -> {
                TargetHealthEntity h = health.get(id);
                Long since = oldest.get(id);
                out.put(id, new Figures(n[0], n[1], queues.getOrDefault(id, Map.of()),
                        since == null ? 0 : Math.max(0, (now - since) / 1000.0), h == null ? 0 : h.getDelivered(),
                        h == null ? 0 : h.getFailed(), h == null ? 0 : h.getConsecutiveFailures(),
                        h != null && h.getPausedSince() != null));
            });
            return new Snapshot(Map.copyOf(out), now);
        });
    }

    private static synchronized void register(Snapshot s) {
        for (Map.Entry<String, Registered> e : METERS.entrySet()) {
            Figures f = s.targets().get(e.getKey());
            if (f == null || !tags(f).equals(e.getValue().tags())) {
                e.getValue().meters().forEach(Metrics.globalRegistry::remove);
                METERS.remove(e.getKey());
            }
        }
        s.targets().forEach((id, f) -> METERS.computeIfAbsent(id, k -> new Registered(tags(f), meters(id, tags(f)))));
    }

    private static Tags tags(Figures f) {
        return Tags.of("realm", f.realm(), "target", f.target());
    }

    private static List<Meter> meters(String id, Tags tags) {
        List<Meter> meters = new ArrayList<>();
        for (OutboxState state : OutboxState.values()) {
            meters.add(Gauge.builder("provisioning.outbound.queue", () -> value(id,
                            f -> f.queue().getOrDefault(state, 0L)))
                    .description("Outbox rows of the target by state").tags(tags)
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(Metrics.globalRegistry));
        }
        meters.add(Gauge.builder("provisioning.outbound.oldest.pending", () -> value(id, Figures::oldestPendingSeconds))
                .description("Age of the oldest change not yet delivered to the target").baseUnit("seconds")
                .tags(tags).register(Metrics.globalRegistry));
        meters.add(Gauge.builder("provisioning.outbound.consecutive.failures",
                        () -> value(id, Figures::consecutiveFailures))
                .description("Failed delivery attempts in a row").tags(tags).register(Metrics.globalRegistry));
        meters.add(Gauge.builder("provisioning.outbound.circuit.open", () -> value(id, f -> f.open() ? 1 : 0))
                .description("1 while the target is paused after failures in a row").tags(tags)
                .register(Metrics.globalRegistry));
        meters.add(FunctionCounter.builder("provisioning.outbound.delivered", id,
                        k -> value(k, Figures::delivered))
                .description("Changes delivered to the target, cluster-wide").tags(tags)
                .register(Metrics.globalRegistry));
        meters.add(FunctionCounter.builder("provisioning.outbound.failed", id, k -> value(k, Figures::failed))
                .description("Failed delivery attempts to the target, cluster-wide").tags(tags)
                .register(Metrics.globalRegistry));
        return meters;
    }

    private static double value(String id, ToDoubleFunction<Figures> what) {
        Figures f = figures(id);
        return f == null ? Double.NaN : what.applyAsDouble(f);
    }
}
