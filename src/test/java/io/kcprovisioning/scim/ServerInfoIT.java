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

    /** The distribution the run asked for is the one that answers (the build runs some tests on two 26.7.x). */
    @Test
    void theServerIsTheKeycloakVersionThisRunIsFor() {
        JsonNode info = KeycloakAdmin.ok(TestKeycloak.admin().get("/admin/serverinfo")).json();

        assertThat(info.get("systemInfo").get("version").asText())
                .isEqualTo(System.getProperty("keycloak.dist.version"));
    }
}
