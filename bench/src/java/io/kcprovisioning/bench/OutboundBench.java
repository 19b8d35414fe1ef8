package io.kcprovisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.FreePorts;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.Postgres;
import io.kcprovisioning.testing.ScimRealm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, on PostgreSQL (one Keycloak node), against a SCIM-SDK server in this JVM on loopback
 * ({@link LoopbackScimTarget}): the initial push of 10,000 members (users/s); brokered-login and SCIM-create latency
 * with a target that is down against no target; commit-to-target-received latency.
 */
class OutboundBench {

    private static final int MEMBERS = 10_000;
    private static final int SEED_THREADS = 4;
    private static final int LATENCY_WARMUP = 30;
    private static final int LATENCY_ITERATIONS = 300;
    private static final int DELIVERY_SAMPLES = 300;
    /** The best published figure for a Keycloak outbound plugin, per issue #14 (its target is five times it). */
    private static final double PUBLISHED_USERS_PER_SECOND = 200;
    /** Delivery threads per node (the server's default is 4). */
    private static final int WORKERS = Integer.getInteger("bench.outbound.workers", 8);
    /** {@code -Dbench.outbound.pushOnly=true}: the initial push alone, not published (for profiling it). */
    private static final boolean PUSH_ONLY = Boolean.getBoolean("bench.outbound.pushOnly");

    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static String dbUrl;
    private static LoopbackScimTarget target;

    @BeforeAll
    static void start() throws Exception {
        dbUrl = Postgres.freshDatabase("kc_bench_outbound_" + ProcessHandle.current().pid());
        server = KeycloakServer.builder("bench-outbound").postgres(dbUrl, Postgres.USER, Postgres.PASSWORD)
                .outboundToLoopback()
                .arg("--spi-provisioning-outbound-target--provisioning-scim-target--workers=" + WORKERS).start();
        admin = KeycloakAdmin.master(server);
        target = new LoopbackScimTarget();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (server != null) {
            server.stop();
            Postgres.dropDatabase(dbUrl.substring(dbUrl.lastIndexOf('/') + 1));
        }
    }

    @Test
    void outboundFigures() throws Exception {
        BenchTable table = new BenchTable("outbound", "Outbound SCIM: initial push, cost of a dead target, delivery"
                + " latency (PostgreSQL)");
        initialPush(table);
        if (PUSH_ONLY) { // while profiling the push: its row printed, bench/README.md left as it is
            System.out.println("\n" + table.markdown());
            return;
        }
        deliveryLatency(table);
        deadTargetCost(table);
        table.note("Keycloak " + System.getProperty("keycloak.dist.version") + " on PostgreSQL 15 with the server"
                + " options the tests use (delivery tick 1 s) and " + WORKERS + " delivery workers, one node; the"
                + " target is a SCIM-SDK server (users in memory, static bearer token, PATCH and filter supported)"
                + " in the benchmark's JVM on loopback; everything on the same machine, shared with other work at the"
                + " time. Initial push:"
                + " from POST push {\"mode\":\"full\"} until the target holds all " + MEMBERS + " members, created"
                + " beforehand through this extension's SCIM endpoint before the target existed (each one a lookup"
                + " by userName and a create at the target). Dead target: a target on a loopback port nobody listens"
                + " on, so every change is captured and its delivery fails and is retried; " + LATENCY_ITERATIONS
                + " SCIM creates and first brokered logins per arm after " + LATENCY_WARMUP
                + " warm-up ones, arms interleaved, one client thread. Delivery latency: " + DELIVERY_SAMPLES
                + " SCIM creates one at a time, from the start of the create request (so the create itself is"
                + " included: an upper bound on commit-to-received) until the target has the user.");
        table.publish();
    }

    private void initialPush(BenchTable table) throws Exception {
        ScimRealm realm = ScimRealm.create(admin, "bench-push",
                p -> ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", MEMBERS * 2));
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                String userName = "pushed" + i + "@example.test";
                made.add(pool.submit(() -> realm.createUser(Json.write(Map.of("userName", userName,
                        "name", Map.of("givenName", "Bench", "familyName", "Member"),
                        "emails", List.of(Map.of("value", userName, "type", "work", "primary", true)))))));
            }
            for (Future<String> f : made) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String targetId = addTarget(realm.name(), "push-target", target.baseUrl());
        int before = target.users();
        long start = System.nanoTime();
        HttpResult started = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/provisioning/targets/"
                + targetId + "/push", Map.of("mode", "full")));
        String jobId = started.json().get("id").asText();
        long captured = 0;
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (target.users() - before < MEMBERS && System.nanoTime() < deadline) {
            if (captured == 0) {
                JsonNode job = admin.get("/admin/realms/" + realm.name() + "/provisioning/targets/" + targetId
                        + "/push/" + jobId).json();
                if (!job.get("state").asText().equals("running")) {
                    captured = System.nanoTime();
                }
            }
            Thread.sleep(20);
        }
        long end = System.nanoTime();
        int arrived = target.users() - before;
        double seconds = (end - start) / 1e9;
        double rate = arrived / seconds;
        table.row(new BenchTable.Row("initial push of " + String.format(Locale.ROOT, "%,d", MEMBERS)
                + " members, POST to the last one received", rate, "best published figure for a Keycloak outbound"
                + " plugin (issue #14)", PUBLISHED_USERS_PER_SECOND, "users/s", 5.0, false));
        table.check(new BenchTable.Check("that push: members received / seconds / capture into the outbox done after",
                arrived + " / " + String.format(Locale.ROOT, "%.1f", seconds) + " / "
                        + (captured == 0 ? "-" : String.format(Locale.ROOT, "%.1f s", (captured - start) / 1e9)),
                String.valueOf(MEMBERS), arrived == MEMBERS));
        disable(realm.name(), targetId);
    }

    private void deliveryLatency(BenchTable table) throws Exception {
        ScimRealm realm = ScimRealm.create(admin, "bench-latency");
        addTarget(realm.name(), "latency-target", target.baseUrl());
        Samples samples = new Samples();
        Samples creates = new Samples();
        for (int i = 0; i < LATENCY_WARMUP + DELIVERY_SAMPLES; i++) {
            String userName = "latency" + i + "@example.test";
            long start = System.nanoTime();
            realm.createUser("{\"userName\":\"" + userName + "\"}");
            long created = System.nanoTime();
            long deadline = start + 30_000_000_000L;
            Long received;
            while ((received = target.createdAt(userName)) == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (received == null) {
                throw new IllegalStateException(userName + " never reached the target");
            }
            if (i >= LATENCY_WARMUP) {
                samples.addNanos(received - start);
                creates.addNanos(created - start);
            }
        }
        table.row(new BenchTable.Row("create request start to target received, p50", samples.percentile(50),
                "the SCIM create request alone, p50", creates.percentile(50), "ms", Double.NaN, true));
        double p95 = samples.percentile(95);
        table.check(new BenchTable.Check("create request start to target received, p95",
                String.format(Locale.ROOT, "%.0f ms", p95), "< 2 s", p95 < 2000));
    }

    private void deadTargetCost(BenchTable table) {
        int deadPort = FreePorts.next();
        String dead = "http://127.0.0.1:" + deadPort + "/scim/v2";
        ScimRealm scimDead = ScimRealm.create(admin, "bench-scim-dead");
        addTarget(scimDead.name(), "dead-target", dead);
        ScimRealm scimNone = ScimRealm.create(admin, "bench-scim-none");
        Map<String, List<String>> roleGroups = JitRealm.ACME_ROLE_GROUPS;
        JitRealm jitDead = JitRealm.create(admin, "bench-jit-dead", "enterprise-seats", p -> JitRealm.map(p, "jit",
                true, roleGroups, Map.of("premium", 100_000, "standard", 100_000), Map.of()));
        addTarget(jitDead.name(), "dead-target", dead);
        JitRealm jitNone = JitRealm.create(admin, "bench-jit-none", "enterprise-seats", p -> JitRealm.map(p, "jit",
                true, roleGroups, Map.of("premium", 100_000, "standard", 100_000), Map.of()));
        List<String> groups = List.of("acme-staff", "acme-admins", "everyone");
        Samples scimWith = new Samples();
        Samples scimWithout = new Samples();
        Samples loginWith = new Samples();
        Samples loginWithout = new Samples();
        for (int i = 0; i < LATENCY_WARMUP + LATENCY_ITERATIONS; i++) {
            boolean record = i >= LATENCY_WARMUP;
            String user = "dead" + i;
            if (i % 2 == 0) {
                create(record, scimWith, scimDead, user);
                create(record, scimWithout, scimNone, user);
                login(record, loginWith, jitDead, user, groups);
                login(record, loginWithout, jitNone, user, groups);
            } else {
                create(record, scimWithout, scimNone, user);
                create(record, scimWith, scimDead, user);
                login(record, loginWithout, jitNone, user, groups);
                login(record, loginWith, jitDead, user, groups);
            }
        }
        table.row(new BenchTable.Row("SCIM create p50, target down", scimWith.percentile(50), "no target",
                scimWithout.percentile(50), "ms", 1.05, true));
        table.row(new BenchTable.Row("SCIM create p95, target down", scimWith.percentile(95), "no target",
                scimWithout.percentile(95), "ms", 1.05, true));
        table.row(new BenchTable.Row("first brokered login p50, target down", loginWith.percentile(50), "no target",
                loginWithout.percentile(50), "ms", 1.05, true));
        table.row(new BenchTable.Row("first brokered login p95, target down", loginWith.percentile(95), "no target",
                loginWithout.percentile(95), "ms", 1.05, true));
    }

    private static void create(boolean record, Samples samples, ScimRealm realm, String user) {
        long start = System.nanoTime();
        realm.createUser("{\"userName\":\"" + user + "@example.test\"}");
        if (record) {
            samples.addNanos(System.nanoTime() - start);
        }
    }

    private static void login(boolean record, Samples samples, JitRealm realm, String user, List<String> groups) {
        long start = System.nanoTime();
        BrokeredLogin.Result r = realm.loginWithGroups(user, groups);
        long elapsed = System.nanoTime() - start;
        if (!r.loggedIn()) {
            throw new IllegalStateException("login of " + user + " in " + realm.name() + " failed: " + r.status());
        }
        if (record) {
            samples.addNanos(elapsed);
        }
    }

    private static String addTarget(String realm, String name, String baseUrl) {
        ObjectNode t = Json.object();
        t.put("name", name).put("baseUrl", baseUrl);
        t.putObject("auth").put("type", "bearer").put("secret", LoopbackScimTarget.TOKEN);
        return KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/targets", t)).json().get("id")
                .asText();
    }

    private static void disable(String realm, String targetId) {
        String path = "/admin/realms/" + realm + "/provisioning/targets/" + targetId;
        ObjectNode rep = (ObjectNode) KeycloakAdmin.ok(admin.get(path)).json();
        rep.put("enabled", false);
        KeycloakAdmin.ok(admin.put(path, rep));
    }
}
