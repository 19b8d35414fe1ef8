package io.kcprovisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakCluster;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimRealm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Keycloak nodes on one PostgreSQL: the policy and the seats are the same on both. */
class TwoNodeClusterIT {

    private static final int SYNC_INTERVAL_SECONDS = 4;
    private static KeycloakCluster cluster;
    private static KeycloakAdmin nodeA;
    private static KeycloakAdmin nodeB;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start("kc_policy_cluster_" + ProcessHandle.current().pid(), SYNC_INTERVAL_SECONDS);
        nodeA = KeycloakAdmin.master(cluster.node(0));
        nodeB = KeycloakAdmin.master(cluster.node(1));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPolicyChangedOnOneNodeIsReadOnTheOtherAtOnce() {
        String realm = RealmSetup.unique("cluster").create(nodeA);
        String path = "/admin/realms/" + realm + "/provisioning/policy";
        assertThat(KeycloakAdmin.ok(nodeB.get(path)).json().get("mode").asText()).isEqualTo("manual");

        KeycloakAdmin.ok(nodeA.post("/admin/realms/" + realm + "/provisioning/profiles/enterprise-seats/apply", null));
        assertThat(KeycloakAdmin.ok(nodeB.get(path)).json().get("profile").asText()).isEqualTo("enterprise-seats");

        ObjectNode policy = (ObjectNode) KeycloakAdmin.ok(nodeB.get(path)).json();
        policy.put("mode", "jit");
        ((ObjectNode) policy.get("seatTiers").get(0)).put("capacity", 9);
        KeycloakAdmin.ok(nodeB.put(path, policy));

        JsonNode onA = KeycloakAdmin.ok(nodeA.get(path)).json();
        assertThat(onA.get("mode").asText()).isEqualTo("jit");
        assertThat(onA.get("seatTiers").get(0).get("capacity").asInt()).isEqualTo(9);
    }

    @Test
    void concurrentFirstLoginsOnBothNodesNeverExceedTheSeats() throws Exception {
        JitRealm onA = JitRealm.create(nodeA, "cluster-seats", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 2, "standard", 3), Map.of()));
        JitRealm onB = onA.through(nodeB);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<BrokeredLogin.Result>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JitRealm node = i % 2 == 0 ? onA : onB;
            String user = "node" + i;
            results.add(pool.submit(() -> node.loginWithGroups(user, List.of("acme-staff"))));
        }
        int loggedIn = 0;
        for (Future<BrokeredLogin.Result> f : results) {
            if (f.get().loggedIn()) {
                loggedIn++;
            }
        }
        pool.shutdown();

        assertThat(loggedIn).isEqualTo(5);
        assertThat(nodeB.get(onA.base() + "/members?state=active").json()).hasSize(5);
        JsonNode seats = nodeA.get(onA.base() + "/seats").json();
        assertThat(seats.get(0).get("used").asInt()).isEqualTo(2);
        assertThat(seats.get(1).get("used").asInt()).isEqualTo(3);
    }

    @Test
    void twoHundredConcurrentPushesOverBothNodesForFiftySeatsGiveFiftyMembers() throws Exception {
        ScimRealm onA = ScimRealm.create(nodeA, "cluster-push", p ->
                ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", 50));
        ScimClient viaA = onA.scim();
        ScimClient viaB = new ScimClient(nodeB.baseUrl(), onA.name(), viaA.token());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ScimClient client = i % 2 == 0 ? viaA : viaB;
            String body = "{\"userName\":\"push" + i + "@example.test\"}";
            results.add(pool.submit(() -> client.post("/Users", body)));
        }
        for (Future<HttpResult> f : results) {
            assertThat(f.get().status()).isEqualTo(201);
        }
        pool.shutdown();

        String base = "/admin/realms/" + onA.name() + "/provisioning";
        assertThat(nodeA.get(base + "/members?state=active&max=1000").json()).hasSize(50);
        assertThat(nodeB.get(base + "/members?state=pending&max=1000").json()).hasSize(150);
        assertThat(nodeB.get(base + "/seats").json().get(1).get("used").asInt()).isEqualTo(50);
        // each push decided once as it ended: a push whose seat was gone at commit is counted pending, not admitted
        assertThat(decisions(onA.name(), "admit")).isEqualTo(50);
        assertThat(decisions(onA.name(), "pending")).isEqualTo(150);
    }

    /** provisioning_decisions_total of a realm's SCIM pushes with this outcome, summed over both nodes. */
    private static long decisions(String realm, String outcome) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("provisioning_decisions_total\\{outcome=\""
                + outcome + "\",realm=\"" + java.util.regex.Pattern.quote(realm) + "\",source=\"scim\"} ([0-9.]+)");
        long total = 0;
        for (int node = 0; node < 2; node++) {
            java.util.regex.Matcher m = line.matcher(cluster.node(node).metrics());
            if (m.find()) {
                total += (long) Double.parseDouble(m.group(1));
            }
        }
        return total;
    }

    @Test
    void twoGroupWritesOnTwoNodesAddingOneUserToTwoMappedGroupsGiveTheRoleOfBoth() throws Exception {
        // node A's write adds the user to Owners first, then 300 others (re-deciding them takes over a second);
        // node B's write adds the same user to Staff meanwhile. Before the fix it read the user's groups without
        // the Owners membership (not committed yet), waited for node A's write, and committed Staff's role last.
        ScimRealm onA = ScimRealm.create(nodeA, "cluster-groups", p -> {
            p.put("groupMappings", true);
            ((com.fasterxml.jackson.databind.node.ArrayNode) ((ObjectNode) p.get("roles").get(0))
                    .putArray("groups")).add("Owners");
            ((com.fasterxml.jackson.databind.node.ArrayNode) ((ObjectNode) p.get("roles").get(2))
                    .putArray("groups")).add("Staff");
            ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", 400);
        });
        ScimClient viaB = new ScimClient(nodeB.baseUrl(), onA.name(), onA.scim().token());
        String owners = onA.createGroup("Owners");
        String staff = onA.createGroup("Staff");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            members.add(onA.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("both") + "\"}"));
        }
        String user = members.get(0);
        // a former member: their member row exists, and the first write to re-decide them locks it until commit
        KeycloakAdmin.ok(onA.scim().patch("/Groups/" + staff, ScimRealm.patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]")));
        KeycloakAdmin.ok(onA.scim().patch("/Groups/" + staff, ScimRealm.patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]")));
        String values = members.stream().map(id -> "{\"value\":\"" + id + "\"}")
                .collect(java.util.stream.Collectors.joining(","));

        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<HttpResult> toOwners = pool.submit(() -> onA.scim().patch("/Groups/" + owners, ScimRealm.patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]")));
        Thread.sleep(700);
        HttpResult toStaff = viaB.patch("/Groups/" + staff, ScimRealm.patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
        pool.shutdown();

        assertThat(toOwners.get().status()).as(toOwners.get().body()).isEqualTo(200);
        assertThat(toStaff.status()).as(toStaff.body()).isEqualTo(200);
        assertThat(nodeB.get("/admin/realms/" + onA.name() + "/provisioning/members/" + user).json().get("role")
                .asText()).isEqualTo("owner");
    }

    @Test
    void theScheduledSyncRunsOncePerIntervalAcrossTheCluster() throws Exception {
        ScimRealm realm = ScimRealm.create(nodeA, "cluster-schedule");
        Thread.sleep((SYNC_INTERVAL_SECONDS * 5 + 2) * 1000L);

        List<Long> starts = new ArrayList<>();
        for (JsonNode job : nodeB.get("/admin/realms/" + realm.name() + "/provisioning/sync").json()) {
            if ("schedule".equals(job.get("triggeredBy").asText())) {
                starts.add(java.time.Instant.parse(job.get("started").asText()).toEpochMilli());
            }
        }
        starts.sort(null);
        assertThat(starts).hasSizeBetween(3, 6);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("gap between scheduled Syncs")
                    .isGreaterThanOrEqualTo(SYNC_INTERVAL_SECONDS * 1000L / 2);
        }
    }
}
