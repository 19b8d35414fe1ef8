package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test servers run Keycloak's own preview SCIM server ({@code --features=scim-api}) too: both endpoints answer,
 * each at its own path, in the same realm.
 */
class ScimCoexistenceIT {

    @Test
    void keycloaksScimServerAndOursAnswerSideBySide() {
        KeycloakAdmin admin = TestKeycloak.admin();
        ScimRealm realm = ScimRealm.create(admin, "coexist");
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm.name(), Map.of("scimApiEnabled", true)));
        String id = realm.createUser("{\"userName\":\"both@example.test\"}");

        HttpResult theirs = KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(admin.baseUrl() + "/realms/"
                + realm.name() + "/scim/v2/Users")).GET().build());
        HttpResult theirsWithOurToken = KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(admin.baseUrl()
                + "/realms/" + realm.name() + "/scim/v2/Users"))
                .header("Authorization", "Bearer " + realm.scim().token()).GET().build());
        HttpResult ours = realm.scim().get("/Users/" + id);

        assertThat(theirs.status()).as("Keycloak's scim-api is mounted: " + theirs).isEqualTo(401);
        assertThat(theirsWithOurToken.status()).as("our connection tokens do not open Keycloak's SCIM server")
                .isEqualTo(401);
        assertThat(ours.status()).isEqualTo(200);
        assertThat(ours.json().get("userName").asText()).isEqualTo("both@example.test");
    }
}
