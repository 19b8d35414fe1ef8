package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.USER_SCHEMAS;
import static io.kcprovisioning.testing.ScimRealm.GROUP_SCHEMAS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.TestKeycloak;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** First end-to-end checks of the SCIM endpoint against the real distribution. */
class ScimSmokeIT {

    private KeycloakAdmin admin;
    private String realm;
    private ScimClient scim;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
        realm = RealmSetup.unique("scim").create(admin);
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/profiles/enterprise-seats/apply", null));
        JsonNode policy = admin.get("/admin/realms/" + realm + "/provisioning/policy").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) policy).put("mode", "scim");
        ((com.fasterxml.jackson.databind.node.ObjectNode) policy.get("seatTiers").get(1)).put("capacity", 5);
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm + "/provisioning/policy", policy));
        scim = ScimClient.withNewToken(admin, realm);
    }

    @Test
    void entraLifecycleOfOneUser() {
        HttpResult empty = scim.get("/Users?filter=" + enc("userName eq \"4b3c1e9e-0000-0000-0000-000000000000\""));
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(empty.json().get("totalResults").asInt()).isZero();

        HttpResult created = scim.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"ext-1","userName":"Ada@Example.test","active":true,
                 "displayName":"Ada Lovelace","name":{"givenName":"Ada","familyName":"Lovelace"},
                 "emails":[{"primary":true,"type":"work","value":"ada@example.test"}],
                 "roles":[],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"42",
                   "department":"Math"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/Users/");
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        String id = created.json().get("id").asText();

        HttpResult byFilter = scim.get("/Users?filter=" + enc("userName eq \"ada@example.test\""));
        assertThat(byFilter.json().get("totalResults").asInt()).as(byFilter.body()).isEqualTo(1);
        HttpResult byWorkEmail = scim.get("/Users?filter="
                + enc("emails[type eq \"work\"].value eq \"ADA@example.test\""));
        assertThat(byWorkEmail.json().get("totalResults").asInt()).as(byWorkEmail.body()).isEqualTo(1);
        HttpResult byEnterprise = scim.get("/Users?filter=" + enc(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"42\""));
        assertThat(byEnterprise.json().get("totalResults").asInt()).as(byEnterprise.body()).isEqualTo(1);

        JsonNode member = admin.get("/admin/realms/" + realm + "/provisioning/members/" + id).json();
        assertThat(member.get("state").asText()).isEqualTo("active");
        assertThat(member.get("role").asText()).isEqualTo("user");

        HttpResult deactivated = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""");
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertThat(admin.get("/admin/realms/" + realm + "/users/" + id).json().get("enabled").asBoolean()).isFalse();
        assertThat(admin.get("/admin/realms/" + realm + "/provisioning/members/" + id).json().get("state").asText())
                .isEqualTo("deprovisioned");
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(200);

        HttpResult deleted = scim.delete("/Users/" + id);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        HttpResult gone = scim.get("/Users/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("schemas").get(0).asText()).isEqualTo(
                "urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void groupsAndMembers() {
        String u1 = scim.post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"g1@example.test\"}").json().get("id").asText();
        HttpResult group = scim.post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"Engineering\",\"members\":[]}");
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        String gid = group.json().get("id").asText();
        HttpResult added = scim.patch("/Groups/" + gid, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"members","value":[{"value":"%s"}]}]}""".formatted(u1));
        assertThat(added.status()).as(added.body()).isIn(200, 204);
        HttpResult read = scim.get("/Groups/" + gid);
        assertThat(read.json().get("members").get(0).get("value").asText()).isEqualTo(u1);
        HttpResult removed = scim.patch("/Groups/" + gid, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}""".formatted(u1));
        assertThat(removed.status()).as(removed.body()).isIn(200, 204);
        assertThat(scim.get("/Groups/" + gid).json().path("members").size()).isZero();
    }

    @Test
    void wrongTokenIs401WithAScimError() {
        ScimClient wrong = new ScimClient(admin.baseUrl(), realm, "kcp_nope.nope");
        HttpResult r = wrong.get("/Users");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        assertThat(r.json().get("status").asText()).isEqualTo("401");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void duplicateUserNameIs409Uniqueness() {
        scim.post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"dup@example.test\"}");
        HttpResult r = scim.post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"DUP@example.test\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("scimType").asText()).isEqualTo("uniqueness");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

}
