package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.server.filter.AttributePathRoot;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The rewriting of IdP request shapes that is pure text (its effect is checked against the real server in ITs). */
class IdpQuirksTest {

    private static final ResourceType USERS = ScimEndpoints.get().getResourceTypeByName("User").orElseThrow();

    @Test
    void entrasValuePathWithSubAttributeBecomesOneValueFilter() {
        String fixed = IdpQuirks.correlateValuePaths("emails[type eq \"work\"].value eq \"Ada@Example.test\"");

        assertThat(fixed).isEqualTo("emails[(type eq \"work\") and value eq \"Ada@Example.test\"]");
        // one value filter on one element, not two comparisons of any elements
        assertThat(RequestUtils.parseFilter(USERS, fixed)).isInstanceOf(AttributePathRoot.class);
    }

    @Test
    void everyOperatorPrAndBareValuesAreCarriedOver() {
        assertThat(IdpQuirks.correlateValuePaths("emails[type eq \"work\"].value PR"))
                .isEqualTo("emails[(type eq \"work\") and value PR]");
        assertThat(IdpQuirks.correlateValuePaths("emails[type eq \"work\" or type eq \"home\"].primary eq true"
                + " and userName sw \"a\""))
                .isEqualTo("emails[(type eq \"work\" or type eq \"home\") and primary eq true] and userName sw \"a\"");
        assertThat(IdpQuirks.correlateValuePaths("not (emails[type eq \"work\"].value co \"x\")"))
                .isEqualTo("not (emails[(type eq \"work\") and value co \"x\"])");
    }

    @Test
    void standardFiltersAndQuotedBracketsAreLeftAlone() {
        for (String filter : new String[] {"userName eq \"a\"", "emails[type eq \"work\" and value co \"x\"]",
                "displayName eq \"team [ops].value eq x\"", "emails[value eq \"a]\\\".value eq b\"]"}) {
            assertThat(IdpQuirks.correlateValuePaths(filter)).isEqualTo(filter);
        }
    }

    @Test
    void theFilterQueryParameterAndSearchBodiesAreRewritten() {
        String url = IdpQuirks.correlateFilterParameter(URI.create("https://kc/realms/r/provisioning/scim/v2/Users"
                + "?startIndex=1&filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22a%40b.test%22&count=5"));

        assertThat(url).isEqualTo("https://kc/realms/r/provisioning/scim/v2/Users?startIndex=1"
                + "&filter=emails%5B%28type%20eq%20%22work%22%29%20and%20value%20eq%20%22a%40b.test%22%5D&count=5");

        String body = IdpQuirks.normalize(HttpMethod.POST, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "SearchRequest\"],\"filter\":\"emails[type eq \\\"work\\\"].value eq \\\"x\\\"\"}");
        assertThat(body).contains("\"filter\":\"emails[(type eq \\\"work\\\") and value eq \\\"x\\\"]\"");
    }

    @Test
    void aLongMemberRemovalBecomesRemovalsOfAHundredValuesEach() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            values.append(i == 0 ? "" : ",").append("{\"value\":\"id-").append(i).append("\"}");
        }
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[" + values + "]},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}";

        com.fasterxml.jackson.databind.JsonNode ops = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(IdpQuirks.normalize(HttpMethod.PATCH, body)).get("Operations");

        assertThat(ops).hasSize(4);
        for (int part = 0; part < 3; part++) {
            assertThat(ops.get(part).get("op").asText()).isEqualTo("remove");
            assertThat(ops.get(part).has("value")).isFalse();
            assertThat(ops.get(part).get("path").asText()).startsWith("members[value eq \"id-" + part * 100 + "\" or ")
                    .endsWith("\"id-" + Math.min(249, part * 100 + 99) + "\"]");
        }
        assertThat(ops.get(0).get("path").asText().split(" or ")).hasSize(100);
        assertThat(ops.get(2).get("path").asText().split(" or ")).hasSize(50);
        assertThat(ops.get(3).get("path").asText()).isEqualTo("displayName");
    }

    @Test
    void shortRemovalsAndValuesTheSdkWouldNotRewriteAreLeftAlone() {
        String shortRemoval = "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\",\"value\":"
                + "[{\"value\":\"a\"},{\"value\":\"b\"}]}]}";
        assertThat(IdpQuirks.normalize(HttpMethod.PATCH, shortRemoval)).isEqualTo(shortRemoval);

        StringBuilder twoFields = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            twoFields.append(i == 0 ? "" : ",").append("{\"value\":\"").append(i).append("\",\"display\":\"d\"}");
        }
        String body = "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\",\"value\":[" + twoFields + "]}]}";
        assertThat(IdpQuirks.normalize(HttpMethod.PATCH, body)).isEqualTo(body);
    }

    @Test
    void filtersBeyondTheParserLimitsAreInvalidFiltersAndQuotedTextDoesNotCount() {
        String thousand = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "userName eq \"u" + i + "\"")
                .collect(java.util.stream.Collectors.joining(" or "));
        IdpQuirks.checkFilterSize(thousand);
        IdpQuirks.checkFilterSize("(".repeat(IdpQuirks.MAX_BRACKETS) + "userName eq \"x\"" + ")".repeat(100));
        IdpQuirks.checkFilterSize("displayName eq \"" + "eq (".repeat(5000) + "\"");

        assertThatThrownBy(() -> IdpQuirks.checkFilterSize(thousand + " or userName pr"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("more than 1000 comparisons")
                .extracting(e -> ((BadRequestException) e).getScimType()).isEqualTo("invalidFilter");
        assertThatThrownBy(() -> IdpQuirks.checkFilterSize("[".repeat(IdpQuirks.MAX_BRACKETS + 1)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("brackets");
    }
}
