package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.GROUP_SCHEMAS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import org.junit.jupiter.api.Test;

/** What admins see of the directory: pushed groups to map, and metrics of the endpoint. */
class ScimObservabilityIT {

    @Test
    void pushedGroupsAreListedForMappingsWithAPrefixFilter() {
        KeycloakAdmin admin = TestKeycloak.admin();
        ScimRealm realm = ScimRealm.create(admin, "dirgroups");
        String user = realm.createUser("{\"userName\":\"dg@example.test\"}");
        realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"anthropic-claude-admins\",\"externalId\":\"e-1\","
                + "\"members\":[{\"value\":\"" + user + "\"}]}");
        realm.createGroup("anthropic-claude-users");
        realm.createGroup("marketing");

        JsonNode groups = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm.name()
                + "/provisioning/directory/groups?prefix=Anthropic-Claude-")).json();

        assertThat(groups).extracting(g -> g.get("displayName").asText())
                .containsExactly("anthropic-claude-admins", "anthropic-claude-users");
        assertThat(groups.get(0).get("externalId").asText()).isEqualTo("e-1");
        assertThat(groups.get(0).get("members").asInt()).isEqualTo(1);
    }

    @Test
    void requestsErrorsAndLatencyAreOnTheMetricsEndpoint() {
        ScimRealm realm = ScimRealm.create(TestKeycloak.admin(), "metrics");
        realm.createUser("{\"userName\":\"metric@example.test\"}");
        realm.scim().get("/Users/does-not-exist");

        String metrics = TestKeycloak.server().metrics();

        assertThat(metrics).contains("provisioning_scim_requests_total{operation=\"users.create\",status=\"201\"");
        assertThat(metrics).contains("provisioning_scim_errors_total{operation=\"users.get\",status=\"404\"");
        assertThat(metrics).contains("provisioning_scim_request_seconds_count{operation=\"users.create\"");
    }

    @Test
    void seatGaugesAndDecisionCountersAreOnTheMetricsEndpoint() {
        ScimRealm realm = ScimRealm.create(TestKeycloak.admin(), "seat-metrics");
        realm.createUser("{\"userName\":\"gauge1@example.test\"}");
        realm.createUser("{\"userName\":\"gauge2@example.test\"}");

        String metrics = TestKeycloak.server().metrics();

        assertThat(metrics).contains("provisioning_seats_used{realm=\"" + realm.name()
                + "\",tier=\"standard\"} 2.0");
        assertThat(metrics).containsPattern("provisioning_decisions_total\\{outcome=\"admit\",realm=\""
                + realm.name() + "\",source=\"scim\"} 2.0");
    }
}
