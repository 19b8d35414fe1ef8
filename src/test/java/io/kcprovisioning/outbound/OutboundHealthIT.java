package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.Postgres;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A target's health, circuit and dead letters end to end, on a Keycloak of its own on PostgreSQL (so the test can
 * age outbox rows past the retention in the database), pushing to a real SCIM server in another process: a second
 * realm of that Keycloak served by this extension's inbound SCIM endpoint, behind a fault proxy. The circuit opens
 * after {@value #CIRCUIT_AFTER} failed attempts in a row.
 */
class OutboundHealthIT {

    private static final int CIRCUIT_AFTER = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DATABASE = "kc_outbound_health_" + ProcessHandle.current().pid();

    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static ScimRealm downstream;
    private static final List<ScimFaultProxy> PROXIES = new ArrayList<>();

    /** One upstream realm with its own target behind its own proxy: counts of one test are its own. */
    private record Setup(ScimRealm upstream, ScimFaultProxy proxy, String targetId, String targetName) {

        String path(String rest) {
            return "/admin/realms/" + upstream.name() + "/provisioning/targets/" + targetId + rest;
        }

        JsonNode status() {
            return KeycloakAdmin.ok(admin.get(path("/status"))).json();
        }
    }

    @BeforeAll
    static void start() {
        String url = Postgres.freshDatabase(DATABASE);
        server = KeycloakServer.builder("kc-outbound-health").postgres(url, Postgres.USER, Postgres.PASSWORD)
                .outboundToLoopback()
                .arg("--spi-provisioning-outbound-target--provisioning-scim-target--circuit-after=" + CIRCUIT_AFTER)
                .start();
        admin = KeycloakAdmin.master(server);
        downstream = ScimRealm.create(admin, "health-downstream");
    }

    @AfterAll
    static void stop() {
        PROXIES.forEach(ScimFaultProxy::close);
        if (server != null) {
            server.stop();
        }
        Postgres.dropDatabase(DATABASE);
    }

    private static Setup setup(String prefix) {
        ScimFaultProxy proxy = new ScimFaultProxy(downstream.scim().base());
        PROXIES.add(proxy);
        ScimRealm upstream = ScimRealm.create(admin, prefix);
        String name = prefix + "-app";
        ObjectNode t = OutboundTargetsIT.target(name, proxy.baseUrl(), downstream.scim().token());
        String id = KeycloakAdmin.ok(admin.post("/admin/realms/" + upstream.name() + "/provisioning/targets", t))
                .json().get("id").asText();
        return new Setup(upstream, proxy, id, name);
    }

    private static String createUser(Setup s, String userName) {
        return s.upstream().createUser(Map.of("userName", userName, "name", Map.of("givenName", "Ada",
                "familyName", "Lovelace"), "emails", List.of(Map.of("value", userName, "primary", true))));
    }

    private static JsonNode downstreamUser(String userName) {
        HttpResult r = downstream.filterUsers("userName eq \"" + userName + "\"");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode resources = r.json().path("Resources");
        return resources.isEmpty() ? null : resources.get(0);
    }

    private static <T> T await(Supplier<T> probe, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static JsonNode awaitDownstream(String userName) {
        return await(() -> downstreamUser(userName), "downstream user " + userName);
    }

    private static JsonNode awaitStatus(Setup s, java.util.function.Predicate<JsonNode> until, String what) {
        return await(() -> {
            JsonNode status = s.status();
            return until.test(status) ? status : null;
        }, what);
    }

    /** The outbox row of the user, or null. */
    private static JsonNode row(Setup s, String userId) {
        for (JsonNode r : KeycloakAdmin.ok(admin.get(s.path("/outbox?max=1000"))).json().get("rows")) {
            if (r.get("resourceId").asText().equals(userId)) {
                return r;
            }
        }
        return null;
    }

    private static JsonNode awaitDeadLetter(Setup s, String userId) {
        return await(() -> {
            JsonNode r = row(s, userId);
            return r != null && r.get("state").asText().equals("dead") ? r : null;
        }, "dead letter of " + userId);
    }

    private static String resources(String userId) {
        return "{\"resources\":[{\"type\":\"user\",\"id\":\"" + userId + "\"}]}";
    }

    private static List<String> adminEventDetails(Setup s) {
        List<String> details = new ArrayList<>();
        for (JsonNode e : KeycloakAdmin.ok(admin.get("/admin/realms/" + s.upstream().name()
                + "/admin-events?operationTypes=ACTION&max=100")).json()) {
            details.add(e.path("resourcePath").asText() + " " + e.path("details").path("provisioning.change")
                    .asText());
        }
        return details;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void circuitOpensAfterFailuresInARowAndResumeDeliversWhatWasCapturedMeanwhile() {
        Setup s = setup("circuit");
        s.proxy().down();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CIRCUIT_AFTER; i++) {
            String userName = ScimRealm.uniqueUserName("paused" + i);
            names.add(userName);
            createUser(s, userName);
        }
        JsonNode open = awaitStatus(s, st -> st.get("circuit").asText().equals("open"), "the circuit to open");
        assertThat(open.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(CIRCUIT_AFTER);
        assertThat(open.get("failed").asLong()).isGreaterThanOrEqualTo(CIRCUIT_AFTER);
        assertThat(open.get("pausedSince").asText()).isNotEmpty();
        assertThat(open.get("lastError").get("message").asText()).startsWith("cannot reach the target");

        // captured while paused, and not sent although the target is back: the circuit holds
        String meanwhile = ScimRealm.uniqueUserName("meanwhile");
        names.add(meanwhile);
        createUser(s, meanwhile);
        s.proxy().up();
        sleep(4000); // the delivery tick runs every second
        assertThat(s.proxy().seen()).isEmpty();
        JsonNode held = s.status();
        assertThat(held.get("circuit").asText()).isEqualTo("open");
        assertThat(held.get("queue").get("pending").asLong()).isEqualTo(CIRCUIT_AFTER + 1);
        assertThat(held.get("oldestPendingSeconds").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(held.get("delivered").asLong()).isZero();

        JsonNode resumed = KeycloakAdmin.ok(admin.post(s.path("/resume"), null)).json();
        assertThat(resumed.get("circuit").asText()).isEqualTo("closed");
        assertThat(resumed.get("consecutiveFailures").asInt()).isZero();
        assertThat(resumed.get("pausedSince").isNull()).isTrue();
        for (String userName : names) {
            awaitDownstream(userName);
        }
        JsonNode after = awaitStatus(s, st -> st.get("delivered").asLong() == CIRCUIT_AFTER + 1,
                "every change delivered");
        assertThat(after.get("queue").get("idle").asLong()).isEqualTo(CIRCUIT_AFTER + 1);
        assertThat(after.get("queue").get("pending").asLong()).isZero();
        assertThat(after.get("oldestPendingSeconds").isNull()).isTrue();
        assertThat(after.get("lastDelivered").asText()).isNotEmpty();
        assertThat(adminEventDetails(s)).anyMatch(d -> d.endsWith("/resume target-resume"));
    }

    @Test
    void replayDeliversADeadLetterOnceTheTargetTakesIt() {
        Setup s = setup("replay");
        String userName = ScimRealm.uniqueUserName("replayed");
        s.proxy().refuseBodiesContaining(userName);
        String id = createUser(s, userName);
        JsonNode dead = awaitDeadLetter(s, id);
        assertThat(dead.get("lastError").asText()).contains("injected refusal");
        JsonNode status = s.status();
        assertThat(status.get("queue").get("dead").asLong()).isEqualTo(1);
        assertThat(status.get("failed").asLong()).isEqualTo(1);
        assertThat(status.get("lastError").get("message").asText()).contains("injected refusal");
        assertThat(status.get("circuit").asText()).isEqualTo("closed");

        s.proxy().refuseBodiesContaining(null);
        HttpResult replayed = KeycloakAdmin.ok(admin.post(s.path("/outbox/replay"), resources(id)));
        assertThat(replayed.json().get("replayed").asInt()).isEqualTo(1);
        JsonNode pushed = awaitDownstream(userName);
        assertThat(pushed.get("externalId").asText()).isEqualTo(id);
        JsonNode after = awaitStatus(s, st -> st.get("delivered").asLong() == 1, "the replay delivered");
        assertThat(after.get("queue").get("dead").asLong()).isZero();
        assertThat(after.get("queue").get("idle").asLong()).isEqualTo(1);
        assertThat(after.get("failed").asLong()).isEqualTo(1);
        assertThat(after.get("consecutiveFailures").asInt()).isZero();
        // replaying again finds no dead letter
        assertThat(KeycloakAdmin.ok(admin.post(s.path("/outbox/replay"), "{}")).json().get("replayed").asInt())
                .isZero();
        assertThat(adminEventDetails(s)).anyMatch(d -> d.endsWith("/outbox/replay target-outbox-replay"));
    }

    @Test
    void skipLeavesADeadLetterIdleAndUnsent() {
        Setup s = setup("skip");
        String userName = ScimRealm.uniqueUserName("skipped");
        s.proxy().refuseBodiesContaining(userName);
        String id = createUser(s, userName);
        awaitDeadLetter(s, id);
        s.proxy().refuseBodiesContaining(null);
        HttpResult skipped = KeycloakAdmin.ok(admin.post(s.path("/outbox/skip"), "{}"));
        assertThat(skipped.json().get("skipped").asInt()).isEqualTo(1);
        sleep(3000);
        assertThat(row(s, id).get("state").asText()).isEqualTo("idle");
        assertThat(downstreamUser(userName)).isNull();
        assertThat(s.proxy().mentioning(userName)).hasSize(1); // the refused attempt only
        JsonNode status = s.status();
        assertThat(status.get("queue").get("dead").asLong()).isZero();
        assertThat(status.get("delivered").asLong()).isZero();
        assertThat(adminEventDetails(s)).anyMatch(d -> d.endsWith("/outbox/skip target-outbox-skip"));
    }

    @Test
    void badReplayBodiesAreRefusedInTheCallersLanguageAndChangeNothing() {
        Setup s = setup("badbody");
        String userName = ScimRealm.uniqueUserName("stays");
        s.proxy().refuseBodiesContaining(userName);
        String id = createUser(s, userName);
        awaitDeadLetter(s, id);
        HttpResult notJson = admin.post(s.path("/outbox/replay"), "replay everything");
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        assertThat(notJson.body()).contains("not JSON");
        HttpResult unknownType = admin.post(s.path("/outbox/replay"),
                "{\"resources\":[{\"type\":\"user\",\"id\":\"" + id + "\"},{\"type\":\"group\",\"id\":\"g\"}]}");
        assertThat(unknownType.status()).as(unknownType.toString()).isEqualTo(400);
        assertThat(unknownType.body()).contains("resources[1].type").contains("\\\"group\\\" is not known");
        HttpResult missingId = admin.post(s.path("/outbox/skip"), "{\"resources\":[{\"type\":\"user\"}]}",
                "Accept-Language", "fr");
        assertThat(missingId.status()).as(missingId.toString()).isEqualTo(400);
        assertThat(missingId.body()).contains("resources[0].id").contains("manque");
        HttpResult indonesian = admin.post(s.path("/outbox/skip"), "[]", "Accept-Language", "id");
        assertThat(indonesian.status()).isEqualTo(400);
        assertThat(indonesian.body()).contains("harus berupa objek JSON");
        sleep(1500);
        assertThat(row(s, id).get("state").asText()).isEqualTo("dead");
        assertThat(s.proxy().mentioning(userName)).hasSize(1);
    }

    @Test
    void theMetricsEndpointShowsTheTargetsQueueAndCounts() {
        Setup s = setup("metrics");
        String delivered = ScimRealm.uniqueUserName("counted");
        createUser(s, delivered);
        awaitDownstream(delivered);
        String refused = ScimRealm.uniqueUserName("metricdead");
        s.proxy().refuseBodiesContaining(refused);
        awaitDeadLetter(s, createUser(s, refused));
        String tags = "realm=\"" + s.upstream().name() + "\",target=\"" + s.targetName() + "\"";
        String metrics = await(() -> {
            String m = server.metrics();
            return m.contains("provisioning_outbound_queue{" + tags.replace(",target", ",state=\"dead\",target")
                    + "} 1.0") && m.contains("provisioning_outbound_delivered_total{" + tags + "} 1.0") ? m : null;
        }, "the target's metrics");
        assertThat(metrics).contains("provisioning_outbound_queue{" + tags.replace(",target",
                ",state=\"idle\",target") + "} 1.0");
        assertThat(metrics).contains("provisioning_outbound_failed_total{" + tags + "} 1.0");
        assertThat(metrics).contains("provisioning_outbound_circuit_open{" + tags + "} 0.0");
        assertThat(metrics).contains("provisioning_outbound_oldest_pending_seconds{" + tags + "} 0.0");
    }

    @Test
    void purgeRemovesOldDeliveredRowsOnlyAndALaterChangeStillArrives() throws SQLException {
        Setup s = setup("purge");
        String old = ScimRealm.uniqueUserName("olddelivered");
        String oldId = createUser(s, old);
        String remoteId = awaitDownstream(old).get("id").asText();
        String refused = ScimRealm.uniqueUserName("olddead");
        s.proxy().refuseBodiesContaining(refused);
        String deadId = createUser(s, refused);
        awaitDeadLetter(s, deadId);
        awaitStatus(s, st -> st.get("queue").get("idle").asLong() == 1, "the delivered row at rest");

        // eight days pass for the rows there are (retention: seven days)
        try (Connection c = DriverManager.getConnection(Postgres.jdbcUrl(DATABASE), Postgres.USER,
                Postgres.PASSWORD); PreparedStatement aged = c.prepareStatement("update PROV_OUTBOX set"
                        + " UPDATED = UPDATED - ?, DELIVERED = DELIVERED - ? where TARGET_ID = ?")) {
            long eightDays = Duration.ofDays(8).toMillis();
            aged.setLong(1, eightDays);
            aged.setLong(2, eightDays);
            aged.setString(3, s.targetId());
            assertThat(aged.executeUpdate()).isEqualTo(2);
        }
        String young = ScimRealm.uniqueUserName("youngdelivered");
        String youngId = createUser(s, young);
        awaitDownstream(young);

        await(() -> row(s, oldId) == null ? Boolean.TRUE : null, "the old delivered row purged");
        assertThat(row(s, deadId).get("state").asText()).isEqualTo("dead");
        await(() -> row(s, youngId) != null && row(s, youngId).get("state").asText().equals("idle") ? Boolean.TRUE
                : null, "the young delivered row at rest");
        try (Connection c = DriverManager.getConnection(Postgres.jdbcUrl(DATABASE), Postgres.USER,
                Postgres.PASSWORD); PreparedStatement links = c.prepareStatement("select REMOTE_ID from"
                        + " PROV_OUTBOX_LINK where TARGET_ID = ? and LOCAL_ID = ?")) {
            links.setString(1, s.targetId());
            links.setString(2, oldId);
            try (ResultSet rs = links.executeQuery()) {
                assertThat(rs.next()).as("the link outlives the purged row").isTrue();
                assertThat(rs.getString(1)).isEqualTo(remoteId);
            }
        }

        // a later change to the purged user makes its row again and updates the same downstream user
        String userPath = "/admin/realms/" + s.upstream().name() + "/users/" + oldId;
        ObjectNode user = (ObjectNode) KeycloakAdmin.ok(admin.get(userPath)).json();
        user.put("firstName", "Augusta");
        KeycloakAdmin.ok(admin.put(userPath, user));
        JsonNode updated = await(() -> {
            JsonNode u = downstreamUser(old);
            return u != null && "Augusta".equals(u.path("name").path("givenName").asText()) ? u : null;
        }, "the later change of " + old);
        assertThat(updated.get("id").asText()).isEqualTo(remoteId);
        assertThat(s.proxy().mentioning(old).stream().filter(x -> x.method().equals("POST"))).hasSize(1);
        assertThat(row(s, oldId).get("state").asText()).isEqualTo("idle");
    }
}
