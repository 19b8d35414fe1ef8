package io.kcprovisioning.members;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.MemberState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Micrometer metrics of members and seats, on Keycloak's metrics endpoint:
 * {@code provisioning_decisions_total{realm,source,outcome}} and the gauges
 * {@code provisioning_seats_used{realm,tier}} and {@code provisioning_seats_pending{realm,tier}}. The gauges read
 * the database when scraped, so every node reports the cluster's figures; they appear once a node has provisioned
 * someone in that realm.
 */
public final class ProvisioningMetrics {

    private static final Set<String> GAUGES = ConcurrentHashMap.newKeySet();

    private ProvisioningMetrics() {
    }

    /** Counts a decision made in a realm; the tier's seat gauges appear on this node with its first decision. */
    static void count(KeycloakSession session, RealmModel realm, ProvisioningSource source, Decision decision) {
        decision(realm.getName(), source, decision);
        seatGauges(session.getKeycloakSessionFactory(), realm.getName(), realm.getId(), decision.tierKey());
    }

    private static void decision(String realm, ProvisioningSource source, Decision decision) {
        Counter.builder("provisioning.decisions").description("Provisioning decisions by outcome")
                .tag("realm", realm).tag("source", source.wireName())
                .tag("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                .register(Metrics.globalRegistry).increment();
    }

    /** Registers the seat gauges of a realm's tier on this node, once. */
    private static void seatGauges(KeycloakSessionFactory factory, String realmName, String realmId, String tier) {
        if (tier == null || !GAUGES.add(realmId + "/" + tier)) {
            return;
        }
        Gauge.builder("provisioning.seats.used", () -> query(factory, realmId, tier, false))
                .description("Seats in use").tag("realm", realmName).tag("tier", tier)
                .register(Metrics.globalRegistry);
        Gauge.builder("provisioning.seats.pending", () -> query(factory, realmId, tier, true))
                .description("Members waiting for a seat of this tier").tag("realm", realmName).tag("tier", tier)
                .register(Metrics.globalRegistry);
    }

    private static double query(KeycloakSessionFactory factory, String realmId, String tier, boolean pending) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                MemberStore store = new MemberStore(session);
                return pending ? (double) store.countInState(realmId, MemberState.PENDING, tier)
                        : store.seatsUsed(realmId, tier);
            });
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
