package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request shapes Microsoft Entra ID sends (FIELD-NOTES, "What IdPs send"), one behaviour per test. */
class EntraConformanceIT {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static ScimRealm realm;

    @BeforeAll
    static void createRealm() {
        realm = ScimRealm.create(TestKeycloak.admin(), "entra");
    }

    private static String entraUser(String userName, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "externalId":"%s","userName":"%s","active":true,"displayName":"Grace Hopper",
                 "meta":{"resourceType":"User"},"roles":[],
                 "name":{"formatted":"Grace Hopper","familyName":"Hopper","givenName":"Grace"},
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "phoneNumbers":[{"type":"work","value":"+1 555 0100"}],
                 "addresses":[{"type":"work","locality":"Arlington","country":"US","primary":false}],
                 "title":"Rear Admiral",
                 "%s":{"employeeNumber":"1906","department":"Navy","manager":{"value":"m-1"}}}"""
                .formatted(ENTERPRISE, externalId, userName, userName, ENTERPRISE);
    }

    @Test
    void testConnectionWithARandomGuidAnswersAnEmptyList() {
        HttpResult r = realm.filterUsers("userName eq \"9f1f4fa6-3b6a-4d0e-9d3e-6a0f5b0c7d11\"");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        assertThat(r.json().get("totalResults").asInt()).isZero();
        assertThat(r.json().get("Resources").isArray()).as(r.body()).isTrue();
        assertThat(r.json().get("Resources")).isEmpty();
        assertThat(r.json().get("schemas").get(0).asText()).isEqualTo(
                "urn:ietf:params:scim:api:messages:2.0:ListResponse");
    }

    @Test
    void createWithTheEnterpriseExtensionStoresAndReturnsEverything() {
        String userName = ScimRealm.uniqueUserName("grace");
        HttpResult r = realm.scim().post("/Users", entraUser(userName, "ext-grace"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode read = realm.scim().get("/Users/" + r.json().get("id").asText()).json();
        assertThat(read.get("externalId").asText()).isEqualTo("ext-grace");
        assertThat(read.get("displayName").asText()).isEqualTo("Grace Hopper");
        assertThat(read.get("phoneNumbers").get(0).get("value").asText()).isEqualTo("+1 555 0100");
        assertThat(read.get("addresses").get(0).get("locality").asText()).isEqualTo("Arlington");
        assertThat(read.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("1906");
        assertThat(read.get(ENTERPRISE).get("manager").get("value").asText()).isEqualTo("m-1");
        assertThat(read.get("active").asBoolean()).isTrue();
    }

    @Test
    void matchingByExternalIdFindsTheUser() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("ext"), "ext-match-1"));

        HttpResult r = realm.filterUsers("externalId eq \"ext-match-1\"");

        assertThat(r.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(r.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void matchingByWorkEmailValuePathFindsTheUser() {
        String userName = ScimRealm.uniqueUserName("mail");
        String id = realm.createUser(entraUser(userName, "ext-mail"));

        HttpResult r = realm.filterUsers("emails[type eq \"work\"].value eq \"" + userName.toUpperCase() + "\"");

        assertThat(r.json().get("totalResults").asInt()).as(r.body()).isEqualTo(1);
        assertThat(r.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void workEmailMatchingComparesTheWorkAddressItselfNotAnyAddress() {
        // a user whose work address is not the one looked for, but whose home address is
        String userName = ScimRealm.uniqueUserName("corr");
        String home = "home-" + userName;
        realm.createUser("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "emails":[{"type":"work","value":"%s","primary":true},{"type":"home","value":"%s"}]}"""
                .formatted(userName, userName, home));

        HttpResult byHome = realm.filterUsers("emails[type eq \"work\"].value eq \"" + home + "\"");
        HttpResult searched = realm.scim().post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"emails[type eq \\"work\\"].value eq \\"%s\\""}""".formatted(home));
        HttpResult byWork = realm.filterUsers("emails[type eq \"work\"].value eq \"" + userName + "\"");

        assertThat(byHome.json().get("totalResults").asInt()).as(byHome.body()).isZero();
        assertThat(searched.status()).as(searched.body()).isEqualTo(200);
        assertThat(searched.json().get("totalResults").asInt()).as(searched.body()).isZero();
        assertThat(byWork.json().get("totalResults").asInt()).as(byWork.body()).isEqualTo(1);
    }

    @Test
    void defaultPatchWithCapitalisedOpsAndPathsUpdatesEachAttribute() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("pat"), "ext-pat"));

        HttpResult r = realm.scim().patch("/Users/" + id, patch("""
                [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new.mail@example.test"},
                 {"op":"Replace","path":"name.givenName","value":"Amazing"},
                 {"op":"Replace","path":"%s:employeeNumber","value":"2024"},
                 {"op":"Add","path":"title","value":"Commodore"}]""".formatted(ENTERPRISE)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode read = realm.scim().get("/Users/" + id).json();
        assertThat(read.get("emails").get(0).get("value").asText()).isEqualTo("new.mail@example.test");
        assertThat(read.get("name").get("givenName").asText()).isEqualTo("Amazing");
        assertThat(read.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("2024");
        assertThat(read.get("title").asText()).isEqualTo("Commodore");
        assertThat(realm.keycloakUser(id).get("email").asText()).isEqualTo("new.mail@example.test");
        assertThat(realm.keycloakUser(id).get("firstName").asText()).isEqualTo("Amazing");
    }

    @Test
    void managerAsABareStringIsAccepted() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("mgr"), "ext-mgr"));

        HttpResult r = realm.scim().patch("/Users/" + id, patch("""
                [{"op":"Add","path":"%s:manager","value":"boss-42"}]""".formatted(ENTERPRISE)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(realm.scim().get("/Users/" + id).json().get(ENTERPRISE).get("manager").get("value").asText())
                .isEqualTo("boss-42");
    }

    @Test
    void activeAsTheStringFalseDeactivatesAndTrueRestores() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("act"), "ext-act"));

        HttpResult off = realm.scim().patch("/Users/" + id, patch(
                "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(realm.keycloakUser(id).get("enabled").asBoolean()).isFalse();
        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");
        assertThat(realm.filterUsers("externalId eq \"ext-act\"").json().get("totalResults").asInt()).isEqualTo(1);

        HttpResult on = realm.scim().patch("/Users/" + id, patch(
                "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(realm.keycloakUser(id).get("enabled").asBoolean()).isTrue();
        assertThat(realm.member(id).get("state").asText()).isEqualTo("active");
    }

    @Test
    void newerStylePathlessReplaceWithDottedAndUrnKeys() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("new"), "ext-new"));

        HttpResult r = realm.scim().patch("/Users/" + id, patch("""
                [{"op":"replace","value":{"name.familyName":"Brewster","displayName":"G. Brewster",
                  "%s:department":"Research","active":false}}]""".formatted(ENTERPRISE)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode read = realm.scim().get("/Users/" + id).json();
        assertThat(read.get("name").get("familyName").asText()).isEqualTo("Brewster");
        assertThat(read.get("displayName").asText()).isEqualTo("G. Brewster");
        assertThat(read.get(ENTERPRISE).get("department").asText()).isEqualTo("Research");
        assertThat(read.get("active").asBoolean()).isFalse();
    }

    @Test
    void groupWithTheMicrosoftSchemaAndNoMembersIsCreatedAndFoundWithoutMembers() {
        HttpResult created = realm.scim().post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                  "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"0a1b","displayName":"Entra Engineers","meta":{"resourceType":"Group"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        HttpResult found = realm.scim().get("/Groups?excludedAttributes=members&filter="
                + ScimRealm.enc("displayName eq \"Entra Engineers\""));

        assertThat(found.json().get("totalResults").asInt()).as(found.body()).isEqualTo(1);
        assertThat(found.json().get("Resources").get(0).has("members")).isFalse();
    }

    @Test
    void membersAreAddedAndRemovedWithValueArrays() {
        String user = realm.createUser(entraUser(ScimRealm.uniqueUserName("mem"), "ext-mem"));
        String group = realm.createGroup("Entra Members Group");

        HttpResult add = realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
        assertThat(add.status()).as(add.body()).isIn(200, 204);
        assertThat(realm.scim().get("/Users/" + user).json().get("groups").get(0).get("value").asText())
                .isEqualTo(group);

        HttpResult remove = realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
        assertThat(remove.status()).as(remove.body()).isIn(200, 204);
        assertThat(realm.scim().get("/Groups/" + group).json().path("members").size()).isZero();
    }

    @Test
    void memberRemovalByValueFilter() {
        String user = realm.createUser(entraUser(ScimRealm.uniqueUserName("flt"), "ext-flt"));
        String group = realm.createGroup("Entra Filter Removal");
        realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));

        HttpResult remove = realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]"));

        assertThat(remove.status()).as(remove.body()).isIn(200, 204);
        assertThat(realm.scim().get("/Groups/" + group).json().path("members").size()).isZero();
    }

    @Test
    void hardDeleteRemovesTheUserFromScimAndDisablesTheKeycloakUser() {
        String id = realm.createUser(entraUser(ScimRealm.uniqueUserName("del"), "ext-del"));

        assertThat(realm.scim().delete("/Users/" + id).status()).isEqualTo(204);

        assertThat(realm.scim().get("/Users/" + id).status()).isEqualTo(404);
        assertThat(realm.keycloakUser(id).get("enabled").asBoolean()).isFalse();
        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");
    }
}
