package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joined organizations: pushed members join the realm's Keycloak Organizations that the policy names. */
class ScimOrganizationsIT {

    private final KeycloakAdmin admin = TestKeycloak.admin();

    private String organization(String realm, String alias) {
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm, Map.of("organizationsEnabled", true)));
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/organizations", Map.of("name", alias,
                "alias", alias, "domains", List.of(Map.of("name", alias + ".example.test")))));
        return admin.get("/admin/realms/" + realm + "/organizations?search=" + alias).json().get(0).get("id")
                .asText();
    }

    @Test
    void activeMembersJoinTheNamedOrganizationAndLeaveItWhenDeactivated() {
        ScimRealm realm = ScimRealm.create(admin, "orgs");
        String org = organization(realm.name(), "northwind");
        ObjectNode policy = (ObjectNode) admin.get("/admin/realms/" + realm.name() + "/provisioning/policy").json();
        policy.putObject("scim").putArray("organizations").add("northwind");
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm.name() + "/provisioning/policy", policy));

        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("org") + "\"}");
        JsonNode members = admin.get("/admin/realms/" + realm.name() + "/organizations/" + org + "/members").json();
        assertThat(members).extracting(m -> m.get("id").asText()).containsExactly(id);

        realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));
        assertThat(admin.get("/admin/realms/" + realm.name() + "/organizations/" + org + "/members").json()).isEmpty();
    }

    @Test
    void anOrganizationThatDoesNotExistIsRefusedInThePolicy() {
        ScimRealm realm = ScimRealm.create(admin, "orgs-bad");
        organization(realm.name(), "contoso");
        ObjectNode policy = (ObjectNode) admin.get("/admin/realms/" + realm.name() + "/provisioning/policy").json();
        policy.putObject("scim").putArray("organizations").add("contoso").add("fabrikam");

        HttpResult r = admin.put("/admin/realms/" + realm.name() + "/provisioning/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("scim.organizations[1]");
    }
}
