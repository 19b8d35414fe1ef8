package io.kcprovisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.Postgres;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimRealm;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, on PostgreSQL (one Keycloak node): SCIM user-create throughput against Keycloak's admin REST user create
 * and Keycloak's own preview SCIM server ({@code scim-api}); {@code filter=userName eq} latency with 1,000 and with
 * 100,000 users; a cursor walk of 100,000 users while 1,000 are deleted concurrently.
 */
class ScimBench {

    private static final int CREATES = 400;
    private static final int CLIENT_THREADS = 4;
    /**
     * Create rounds: warm-up ones, then counted ones. The JVM compiles the create paths for thousands of requests:
     * after four warm-up rounds the JIT compiler still took a third of the CPU of a create.
     */
    private static final int WARM_UP_ROUNDS = 12;
    private static final int ROUNDS = WARM_UP_ROUNDS + 3;
    private static final int FILTER_QUERIES = 300;

    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static String dbUrl;

    @BeforeAll
    static void start() {
        dbUrl = Postgres.freshDatabase("kc_bench_scim_" + ProcessHandle.current().pid());
        server = KeycloakServer.builder("bench-pg").postgres(dbUrl, Postgres.USER, Postgres.PASSWORD).start();
        admin = KeycloakAdmin.master(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
            Postgres.dropDatabase(dbUrl.substring(dbUrl.lastIndexOf('/') + 1));
        }
    }

    @Test
    void scimFigures() throws Exception {
        BenchTable table = new BenchTable("scim", "SCIM: create throughput, filter latency, paged walk (PostgreSQL)");
        createThroughput(table);
        filterAndWalk(table);
        table.note(CREATES + " creates per arm and round, " + CLIENT_THREADS + " client threads; throughput and CPU"
                + " per create over " + (ROUNDS - WARM_UP_ROUNDS) + " interleaved rounds after " + WARM_UP_ROUNDS
                + " warm-up rounds (their creates over their time; CPU read from /proc: Keycloak's threads by kind,"
                + " all PostgreSQL processes), the CPU rows with no target: on this machine, throughput follows the"
                + " CPU a create costs; filter latency over " + FILTER_QUERIES
                + " queries of random existing userNames;"
                + " users for the filter and walk figures are written straight into the extension's tables. Keycloak "
                + System.getProperty("keycloak.dist.version") + " on PostgreSQL 15, same machine.");
        table.publish();
    }

    private void createThroughput(BenchTable table) throws Exception {
        // every arm with admin events on, as ScimRealm has them; the Standard tier holds every create of the run,
        // so that each round measures a provisioned create (not one refused for want of a seat)
        ScimRealm ours = ScimRealm.create(admin, "bench-scim",
                p -> ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", ROUNDS * CREATES));
        String theirsRealm = RealmSetup.unique("bench-kcscim").attribute("adminEventsEnabled", true)
                .attribute("adminEventsDetailsEnabled", true).create(admin);
        KeycloakAdmin.ok(admin.put("/admin/realms/" + theirsRealm, Map.of("scimApiEnabled", true)));
        String kcScimUrl = admin.baseUrl() + "/realms/" + theirsRealm + "/scim/v2";
        KeycloakAdmin.ok(admin.post("/admin/realms/" + theirsRealm + "/clients", Map.of(
                "clientId", "scim-bench", "secret", "scim-bench-secret", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "scim audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                "included.custom.audience", kcScimUrl, "access.token.claim", "true"))))));
        grantManageUsers(theirsRealm);
        String adminRealm = RealmSetup.unique("bench-adminrest").attribute("adminEventsEnabled", true)
                .attribute("adminEventsDetailsEnabled", true).create(admin);

        CpuMeter meter = new CpuMeter(server.pid());
        Arm oursArm = new Arm();
        Arm adminArm = new Arm();
        Arm theirsArm = new Arm();
        for (int round = 0; round < ROUNDS; round++) { // the warm-up rounds are not counted
            int r = round;
            boolean counted = round >= WARM_UP_ROUNDS;
            oursArm.run(meter, counted, i -> ours.scim().post("/Users", user("ours" + r + "-" + i)));
            adminArm.run(meter, counted, i -> admin.post("/admin/realms/" + adminRealm + "/users",
                    Map.of("username", "rest" + r + "-" + i + "@example.test", "email", "rest" + r + "-" + i
                            + "@example.test", "firstName", "Bench", "lastName", "User", "enabled", true)));
            String token = serviceAccountToken(theirsRealm);
            theirsArm.run(meter, counted, i -> KeycloakAdmin.send(HttpRequest.newBuilder(
                            URI.create(kcScimUrl + "/Users"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(user("kc" + r + "-" + i))).build()));
        }
        table.row(new BenchTable.Row("SCIM create (this extension)", oursArm.perSecond(), "admin REST user create",
                adminArm.perSecond(), "users/s", 1.0, false));
        table.row(new BenchTable.Row("SCIM create (this extension)", oursArm.perSecond(), "Keycloak scim-api create",
                theirsArm.perSecond(), "users/s", 1.5, false));
        CpuMeter.Snapshot oursCpu = oursArm.cpuPerCreate();
        CpuMeter.Snapshot theirsCpu = theirsArm.cpuPerCreate();
        cpuRow(table, "Keycloak request threads", oursCpu.keycloak().get(CpuMeter.Kind.REQUESTS),
                theirsCpu.keycloak().get(CpuMeter.Kind.REQUESTS));
        cpuRow(table, "Keycloak JIT compiler", oursCpu.keycloak().get(CpuMeter.Kind.JIT),
                theirsCpu.keycloak().get(CpuMeter.Kind.JIT));
        cpuRow(table, "Keycloak GC and other threads", oursCpu.keycloak().get(CpuMeter.Kind.OTHER),
                theirsCpu.keycloak().get(CpuMeter.Kind.OTHER));
        cpuRow(table, "PostgreSQL", oursCpu.postgres(), theirsCpu.postgres());
    }

    private static void cpuRow(BenchTable table, String where, double ours, double theirs) {
        table.row(new BenchTable.Row("CPU per create, " + where + " (this extension)", ours,
                "same, Keycloak scim-api create", theirs, "ms", Double.NaN, true));
    }

    /**
     * One compared create path: its throughput and CPU per create over the counted rounds, both from the same
     * rounds (a best round's throughput beside every round's CPU would not add up).
     */
    private static final class Arm {
        double seconds;
        CpuMeter.Snapshot cpu = CpuMeter.Snapshot.zero();
        int counted;

        void run(CpuMeter meter, boolean count, IntFunction<HttpResult> create) throws Exception {
            CpuMeter.Snapshot before = meter.take();
            double took = timeCreates(create);
            CpuMeter.Snapshot spent = meter.take().perOperation(before, CREATES);
            if (count) {
                seconds += took;
                cpu = cpu.plus(spent);
                counted++;
            }
        }

        double perSecond() {
            return counted * CREATES / seconds;
        }

        CpuMeter.Snapshot cpuPerCreate() {
            return cpu.times(1.0 / counted);
        }
    }

    private void grantManageUsers(String realm) {
        String clientId = admin.get("/admin/realms/" + realm + "/clients?clientId=scim-bench").json().get(0)
                .get("id").asText();
        String serviceUser = admin.get("/admin/realms/" + realm + "/clients/" + clientId + "/service-account-user")
                .json().get("id").asText();
        String rm = admin.get("/admin/realms/" + realm + "/clients?clientId=realm-management").json().get(0)
                .get("id").asText();
        JsonNode role = admin.get("/admin/realms/" + realm + "/clients/" + rm + "/roles/manage-users").json();
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/users/" + serviceUser + "/role-mappings/clients/"
                + rm, List.of(role)));
    }

    private String serviceAccountToken(String realm) {
        HttpResult r = KeycloakAdmin.form(admin.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", "scim-bench", "client_secret",
                        "scim-bench-secret"));
        return KeycloakAdmin.ok(r).json().get("access_token").asText();
    }

    private static String user(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name
                + "@example.test\",\"active\":true,\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User\"},"
                + "\"emails\":[{\"value\":\"" + name + "@example.test\",\"primary\":true,\"type\":\"work\"}]}";
    }

    /** Seconds {@link #CREATES} creates take with {@link #CLIENT_THREADS} threads; fails on any non-201. */
    private static double timeCreates(IntFunction<HttpResult> create) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < CREATES; i = next.getAndIncrement()) {
                    HttpResult r = create.apply(i);
                    if (r.status() != 201) {
                        throw new IllegalStateException("create failed: " + r);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private void filterAndWalk(BenchTable table) throws Exception {
        ScimRealm realm = ScimRealm.create(admin, "bench-walk");
        String realmId = admin.get("/admin/realms/" + realm.name()).json().get("id").asText();
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        seed(realmId, 0, 1_000, ids, names);
        double p50At1k = filterP50(realm.scim(), names);
        seed(realmId, 1_000, 100_000, ids, names);
        double p50At100k = filterP50(realm.scim(), names);
        table.row(new BenchTable.Row("filter userName eq, 100,000 users, p50", p50At100k,
                "same, 1,000 users, p50", p50At1k, "ms", 1.5, true));

        List<String> victims = new ArrayList<>(ids);
        Collections.shuffle(victims, new Random(7));
        victims = victims.subList(0, 1_000);
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        ExecutorService deleter = Executors.newFixedThreadPool(2);
        List<String> toDelete = victims;
        AtomicInteger cursorIndex = new AtomicInteger();
        for (int t = 0; t < 2; t++) {
            deleter.submit(() -> {
                for (int i = cursorIndex.getAndIncrement(); i < toDelete.size(); i = cursorIndex.getAndIncrement()) {
                    if (realm.scim().delete("/Users/" + toDelete.get(i)).status() == 204) {
                        deleted.add(toDelete.get(i));
                    }
                }
            });
        }
        Set<String> seen = new HashSet<>();
        long start = System.nanoTime();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            JsonNode page = KeycloakAdmin.ok(realm.scim().get("/Users?count=1000&cursor=" + ScimRealm.enc(cursor)))
                    .json();
            page.get("Resources").forEach(u -> seen.add(u.get("id").asText()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
            pages++;
        }
        double walkSeconds = (System.nanoTime() - start) / 1e9;
        deleter.shutdown();
        deleter.awaitTermination(10, TimeUnit.MINUTES);
        long missed = ids.stream().filter(id -> !toDelete.contains(id)).filter(id -> !seen.contains(id)).count();
        table.check(new BenchTable.Check("cursor walk of 100,000 users while 1,000 are deleted: users that"
                + " existed throughout and were missed", Long.toString(missed), "0", missed == 0));
        table.check(new BenchTable.Check("that walk: pages of 1,000 / seconds / deletes done meanwhile",
                pages + " / " + String.format(java.util.Locale.ROOT, "%.1f", walkSeconds) + " / " + deleted.size(),
                "-", true));
    }

    private double filterP50(ScimClient scim, List<String> names) {
        Random random = new Random(42);
        for (int i = 0; i < 30; i++) {
            scim.get("/Users?filter=" + ScimRealm.enc("userName eq \"" + names.get(random.nextInt(names.size()))
                    + "\""));
        }
        Samples samples = new Samples();
        for (int i = 0; i < FILTER_QUERIES; i++) {
            String name = names.get(random.nextInt(names.size()));
            long start = System.nanoTime();
            HttpResult r = scim.get("/Users?filter=" + ScimRealm.enc("userName eq \"" + name.toUpperCase() + "\""));
            samples.addNanos(System.nanoTime() - start);
            if (r.status() != 200 || r.json().get("totalResults").asInt() != 1) {
                throw new IllegalStateException("filter failed: " + r);
            }
        }
        return samples.percentile(50);
    }

    /** Writes SCIM users [from, to) straight into PROV_SCIM_USER (bench data only; no Keycloak user rows). */
    private void seed(String realmId, int from, int to, List<String> ids, List<String> names) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, Postgres.USER, Postgres.PASSWORD)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into PROV_SCIM_USER (ID, REALM_ID, USER_NAME,"
                    + " USER_NAME_LOWER, ACTIVE, RESOURCE, VERSION, CREATED, LAST_MODIFIED) values"
                    + " (?, ?, ?, ?, true, ?, 1, ?, ?)")) {
                long now = System.currentTimeMillis();
                for (int i = from; i < to; i++) {
                    String id = UUID.randomUUID().toString();
                    String name = "seed" + i + "@example.test";
                    insert.setString(1, id);
                    insert.setString(2, realmId);
                    insert.setString(3, name);
                    insert.setString(4, name);
                    insert.setString(5, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                            + name + "\"}");
                    insert.setLong(6, now + i);
                    insert.setLong(7, now + i);
                    insert.addBatch();
                    if (i % 5_000 == 0) {
                        insert.executeBatch();
                    }
                    ids.add(id);
                    names.add(name);
                }
                insert.executeBatch();
            }
            c.commit();
            try (var s = c.createStatement()) {
                s.execute("analyze PROV_SCIM_USER");
            }
        }
    }
}
