package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscoveryLocationsTest {

    private static final String BASE = "http://kc/realms/globex/provisioning/scim/v2";

    @Test
    void everyMetaLocationMovesUnderTheAskingRealmsBase() {
        String listed = """
                {"Resources":[{"id":"User","meta":{"resourceType":"ResourceType",
                  "location":"http://kc/realms/acme/provisioning/scim/v2/ResourceTypes/User"}},
                 {"id":"Group","meta":{"location":"http://kc/realms/acme/provisioning/scim/v2/ResourceTypes/Group"}}],
                 "totalResults":2}""";

        String rebased = DiscoveryLocations.rebase(listed, BASE);

        assertThat(rebased).contains("\"location\":\"" + BASE + "/ResourceTypes/User\"")
                .contains("\"location\":\"" + BASE + "/ResourceTypes/Group\"").doesNotContain("acme");
    }

    @Test
    void otherFieldsAndLocationsOutsideMetaStayAsTheyAre() {
        String json = "{\"location\":\"http://x/scim/v2/a\",\"meta\":{\"location\":\"urn:no-root\"},\"n\":1}";

        assertThat(DiscoveryLocations.rebase(json, BASE))
                .isEqualTo("{\"location\":\"http://x/scim/v2/a\",\"meta\":{\"location\":\"urn:no-root\"},\"n\":1}");
    }

    @Test
    void discoveryResourcesAreTheThreeOfRfc7644() {
        assertThat(DiscoveryLocations.isDiscovery("ServiceProviderConfig")).isTrue();
        assertThat(DiscoveryLocations.isDiscovery("ResourceTypes/User")).isTrue();
        assertThat(DiscoveryLocations.isDiscovery("Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).isTrue();
        assertThat(DiscoveryLocations.isDiscovery("Users")).isFalse();
        assertThat(DiscoveryLocations.isDiscovery("SchemasX")).isFalse();
    }
}
