package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ScimAttributeNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static JsonNode read(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aResourceHasItsNamesSpelledAsTheSchemaAtEveryLevel() throws Exception {
        String body = """
                {"UserName":"ada","Name":{"GivenName":"Ada","FAMILYNAME":"L"},
                 "Emails":[{"Value":"ada@x.test","Type":"work","Primary":true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user":{"Manager":{"Value":"m1"},
                   "Department":"R&D"}}""";

        JsonNode fixed = read(ScimAttributeNames.normalize("POST", "Users", body));

        assertThat(fixed.get("userName").asText()).isEqualTo("ada");
        assertThat(fixed.get("name").get("givenName").asText()).isEqualTo("Ada");
        assertThat(fixed.get("name").get("familyName").asText()).isEqualTo("L");
        JsonNode email = fixed.get("emails").get(0);
        assertThat(email.get("value").asText()).isEqualTo("ada@x.test");
        assertThat(email.get("type").asText()).isEqualTo("work");
        assertThat(email.get("primary").asBoolean()).isTrue();
        assertThat(fixed.get(ENTERPRISE).get("manager").get("value").asText()).isEqualTo("m1");
        assertThat(fixed.get(ENTERPRISE).get("department").asText()).isEqualTo("R&D");
    }

    @Test
    void namesTheSchemasDoNotHaveAndBodiesSpelledRightAreLeftAlone() throws Exception {
        String right = "{\"userName\":\"ada\",\"name\":{\"givenName\":\"Ada\"}}";
        assertThat(ScimAttributeNames.normalize("POST", "Users", right)).isSameAs(right);
        String unknown = "{\"userName\":\"ada\",\"Shoe\":{\"Size\":42},\"name\":{\"Nick\":\"A\"}}";
        assertThat(ScimAttributeNames.normalize("PUT", "Users/1", unknown)).isSameAs(unknown);
        // both spellings: not merged, the SDK sees both
        String both = "{\"name\":{\"givenName\":\"A\",\"GivenName\":\"B\"}}";
        assertThat(ScimAttributeNames.normalize("PUT", "Users/1", both)).isSameAs(both);
        assertThat(ScimAttributeNames.normalize("POST", "Users", "[1]")).isEqualTo("[1]");
        assertThat(ScimAttributeNames.normalize("POST", "Users", "{not json")).isEqualTo("{not json");
    }

    @Test
    void groupMembersAreSpelledAsTheGroupSchema() throws Exception {
        JsonNode fixed = read(ScimAttributeNames.normalize("POST", "Groups",
                "{\"DisplayName\":\"g\",\"Members\":[{\"Value\":\"u1\",\"Display\":\"Ada\"}]}"));
        assertThat(fixed.get("displayName").asText()).isEqualTo("g");
        assertThat(fixed.get("members").get(0).get("value").asText()).isEqualTo("u1");
        assertThat(fixed.get("members").get(0).get("display").asText()).isEqualTo("Ada");
    }

    @Test
    void patchValuesAreSpelledForWhereTheirPathLeads() throws Exception {
        String patch = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","value":{"Emails":[{"Value":"a@x.test"}],"name":{"GivenName":"A"}}},
                 {"op":"add","path":"emails[type eq \\"work\\"]","value":{"Value":"b@x.test"}},
                 {"op":"add","path":"Name","value":{"MiddleName":"M"}},
                 {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Manager",
                  "value":{"Value":"m2"}},
                 {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                  "value":{"CostCenter":"42"}},
                 {"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:emails",
                  "value":[{"Value":"c@x.test"}]},
                 {"op":"replace","path":"displayName","value":"Plain"}]}""";

        JsonNode ops = read(ScimAttributeNames.normalize("PATCH", "Users/1", patch)).get("Operations");

        assertThat(ops.get(0).get("value").get("emails").get(0).get("value").asText()).isEqualTo("a@x.test");
        assertThat(ops.get(0).get("value").get("name").get("givenName").asText()).isEqualTo("A");
        assertThat(ops.get(1).get("value").get("value").asText()).isEqualTo("b@x.test");
        assertThat(ops.get(2).get("value").get("middleName").asText()).isEqualTo("M");
        assertThat(ops.get(3).get("value").get("value").asText()).isEqualTo("m2");
        assertThat(ops.get(4).get("value").get("costCenter").asText()).isEqualTo("42");
        assertThat(ops.get(5).get("value").get(0).get("value").asText()).isEqualTo("c@x.test");
        assertThat(ops.get(6).get("value").asText()).isEqualTo("Plain");
    }

    @Test
    void bulkOperationsAreSpelledAsTheirResourceType() throws Exception {
        String bulk = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                 {"method":"POST","path":"/Users","bulkId":"1","data":{"userName":"u","Name":{"GivenName":"G"}}},
                 {"method":"PATCH","path":"/Groups/g1","data":{"Operations":[{"op":"add","path":"members",
                  "value":[{"Value":"u1"}]}]}}]}""";

        JsonNode ops = read(ScimAttributeNames.normalize("POST", "Bulk", bulk)).get("Operations");

        assertThat(ops.get(0).get("data").get("name").get("givenName").asText()).isEqualTo("G");
        assertThat(ops.get(1).get("data").get("Operations").get(0).get("value").get(0).get("value").asText())
                .isEqualTo("u1");
    }

    @Test
    void theAttributesParametersAreSpelledAsTheSchema() {
        String url = "http://h/realms/r/provisioning/scim/v2/Users?filter=userName%20eq%20%22a%22"
                + "&attributes=Name.GivenName,EMAILS.Value&excludedAttributes="
                + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Manager";

        String fixed = ScimAttributeNames.canonicalQuery(url, ScimAttributeNames.USER);

        assertThat(fixed).isEqualTo("http://h/realms/r/provisioning/scim/v2/Users?filter=userName%20eq%20%22a%22"
                + "&attributes=name.givenName%2Cemails.value&excludedAttributes="
                + "urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Aenterprise%3A2.0%3AUser%3Amanager");
        String plain = "http://h/x/Users?attributes=userName";
        assertThat(ScimAttributeNames.canonicalQuery(plain, ScimAttributeNames.USER)).isSameAs(plain);
        assertThat(ScimAttributeNames.canonicalPath("urn:ietf:params:scim:schemas:core:2.0:User:Name.GivenName",
                ScimAttributeNames.USER)).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName");
        assertThat(ScimAttributeNames.canonicalPath("shoe.size", ScimAttributeNames.USER)).isEqualTo("shoe.size");
    }
}
