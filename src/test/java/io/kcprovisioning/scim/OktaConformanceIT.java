package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request shapes Okta sends (FIELD-NOTES, "What IdPs send"), one behaviour per test. */
class OktaConformanceIT {

    private static ScimRealm realm;

    @BeforeAll
    static void createRealm() {
        realm = ScimRealm.create(TestKeycloak.admin(), "okta");
    }

    private static String oktaUser(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Alan","familyName":"Turing"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],
                 "displayName":"Alan Turing","locale":"en-GB","externalId":"00u%s",
                 "groups":[],"password":"Not-Stored-1","active":true}"""
                .formatted(userName, userName, Math.abs(userName.hashCode()));
    }

    @Test
    void existenceCheckPagesWithIntegers() {
        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"nobody@example.test\"")
                + "&startIndex=1&count=100");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("totalResults").isInt()).isTrue();
        assertThat(r.json().get("startIndex").isInt()).isTrue();
        assertThat(r.json().get("itemsPerPage").isInt()).isTrue();
    }

    @Test
    void userNameIsComparedCaseInsensitively() {
        String userName = ScimRealm.uniqueUserName("Alan.Turing");
        String id = realm.createUser(oktaUser(userName));

        HttpResult r = realm.filterUsers("userName eq \"" + userName.toUpperCase() + "\"");

        assertThat(r.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(r.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void createWithPasswordGroupsAndLocaleNeverReturnsThePassword() {
        HttpResult r = realm.scim().post("/Users", oktaUser(ScimRealm.uniqueUserName("pw")));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().has("password")).isFalse();
        JsonNode read = realm.scim().get("/Users/" + r.json().get("id").asText()).json();
        assertThat(read.has("password")).isFalse();
        assertThat(read.get("locale").asText()).isEqualTo("en-GB");
    }

    @Test
    void fullPutWithIdMetaAndGroupsReplacesTheUser() {
        String userName = ScimRealm.uniqueUserName("put");
        String id = realm.createUser(oktaUser(userName));
        ObjectNode user = (ObjectNode) realm.scim().get("/Users/" + id).json();
        ((ObjectNode) user.get("name")).put("familyName", "Turing-Updated");
        user.put("displayName", "A. Turing");

        HttpResult r = realm.scim().put("/Users/" + id, user);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").get("familyName").asText()).isEqualTo("Turing-Updated");
        assertThat(realm.keycloakUser(id).get("lastName").asText()).isEqualTo("Turing-Updated");
    }

    @Test
    void deactivationByPutWithActiveFalse() {
        String id = realm.createUser(oktaUser(ScimRealm.uniqueUserName("deput")));
        ObjectNode user = (ObjectNode) realm.scim().get("/Users/" + id).json();
        user.put("active", false);

        HttpResult r = realm.scim().put("/Users/" + id, user);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(realm.keycloakUser(id).get("enabled").asBoolean()).isFalse();
        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");
    }

    @Test
    void deactivationByPathlessPatch() {
        String id = realm.createUser(oktaUser(ScimRealm.uniqueUserName("depatch")));

        HttpResult r = realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"value\":{\"active\":false}}]"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(realm.keycloakUser(id).get("enabled").asBoolean()).isFalse();
    }

    @Test
    void pushGroupCreatedWithNoMembersIsRenamedByPathlessReplaceCarryingTheId() {
        HttpResult created = realm.scim().post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Okta Push\",\"members\":[]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();

        HttpResult renamed = realm.scim().patch("/Groups/" + id, patch(
                "[{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"displayName\":\"Okta Push Renamed\"}}]"));

        assertThat(renamed.status()).as(renamed.body()).isIn(200, 204);
        assertThat(realm.scim().get("/Groups/" + id).json().get("displayName").asText())
                .isEqualTo("Okta Push Renamed");
    }

    @Test
    void membersAreReplacedWholesale() {
        String a = realm.createUser(oktaUser(ScimRealm.uniqueUserName("ma")));
        String b = realm.createUser(oktaUser(ScimRealm.uniqueUserName("mb")));
        String group = realm.createGroup("Okta Wholesale");
        realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]"));

        HttpResult r = realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}]"));

        assertThat(r.status()).as(r.body()).isIn(200, 204);
        JsonNode members = realm.scim().get("/Groups/" + group).json().get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("value").asText()).isEqualTo(b);
    }
}
