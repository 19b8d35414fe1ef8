package io.kcprovisioning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.PolicyEngine;
import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SeatAvailability;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.Postgres;
import io.kcprovisioning.testing.ScimRealm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, on PostgreSQL: Sync now over 10,000 and 100,000 directory users in 10 mapped groups. Users are
 * written straight into the database already provisioned (Keycloak users, SCIM users and memberships, members, seat
 * counts, role grants), then two Syncs are timed: one with nothing to change (every user evaluated) and one after a
 * mapping change that demotes about a tenth of them (every user evaluated, those changed).
 */
class SyncBench {

    private static final int GROUPS = 10;
    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static String dbUrl;

    @BeforeAll
    static void start() {
        dbUrl = Postgres.freshDatabase("kc_bench_sync_" + ProcessHandle.current().pid());
        server = KeycloakServer.builder("bench-sync").postgres(dbUrl, Postgres.USER, Postgres.PASSWORD)
                .env("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx2g").start();
        admin = KeycloakAdmin.master(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
            Postgres.dropDatabase(dbUrl.substring(dbUrl.lastIndexOf('/') + 1));
        }
    }

    record Run(double steadySeconds, long steadyApplied, double changeSeconds, long changeApplied,
            double liveGrowthMb) {
    }

    @Test
    void syncOverTenThousandAndOneHundredThousandUsers() throws Exception {
        Run small = run(10_000);
        Run large = run(100_000);
        new BenchTable("sync", "Sync now over 10,000 and 100,000 directory users, 10 mapped groups (PostgreSQL)")
                .row(new BenchTable.Row("100k users, nothing to change", large.steadySeconds(),
                        "10k users, nothing to change", small.steadySeconds(), "s", 12.0, true))
                .row(new BenchTable.Row("100k users, a tenth demoted", large.changeSeconds(),
                        "10k users, a tenth demoted", small.changeSeconds(), "s", 12.0, true))
                .check(new BenchTable.Check("100k users, slowest Sync", String.format(Locale.ROOT, "%.1f s",
                        Math.max(large.steadySeconds(), large.changeSeconds())), "≤ 60 s",
                        Math.max(large.steadySeconds(), large.changeSeconds()) <= 60))
                .check(new BenchTable.Check("100k users, growth of heap in use (garbage included) during the Syncs",
                        String.format(Locale.ROOT, "%.0f MB", large.liveGrowthMb()), "< 256 MB",
                        large.liveGrowthMb() < 256))
                .check(new BenchTable.Check("changes applied (10k / 100k): nothing-to-change run, change run",
                        small.steadyApplied() + " / " + large.steadyApplied() + ", " + small.changeApplied() + " / "
                                + large.changeApplied(), "0, about a tenth", small.steadyApplied() == 0
                                && large.steadyApplied() == 0 && large.changeApplied() > 0))
                .note("Time from POST /sync (or the policy save) to the job's end, as GET /sync/{id} reports it,"
                        + " after one uncounted Sync that warms the database after the bulk load."
                        + " Keycloak with -Xmx2g on PostgreSQL 15, same machine; heap in use is the sum of"
                        + " jvm_memory_used_bytes{area=heap} sampled every 200 ms, peak minus the value before"
                        + " the first Sync of the run (garbage included, so an upper bound).")
                .publish();
    }

    private Run run(int users) throws Exception {
        ScimRealm realm = ScimRealm.create(admin, "bench-sync-" + users, p -> {
            p.put("groupMappings", true);
            map(p.get("roles").get(0), "g0");
            map(p.get("roles").get(1), "g1", "g2");
            map(p.get("roles").get(2), "g3", "g4", "g5", "g6", "g7", "g8", "g9");
            ((ObjectNode) p.get("seatTiers").get(0)).put("capacity", 1_000_000);
            map(p.get("seatTiers").get(0), "g0", "g1");
            ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", 1_000_000);
        });
        String base = "/admin/realms/" + realm.name() + "/provisioning";
        waitIdle(base);
        List<String> groupIds = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            groupIds.add(realm.createGroup("g" + g));
        }
        String realmId = admin.get("/admin/realms/" + realm.name()).json().get("id").asText();
        ProvisioningPolicy policy = PolicyJson.read(admin.get(base + "/policy").body());
        Map<String, String> roleIds = new HashMap<>();
        for (String role : List.of("org-owner", "org-admin", "org-user", "seat-premium", "seat-standard")) {
            roleIds.put(role, admin.get("/admin/realms/" + realm.name() + "/roles/" + role).json().get("id").asText());
        }
        seed(realmId, users, groupIds, policy, roleIds);

        // a first Sync warms the database's caches after the bulk load; it is not counted
        timeSync(base, () -> KeycloakAdmin.ok(admin.post(base + "/sync", null)).json().get("id").asText(),
                new AtomicLong());
        AtomicLong baseline = new AtomicLong(liveHeap());
        AtomicLong peak = new AtomicLong(baseline.get());
        JsonNode steady = timeSync(base, () -> KeycloakAdmin.ok(admin.post(base + "/sync", null)).json()
                .get("id").asText(), peak);
        ObjectNode changed = (ObjectNode) admin.get(base + "/policy").json();
        map(changed.get("roles").get(1), "g1");
        map(changed.get("roles").get(2), "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9");
        JsonNode change = timeSync(base, () -> {
            KeycloakAdmin.ok(admin.put(base + "/policy?force=true", changed));
            return latestJob(base, "policy");
        }, peak);
        return new Run(seconds(steady), steady.get("applied").asLong(), seconds(change),
                change.get("applied").asLong(), (peak.get() - baseline.get()) / 1024.0 / 1024.0);
    }

    private static void map(JsonNode entry, String... groups) {
        ArrayNode array = ((ObjectNode) entry).putArray("groups");
        for (String g : groups) {
            array.add(g);
        }
    }

    private JsonNode timeSync(String base, java.util.function.Supplier<String> start, AtomicLong peak)
            throws Exception {
        String id = start.get();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(deadline)) {
            peak.accumulateAndGet(liveHeap(), Math::max);
            JsonNode job = KeycloakAdmin.ok(admin.get(base + "/sync/" + id)).json();
            if (!"running".equals(job.get("state").asText())) {
                if (!"done".equals(job.get("state").asText())) {
                    throw new IllegalStateException("Sync failed: " + job);
                }
                return job;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Sync did not finish");
    }

    private String latestJob(String base, String trigger) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode job : admin.get(base + "/sync").json()) {
                if (trigger.equals(job.get("triggeredBy").asText())) {
                    return job.get("id").asText();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("no Sync was started by the policy save");
    }

    private void waitIdle(String base) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            boolean running = false;
            for (JsonNode job : admin.get(base + "/sync").json()) {
                running |= "running".equals(job.get("state").asText());
            }
            if (!running) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private static double seconds(JsonNode job) {
        return (Instant.parse(job.get("finished").asText()).toEpochMilli()
                - Instant.parse(job.get("started").asText()).toEpochMilli()) / 1000.0;
    }

    /** Heap in use, garbage included: the sum of the heap pools (an upper bound of what a Sync keeps). */
    private static long liveHeap() {
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)")
                .matcher(server.metrics());
        long sum = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Users already provisioned as the policy says: every row Keycloak and the extension would have written. */
    private void seed(String realmId, int users, List<String> groupIds, ProvisioningPolicy policy,
            Map<String, String> roleIds) throws Exception {
        Random random = new Random(users);
        Map<String, Integer> used = new HashMap<>();
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(dbUrl, Postgres.USER, Postgres.PASSWORD)) {
            c.setAutoCommit(false);
            try (PreparedStatement kcUser = c.prepareStatement("insert into user_entity (id, email, email_constraint,"
                    + " email_verified, enabled, first_name, last_name, realm_id, username, created_timestamp,"
                    + " not_before) values (?, ?, ?, true, true, 'Bench', 'User', ?, ?, ?, 0)");
                    PreparedStatement scimUser = c.prepareStatement("insert into prov_scim_user (id, realm_id,"
                            + " user_name, user_name_lower, active, resource, version, created, last_modified)"
                            + " values (?, ?, ?, ?, true, ?, 1, ?, ?)");
                    PreparedStatement membership = c.prepareStatement("insert into prov_scim_member (group_id,"
                            + " user_id, realm_id) values (?, ?, ?)");
                    PreparedStatement member = c.prepareStatement("insert into prov_member (id, realm_id, user_id,"
                            + " state, role_key, tier_key, source, reason_code, reason, idp_groups, state_since,"
                            + " created_at, updated_at) values (?, ?, ?, 'ACTIVE', ?, ?, 'scim', ?, ?, null, ?, ?, ?)");
                    PreparedStatement grant = c.prepareStatement("insert into user_role_mapping (role_id, user_id)"
                            + " values (?, ?)")) {
                for (int i = 0; i < users; i++) {
                    String id = UUID.randomUUID().toString();
                    String name = "sync" + i + "@example.test";
                    kcUser.setString(1, id);
                    kcUser.setString(2, name);
                    kcUser.setString(3, name);
                    kcUser.setString(4, realmId);
                    kcUser.setString(5, name);
                    kcUser.setLong(6, now);
                    kcUser.addBatch();
                    scimUser.setString(1, id);
                    scimUser.setString(2, realmId);
                    scimUser.setString(3, name);
                    scimUser.setString(4, name);
                    scimUser.setString(5, "{\"userName\":\"" + name + "\"}");
                    scimUser.setLong(6, now + i);
                    scimUser.setLong(7, now + i);
                    scimUser.addBatch();
                    List<String> names = new ArrayList<>();
                    int first = random.nextInt(GROUPS);
                    int second = random.nextInt(3) == 0 ? random.nextInt(GROUPS) : first;
                    for (int g : first == second ? new int[] {first} : new int[] {first, second}) {
                        membership.setString(1, groupIds.get(g));
                        membership.setString(2, id);
                        membership.setString(3, realmId);
                        membership.addBatch();
                        names.add(groupIds.get(g));
                        names.add("g" + g);
                    }
                    Decision d = PolicyEngine.decide(policy, names, null, SeatAvailability.allFree(policy));
                    if (d.outcome() != Outcome.ADMIT) {
                        throw new IllegalStateException("seeded user not admitted: " + d);
                    }
                    member.setString(1, UUID.randomUUID().toString());
                    member.setString(2, realmId);
                    member.setString(3, id);
                    member.setString(4, d.roleKey());
                    member.setString(5, d.tierKey());
                    member.setString(6, d.reason().wireName());
                    member.setString(7, d.message());
                    member.setLong(8, now);
                    member.setLong(9, now);
                    member.setLong(10, now);
                    member.addBatch();
                    used.merge(d.tierKey(), 1, Integer::sum);
                    grant.setString(1, roleIds.get("org-" + d.roleKey()));
                    grant.setString(2, id);
                    grant.addBatch();
                    grant.setString(1, roleIds.get("seat-" + d.tierKey()));
                    grant.setString(2, id);
                    grant.addBatch();
                    if (i % 2_000 == 1_999) {
                        kcUser.executeBatch();
                        scimUser.executeBatch();
                        membership.executeBatch();
                        member.executeBatch();
                        grant.executeBatch();
                    }
                }
                kcUser.executeBatch();
                scimUser.executeBatch();
                membership.executeBatch();
                member.executeBatch();
                grant.executeBatch();
            }
            try (PreparedStatement seats = c.prepareStatement("insert into prov_seat_usage (realm_id, tier_key, used)"
                    + " values (?, ?, ?) on conflict (realm_id, tier_key) do update set used = excluded.used")) {
                for (Map.Entry<String, Integer> e : used.entrySet()) {
                    seats.setString(1, realmId);
                    seats.setString(2, e.getKey());
                    seats.setInt(3, e.getValue());
                    seats.addBatch();
                }
                seats.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (var s = c.createStatement()) {
                s.execute("vacuum analyze");
            }
        }
    }
}
