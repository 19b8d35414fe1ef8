package io.kcprovisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakCluster;
import io.kcprovisioning.testing.RealmSetup;
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

    private static KeycloakCluster cluster;
    private static KeycloakAdmin nodeA;
    private static KeycloakAdmin nodeB;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start("kc_policy_cluster_" + ProcessHandle.current().pid());
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
}
