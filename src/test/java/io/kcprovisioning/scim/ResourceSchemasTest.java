package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceSchemasTest {

    @Test
    void aBodyNamingItsCoreSchemaPassesWithOtherUrnsBesideIt() {
        assertThat(ResourceSchemas.problem("Users", "{\"schemas\":[\"" + ResourceSchemas.USER + "\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"userName\":\"a\"}")).isNull();
        assertThat(ResourceSchemas.problem("Groups/abc", "{\"schemas\":[\"" + ResourceSchemas.GROUP + "\","
                + "\"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group\"]}")).isNull();
        assertThat(ResourceSchemas.problem("Users/abc", "{\"schemas\":[\"URN:ietf:params:scim:schemas:core:2.0:user\"]}"))
                .isNull();
    }

    @Test
    void aBodyWithoutSchemasWithOnlyUnknownOnesOrNotAListIsRefused() {
        for (String schemas : new String[] {null, "null", "[]", "[\"urn:x:unknown\"]", "\"" + ResourceSchemas.USER + "\"",
                "{}", "[42]", "[\"" + ResourceSchemas.GROUP + "\"]"}) {
            String body = schemas == null ? "{\"userName\":\"a\"}" : "{\"schemas\":" + schemas + ",\"userName\":\"a\"}";
            assertThat(ResourceSchemas.problem("Users", body)).as(body).isNotNull().contains("schemas");
        }
    }

    @Test
    void otherEndpointsAreLeftToTheirOwnRules() {
        assertThat(ResourceSchemas.problem("Users/.search", "{\"filter\":\"x\"}")).isNull();
        assertThat(ResourceSchemas.problem("Bulk", "{}")).isNull();
        assertThat(ResourceSchemas.problem("Users", "[]")).isNull();
    }
}
