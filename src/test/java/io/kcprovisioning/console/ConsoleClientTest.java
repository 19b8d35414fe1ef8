package io.kcprovisioning.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

class ConsoleClientTest {

    private final ClientRepresentation client = ConsoleClient.representation("acme");

    @Test
    void isAPublicClientWithTheCodeFlowOnly() {
        assertThat(client.getClientId()).isEqualTo("provisioning-console");
        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.isImplicitFlowEnabled()).isFalse();
        assertThat(client.isServiceAccountsEnabled()).isFalse();
        assertThat(client.isConsentRequired()).isFalse();
        assertThat(client.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
    }

    @Test
    void itsUrlsAreTheRealmsConsolePathOnTheServer() {
        assertThat(client.getRootUrl()).isEqualTo("${authBaseUrl}");
        assertThat(client.getBaseUrl()).isEqualTo("/realms/acme/provisioning/console/");
        assertThat(client.getRedirectUris()).containsExactly("/realms/acme/provisioning/console/*");
        assertThat(client.getWebOrigins()).containsExactly("+");
        assertThat(client.getAttributes()).containsEntry("post.logout.redirect.uris",
                "/realms/acme/provisioning/console/*");
    }
}
