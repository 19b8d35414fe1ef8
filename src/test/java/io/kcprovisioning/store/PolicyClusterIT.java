package io.kcprovisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakCluster;
import io.kcprovisioning.testing.RealmSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The policy is one realm component: a change on one node is what the other node reads next. */
class PolicyClusterIT {

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
}
