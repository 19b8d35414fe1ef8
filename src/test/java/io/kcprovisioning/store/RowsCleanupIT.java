package io.kcprovisioning.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The extension's rows go with what they belong to: a user removed in Keycloak takes their member row, seat and
 * SCIM resource with them; a removed realm takes every row it had, so a realm imported again under the same id
 * starts with none of them.
 */
@Tag(DatabaseServer.TAG)
class RowsCleanupIT {

    private final KeycloakAdmin admin = TestKeycloak.admin();

    @Test
    void aUserRemovedInKeycloakFreesTheirSeatAndTakesTheirScimResourceAndMembershipsWithThem() {
        ScimRealm realm = ScimRealm.create(admin, "cleanup-user");
        String userName = ScimRealm.uniqueUserName("removed");
        String id = realm.createUser("{\"userName\":\"" + userName + "\"}");
        String group = realm.createGroup("Removed-" + userName);
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, ScimRealm.patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]")));
        assertThat(seatsUsed(realm.name())).isEqualTo(1);

        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/users/" + id));

        assertThat(seatsUsed(realm.name())).isZero();
        assertThat(admin.get("/admin/realms/" + realm.name() + "/provisioning/members/" + id).status())
                .isEqualTo(404);
        assertThat(realm.scim().get("/Users/" + id).status()).isEqualTo(404);
        assertThat(KeycloakAdmin.ok(realm.scim().get("/Groups/" + group)).json().path("members")).isEmpty();
        // the userName is free again: no SCIM row of the removed user holds it
        HttpResult again = realm.scim().post("/Users", "{" + ScimRealm.USER_SCHEMAS + "\"userName\":\"" + userName
                + "\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
    }

    @Test
    void aRealmRemovedAndImportedAgainUnderTheSameIdHasNoneOfItsFormerRows() {
        ScimRealm realm = ScimRealm.create(admin, "cleanup-realm");
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("former") + "\"}");
        String group = realm.createGroup("Former");
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, ScimRealm.patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]")));
        String job = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/provisioning/sync", null))
                .json().get("id").asText();
        awaitFinished(realm.name(), job);
        String realmId = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm.name())).json().get("id").asText();

        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name()));
        KeycloakAdmin.ok(admin.post("/admin/realms", Map.of("id", realmId, "realm", realm.name(), "enabled", true)));
        String base = "/admin/realms/" + realm.name() + "/provisioning";
        ObjectNode policy = (ObjectNode) KeycloakAdmin.ok(admin.post(base + "/profiles/enterprise-seats/apply",
                null)).json();
        policy.put("mode", "scim");
        KeycloakAdmin.ok(admin.put(base + "/policy", policy));

        assertThat(realm.scim().get("/Users").status()).as("the former realm's token").isEqualTo(401);
        ScimClient scim = ScimClient.withNewToken(admin, realm.name());
        assertThat(KeycloakAdmin.ok(scim.get("/Users")).json().get("totalResults").asInt()).isZero();
        assertThat(KeycloakAdmin.ok(scim.get("/Groups")).json().get("totalResults").asInt()).isZero();
        assertThat(KeycloakAdmin.ok(admin.get(base + "/scim/tokens")).json()).hasSize(1);
        assertThat(KeycloakAdmin.ok(admin.get(base + "/members")).json()).isEmpty();
        assertThat(seatsUsed(realm.name())).isZero();
        assertThat(admin.get(base + "/sync/" + job).status()).as("the former realm's Sync").isEqualTo(404);
    }

    private int seatsUsed(String realm) {
        int used = 0;
        for (JsonNode tier : KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/provisioning/seats")).json()) {
            used += tier.get("used").asInt();
        }
        return used;
    }

    private void awaitFinished(String realm, String job) {
        for (int i = 0; i < 240; i++) {
            JsonNode state = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/provisioning/sync/" + job))
                    .json().get("state");
            if (!"running".equals(state.asText())) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Sync " + job + " of " + realm + " did not finish");
    }
}
