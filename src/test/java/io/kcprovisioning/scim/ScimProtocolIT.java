package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.GROUP_SCHEMAS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RFC 7644 features beyond CRUD: discovery, Bulk with bulkId, sortBy, attributes, .search, paging, ETags. */
@Tag(DatabaseServer.TAG)
class ScimProtocolIT {

    private static ScimRealm realm;

    @BeforeAll
    static void createRealm() {
        realm = ScimRealm.create(TestKeycloak.admin(), "protocol");
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            realm.createUser("{\"userName\":\"sort-" + name + "@example.test\",\"displayName\":\"" + name
                    + "\",\"title\":\"t-" + name + "\"}");
        }
    }

    @Test
    void discoveryEndpointsDescribeTheServer() {
        JsonNode spc = realm.scim().get("/ServiceProviderConfig").json();
        assertThat(spc.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(spc.get("bulk").get("supported").asBoolean()).isTrue();
        assertThat(spc.get("filter").get("supported").asBoolean()).isTrue();
        assertThat(spc.get("sort").get("supported").asBoolean()).isTrue();
        assertThat(spc.get("etag").get("supported").asBoolean()).isTrue();

        List<String> schemas = new ArrayList<>();
        realm.scim().get("/Schemas").json().get("Resources").forEach(s -> schemas.add(s.get("id").asText()));
        assertThat(schemas).contains("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:core:2.0:Group",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        List<String> types = new ArrayList<>();
        realm.scim().get("/ResourceTypes").json().get("Resources").forEach(t -> types.add(t.get("name").asText()));
        assertThat(types).contains("User", "Group");
    }

    @Test
    void discoveryAnswersNameTheRealmAskedNeverTheOneThatAskedFirst() {
        ScimRealm other = ScimRealm.create(TestKeycloak.admin(), "scim-discovery");
        for (ScimRealm asked : List.of(realm, other, realm)) {
            String base = "/realms/" + asked.name() + "/provisioning/scim/v2/";
            List<String> locations = new ArrayList<>();
            locations.add(asked.scim().get("/ServiceProviderConfig").json().get("meta").get("location").asText());
            for (String listing : List.of("/Schemas", "/ResourceTypes")) {
                asked.scim().get(listing).json().get("Resources")
                        .forEach(r -> locations.add(r.get("meta").get("location").asText()));
            }
            locations.add(asked.scim().get("/ResourceTypes/User").json().get("meta").get("location").asText());

            assertThat(locations).hasSizeGreaterThan(5)
                    .allSatisfy(location -> assertThat(location).contains(base));
        }
    }

    @Test
    void bulkDeactivatesRestoresAndDeletesInItsOperations() {
        String userName = ScimRealm.uniqueUserName("bulk-life");
        HttpResult r = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations":[
                  {"method":"POST","path":"/Users","bulkId":"u","data":{"userName":"%s"}},
                  {"method":"PATCH","path":"/Users/bulkId:u","data":{"schemas":
                    ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations":[{"op":"replace","path":"active","value":false}]}}]}""".formatted(userName));
        JsonNode ops = r.json().get("Operations");
        assertThat(ops.get(0).get("status").asText()).as(r.body()).isEqualTo("201");
        assertThat(ops.get(1).get("status").asText()).as(r.body()).isEqualTo("200");
        String location = ops.get(0).get("location").asText();
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(realm.scim().get("/Users/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(realm.admin().get("/admin/realms/" + realm.name() + "/users/" + id).json().get("enabled")
                .asBoolean()).isFalse();

        HttpResult second = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations":[
                  {"method":"PATCH","path":"/Users/%1$s","data":{"schemas":
                    ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations":[{"op":"replace","path":"active","value":true}]}},
                  {"method":"DELETE","path":"/Users/%1$s"}]}""".formatted(id));
        assertThat(second.json().get("Operations").get(0).get("status").asText()).as(second.body()).isEqualTo("200");
        assertThat(second.json().get("Operations").get(1).get("status").asText()).as(second.body()).isEqualTo("204");
        assertThat(realm.scim().get("/Users/" + id).status()).isEqualTo(404);
    }

    @Test
    void bulkResolvesBulkIdReferences() {
        HttpResult r = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,
                 "Operations":[
                  {"method":"POST","path":"/Users","bulkId":"u1","data":{"schemas":
                    ["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk-one@example.test"}},
                  {"method":"POST","path":"/Groups","bulkId":"g1","data":{"schemas":
                    ["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Bulk Group",
                    "members":[{"value":"bulkId:u1","type":"User"}]}}]}""");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode ops = r.json().get("Operations");
        assertThat(ops.get(0).get("status").asText()).isEqualTo("201");
        assertThat(ops.get(1).get("status").asText()).isEqualTo("201");
        String groupLocation = ops.get(1).get("location").asText();
        String groupId = groupLocation.substring(groupLocation.lastIndexOf('/') + 1);
        JsonNode group = realm.scim().get("/Groups/" + groupId).json();
        String userLocation = ops.get(0).get("location").asText();
        assertThat(group.get("members").get(0).get("value").asText())
                .isEqualTo(userLocation.substring(userLocation.lastIndexOf('/') + 1));
    }

    @Test
    void sortByUserNameDescending() {
        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName sw \"sort-\"")
                + "&sortBy=userName&sortOrder=descending");

        List<String> names = new ArrayList<>();
        r.json().get("Resources").forEach(u -> names.add(u.get("userName").asText()));
        assertThat(names).containsExactly("sort-echo@example.test", "sort-delta@example.test",
                "sort-charlie@example.test", "sort-bravo@example.test", "sort-alpha@example.test");
    }

    @Test
    void sortByDisplayNameIgnoresCaseAsTheSchemaSays() {
        // displayName is caseExact=false: "Bravo" sorts between "alpha" and "charlie", not before both
        for (String name : List.of("charlie", "Bravo", "alpha")) {
            realm.createUser("{\"userName\":\"case-" + name + "@example.test\",\"displayName\":\"" + name
                    + "\"}");
        }

        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName sw \"case-\"")
                + "&sortBy=displayName");

        List<String> names = new ArrayList<>();
        r.json().get("Resources").forEach(u -> names.add(u.get("displayName").asText()));
        assertThat(names).containsExactly("alpha", "Bravo", "charlie");
    }

    @Test
    void attributesLimitTheAnswer() {
        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"sort-alpha@example.test\"")
                + "&attributes=userName");

        JsonNode user = r.json().get("Resources").get(0);
        assertThat(user.has("userName")).isTrue();
        assertThat(user.has("id")).isTrue();
        assertThat(user.has("title")).isFalse();
    }

    @Test
    void excludedAttributesLeaveThemOut() {
        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"sort-alpha@example.test\"")
                + "&excludedAttributes=title");

        assertThat(r.json().get("Resources").get(0).has("title")).isFalse();
        assertThat(r.json().get("Resources").get(0).get("displayName").asText()).isEqualTo("alpha");
    }

    @Test
    void searchByPost() {
        HttpResult r = realm.scim().post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"title co \\"-char\\" or displayName eq \\"echo\\"","sortBy":"userName"}""");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().get("Resources").forEach(u -> names.add(u.get("displayName").asText()));
        assertThat(names).containsExactly("charlie", "echo");
    }

    @Test
    void notAndPresenceFilters() {
        HttpResult r = realm.filterUsers("userName sw \"sort-\" and not (displayName eq \"alpha\") and title pr");

        assertThat(r.json().get("totalResults").asInt()).as(r.body()).isEqualTo(4);
    }

    @Test
    void externalIdComparesCaseExactlyAndUserNameIgnoringCase() {
        String userName = ScimRealm.uniqueUserName("case");
        String id = realm.createUser("{\"userName\":\"" + userName + "\",\"externalId\":\"Ext-" + userName + "\"}");

        HttpResult otherCase = realm.filterUsers("externalId eq \"ext-" + userName + "\"");
        HttpResult sameCase = realm.filterUsers("externalId eq \"Ext-" + userName + "\"");
        HttpResult upperUserName = realm.filterUsers("userName eq \"" + userName.toUpperCase(Locale.ROOT) + "\"");

        assertThat(otherCase.json().get("totalResults").asInt()).as(otherCase.body()).isZero();
        assertThat(sameCase.json().get("Resources").get(0).get("id").asText()).as(sameCase.body()).isEqualTo(id);
        assertThat(upperUserName.json().get("Resources").get(0).get("id").asText()).as(upperUserName.body())
                .isEqualTo(id);
    }

    @Test
    void valueFilterOnASingularComplexAttribute() {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("vf")
                + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Byron\",\"formatted\":\"Ada Byron\"}}");

        HttpResult r = realm.filterUsers("name[givenName eq \"ada\" and formatted co \"byron\"]");

        assertThat(r.json().get("totalResults").asInt()).as(r.body()).isEqualTo(1);
        assertThat(r.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void valueFilterMatchesWithinOneElementOnly() {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("el")
                + "\",\"emails\":[{\"type\":\"home\",\"value\":\"el-home@example.test\"},"
                + "{\"type\":\"work\",\"value\":\"el-work@example.test\"}]}");

        HttpResult crossed = realm.filterUsers("emails[type eq \"work\" and value eq \"el-home@example.test\"]");
        HttpResult same = realm.filterUsers("emails[type eq \"work\" and value eq \"el-work@example.test\"]");

        assertThat(crossed.json().get("totalResults").asInt()).as(crossed.body()).isZero();
        assertThat(same.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void pagesDoNotOverlapAndCoverEveryone() {
        Set<String> seen = new HashSet<>();
        int total = realm.filterUsers("userName sw \"sort-\"").json().get("totalResults").asInt();
        for (int start = 1; start <= total; start += 2) {
            JsonNode page = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName sw \"sort-\"")
                    + "&startIndex=" + start + "&count=2").json();
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            page.get("Resources").forEach(u -> assertThat(seen.add(u.get("id").asText())).isTrue());
        }
        assertThat(seen).hasSize(5);
    }

    @Test
    void eachChangeGivesANewVersion() {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("ver") + "\"}");
        HttpResult first = realm.scim().get("/Users/" + id);
        realm.scim().patch("/Users/" + id, ScimRealm.patch(
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"changed\"}]"));
        HttpResult second = realm.scim().get("/Users/" + id);

        assertThat(first.json().get("meta").get("version").asText())
                .isNotEqualTo(second.json().get("meta").get("version").asText());
        assertThat(second.header("ETag")).isEqualTo(second.json().get("meta").get("version").asText());
    }

    /** RFC 7643 section 2.1: attribute names are case-insensitive at every level, not the top one only. */
    @Test
    void subAttributeNamesInAnyCaseAreReadAsTheSchemaSpellsThem() {
        String userName = ScimRealm.uniqueUserName("cased");
        String id = realm.createUser("{\"UserName\":\"" + userName + "\",\"Name\":{\"GivenName\":\"Ada\","
                + "\"FamilyName\":\"Lovelace\"},\"Emails\":[{\"Value\":\"" + userName + "\",\"Type\":\"work\","
                + "\"Primary\":true}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                + "{\"Manager\":{\"Value\":\"boss-1\"},\"Department\":\"Engines\"}}");

        JsonNode user = realm.scim().get("/Users/" + id).json();
        assertThat(user.get("name").get("givenName").asText()).isEqualTo("Ada");
        assertThat(user.get("emails").get(0).get("value").asText()).isEqualTo(userName);
        JsonNode enterprise = user.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(enterprise.get("manager").get("value").asText()).isEqualTo("boss-1");
        assertThat(enterprise.get("department").asText()).isEqualTo("Engines");
        assertThat(realm.keycloakUser(id).get("firstName").asText()).isEqualTo("Ada");
        assertThat(realm.keycloakUser(id).get("email").asText()).isEqualTo(userName);

        HttpResult patched = realm.scim().patch("/Users/" + id, ScimRealm.patch("[{\"op\":\"replace\",\"value\":"
                + "{\"Emails\":[{\"Value\":\"x-" + userName + "\",\"Type\":\"work\",\"Primary\":true}]}}]"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("emails").get(0).get("value").asText()).isEqualTo("x-" + userName);

        JsonNode selected = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + userName + "\"")
                + "&attributes=" + ScimRealm.enc("Name.GivenName")).json().get("Resources").get(0);
        assertThat(selected.get("name").get("givenName").asText()).isEqualTo("Ada");
        assertThat(selected.has("emails")).isFalse();
    }

    /** RFC 7644 section 3.4.2.2: a compValue is any JSON string, the empty one too. */
    @Test
    void anEmptyStringIsAValidFilterValue() {
        HttpResult none = realm.filterUsers("userName eq \"\"");
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(none.json().get("totalResults").asInt()).isZero();

        HttpResult sortUsers = realm.filterUsers("userName sw \"sort-\" and userName ne \"\"");
        assertThat(sortUsers.status()).as(sortUsers.body()).isEqualTo(200);
        assertThat(sortUsers.json().get("totalResults").asInt()).isEqualTo(5);

        HttpResult standIn = realm.filterUsers("userName eq \"\uE000\"");
        assertThat(standIn.status()).isEqualTo(400);
        assertThat(standIn.json().get("scimType").asText()).isEqualTo("invalidFilter");
    }

    /** RFC 7643 section 4.2: a group's members carry their display name (displayName, else userName). */
    @Test
    void groupMembersShowTheirDisplayName() {
        String named = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("shown")
                + "\",\"displayName\":\"Ada Lovelace\"}");
        String bareName = ScimRealm.uniqueUserName("bare");
        String bare = realm.createUser("{\"userName\":\"" + bareName + "\"}");
        HttpResult created = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"shown-" + named + "\","
                + "\"members\":[{\"value\":\"" + named + "\"},{\"value\":\"" + bare + "\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        JsonNode members = realm.scim().get("/Groups/" + created.json().get("id").asText()).json().get("members");
        java.util.Map<String, String> display = new java.util.HashMap<>();
        members.forEach(m -> display.put(m.get("value").asText(), m.get("display").asText()));
        assertThat(display).containsEntry(named, "Ada Lovelace").containsEntry(bare, bareName);
    }
}
