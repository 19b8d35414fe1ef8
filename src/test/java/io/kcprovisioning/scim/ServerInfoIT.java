package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import org.junit.jupiter.api.Test;

/** The extension's version in Keycloak's server info (admin console: Provider info), as the build wrote it. */
class ServerInfoIT {

    @Test
    void serverInfoNamesTheVersionOfTheJarThatRuns() {
        KeycloakAdmin admin = TestKeycloak.admin();

        JsonNode provider = KeycloakAdmin.ok(admin.get("/admin/serverinfo")).json().get("providers")
                .get("realm-restapi-extension").get("providers").get("provisioning");

        assertThat(provider.get("operationalInfo").get("version").asText())
                .isEqualTo(System.getProperty("it.project.version"));
    }
}
