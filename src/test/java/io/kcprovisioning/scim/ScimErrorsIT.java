package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.USER_SCHEMAS;
import static io.kcprovisioning.testing.ScimRealm.GROUP_SCHEMAS;
import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad input gets the right 4xx with a SCIM Error body, and changes nothing. */
class ScimErrorsIT {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static ScimRealm realm;
    private static KeycloakAdmin admin;

    @BeforeAll
    static void createRealm() {
        admin = TestKeycloak.admin();
        realm = ScimRealm.create(admin, "errors");
    }

    private static void assertScimError(HttpResult r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        assertThat(r.json().get("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(r.json().get("status").asText()).isEqualTo(Integer.toString(status));
    }

    @Test
    void missingTokenIs401() {
        HttpResult r = KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(realm.scim().base() + "/Users"))
                .GET().build());
        assertScimError(r, 401);
    }

    @Test
    void anotherRealmsTokenIs401() {
        ScimRealm other = ScimRealm.create(admin, "errors-other");
        assertScimError(new ScimClient(admin.baseUrl(), realm.name(), other.scim().token()).get("/Users"), 401);
    }

    @Test
    void revokedTokenIs401() {
        HttpResult created = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name()
                + "/provisioning/scim/tokens", "{\"name\":\"to revoke\"}"));
        ScimClient client = new ScimClient(admin.baseUrl(), realm.name(), created.json().get("token").asText());
        assertThat(client.get("/Users").status()).isEqualTo(200);

        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/provisioning/scim/tokens/"
                + created.json().get("id").asText()));

        assertScimError(client.get("/Users"), 401);
    }

    @Test
    void tokenWithAWrongSecretIs401() {
        String token = realm.scim().token();
        String wrong = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertScimError(new ScimClient(admin.baseUrl(), realm.name(), wrong).get("/Users"), 401);
    }

    @Test
    void tokenListNeverShowsSecretsAndRecordsLastUse() {
        realm.scim().get("/Users");
        var tokens = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm.name() + "/provisioning/scim/tokens"))
                .json();
        assertThat(tokens.get(0).has("token")).isFalse();
        assertThat(tokens.get(0).get("lastUsed").asText()).isNotBlank();
    }

    @Test
    void aTokenNameThatIsBlankTooLongOrHoldsControlCharactersIs400AndCreatesNoToken() {
        String tokens = "/admin/realms/" + realm.name() + "/provisioning/scim/tokens";
        int before = KeycloakAdmin.ok(admin.get(tokens)).json().size();

        for (String name : new String[] {" ", "n".repeat(256), "nul\u0000name", "line\nbreak"}) {
            HttpResult r = admin.post(tokens, java.util.Map.of("name", name));
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.json().get("errorMessage").asText()).startsWith("name is required");
        }
        assertThat(KeycloakAdmin.ok(admin.get(tokens)).json().size()).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400() {
        assertScimError(realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\": "), 400);
    }

    @Test
    void missingUserNameIs400AndCreatesNothing() {
        HttpResult r = realm.scim().post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"displayName\":\"No Name\"}");
        assertScimError(r, 400);
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users?search=No%20Name").json()).isEmpty();
    }

    @Test
    void badFilterIs400() {
        HttpResult r = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq"));
        assertScimError(r, 400);
    }

    @Test
    void unknownIdIs404() {
        assertScimError(realm.scim().get("/Users/00000000-0000-0000-0000-000000000000"), 404);
        assertScimError(realm.scim().patch("/Users/00000000-0000-0000-0000-000000000000",
                patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")), 404);
        assertScimError(realm.scim().delete("/Groups/00000000-0000-0000-0000-000000000000"), 404);
    }

    @Test
    void oversizeBodyIs413() {
        String big = "{\"userName\":\"big@example.test\",\"displayName\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        HttpResult r = realm.scim().post("/Users", big);
        assertThat(r.status()).isIn(413);
    }

    @Test
    void aMemberWithoutValueIs400NamingItAndAPutDoesNotEmptyTheGroup() {
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("member") + "\"}");
        String group = realm.createGroup("Kept " + user.substring(0, 8));
        realm.scim().patch("/Groups/" + group, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + user + "\"}]}]"));

        for (String member : List.of("{\"display\":\"Ada\"}", "{\"value\":\"\"}", "{\"value\":null}")) {
            HttpResult put = realm.scim().put("/Groups/" + group, "{" + GROUP_SCHEMAS + "\"displayName\":\"Kept " + user.substring(0, 8)
                    + "\",\"members\":[" + member + "]}");
            HttpResult post = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"Never\",\"members\":[" + member + "]}");

            assertScimError(put, 400);
            assertThat(put.json().get("scimType").asText()).isEqualTo("invalidValue");
            assertThat(put.json().get("detail").asText()).contains("member 1 has no value");
            assertScimError(post, 400);
        }
        assertThat(realm.scim().get("/Groups/" + group).json().get("members").get(0).get("value").asText())
                .isEqualTo(user);
        assertThat(realm.scim().get("/Groups?filter=" + ScimRealm.enc("displayName eq \"Never\"")).json()
                .get("totalResults").asInt()).isZero();
    }

    @Test
    void memberThatIsNotAUserIs400AndTheGroupIsNotCreated() {
        HttpResult r = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"Ghosts\",\"members\":[{\"value\":\"ghost\"}]}");
        assertScimError(r, 400);
        assertThat(realm.scim().get("/Groups?filter=" + ScimRealm.enc("displayName eq \"Ghosts\"")).json()
                .get("totalResults").asInt()).isZero();
    }

    @Test
    void staleIfMatchIs412() {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("etag") + "\"}");
        String version = realm.scim().get("/Users/" + id).json().get("meta").get("version").asText();
        realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v2\"}]"));

        HttpResult r = realm.scim().send("PATCH", "/Users/" + id,
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v3\"}]"), "If-Match", version);

        assertScimError(r, 412);
        assertThat(realm.scim().get("/Users/" + id).json().get("displayName").asText()).isEqualTo("v2");
    }

    @Test
    void anEmptyEntityTagInIfMatchIs412AndChangesNothing() {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("etag-empty") + "\"}");

        HttpResult patched = realm.scim().send("PATCH", "/Users/" + id,
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"changed\"}]"), "If-Match", "\"\"");
        HttpResult deleted = realm.scim().send("DELETE", "/Users/" + id, null, "If-Match", "W/\"\"");

        assertScimError(patched, 412);
        assertScimError(deleted, 412);
        HttpResult after = realm.scim().get("/Users/" + id);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().has("displayName")).as(after.body()).isFalse();
    }

    @Test
    void theBodyLimitCountsBytesNotCharacters() {
        // 1.5 million characters of three bytes each: under 2 MiB of characters, over 2 MiB of UTF-8
        String name = "€".repeat(1_500_000);

        HttpResult r = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"big@example.test\",\"displayName\":\"" + name + "\"}");

        assertScimError(r, 413);
        assertThat(realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"big@example.test\"")).json()
                .get("totalResults").asInt()).isZero();
    }

    @Test
    void writesInAnotherModeAre403WithTheReason() {
        ScimRealm jit = ScimRealm.create(admin, "errors-jit", p -> p.put("mode", "jit"));
        HttpResult r = jit.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"jit@example.test\"}");
        assertScimError(r, 403);
        assertThat(r.json().get("detail").asText()).contains("mode 'jit'");
        assertThat(jit.scim().get("/Users").status()).isEqualTo(200);
    }

    @Test
    void duplicateGroupNameIs409() {
        realm.createGroup("Twice");
        HttpResult r = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"TWICE\"}");
        assertScimError(r, 409);
        assertThat(r.json().get("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    void aKeycloakUserHoldingTheUserNameOrEmailIs409WhenAdoptionIsOffAndNothingIsWritten() {
        ScimRealm noAdopt = ScimRealm.create(admin, "errors-noadopt", p -> p.with("scim").putArray("adoptBy"));
        String taken = ScimRealm.uniqueUserName("kc-held");
        String mail = ScimRealm.uniqueUserName("kc-mail");
        KeycloakAdmin.ok(admin.post("/admin/realms/" + noAdopt.name() + "/users", java.util.Map.of(
                "username", taken, "email", mail, "enabled", true)));

        HttpResult sameName = noAdopt.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + taken + "\"}");
        HttpResult sameEmail = noAdopt.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + ScimRealm.uniqueUserName("other")
                + "\",\"emails\":[{\"value\":\"" + mail + "\",\"primary\":true}]}");

        assertScimError(sameName, 409);
        assertThat(sameName.json().get("scimType").asText()).isEqualTo("uniqueness");
        assertScimError(sameEmail, 409);
        assertThat(noAdopt.scim().get("/Users").json().get("totalResults").asInt()).isZero();
        assertThat(admin.get("/admin/realms/" + noAdopt.name() + "/users/count").body()).isEqualTo("1");
        assertThat(admin.get("/admin/realms/" + noAdopt.name() + "/provisioning/members").json().toString())
                .doesNotContain(taken);
        admin.get("/admin/realms/" + noAdopt.name() + "/provisioning/seats").json()
                .forEach(tier -> assertThat(tier.get("used").asInt()).as(tier.toString()).isZero());
    }

    @Test
    void valuesLongerThanKeycloakKeepsAre400OnCreatePutAndPatchAndChangeNothing() {
        String userName = ScimRealm.uniqueUserName("long");
        String tooLong = "g".repeat(256);
        HttpResult create = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\""
                + tooLong + "\"}}");
        assertScimError(create, 400);
        assertThat(create.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + userName + "\"")).json()
                .get("totalResults").asInt()).isZero();

        String id = realm.createUser("{\"userName\":\"" + userName + "\",\"name\":{\"familyName\":\"Short\"}}");
        String version = realm.scim().get("/Users/" + id).json().get("meta").get("version").asText();
        assertScimError(realm.scim().put("/Users/" + id, "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"emails\":[{\"value\":\""
                + "m".repeat(250) + "@example.test\",\"primary\":true}]}"), 400);
        assertScimError(realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"name.familyName\","
                + "\"value\":\"" + tooLong + "\"}]")), 400);
        assertScimError(realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"value\":{\"name.givenName\":\""
                + tooLong + "\"}}]")), 400);

        var after = realm.scim().get("/Users/" + id).json();
        assertThat(after.get("meta").get("version").asText()).isEqualTo(version);
        assertThat(after.get("name").get("familyName").asText()).isEqualTo("Short");
        assertThat(after.has("emails")).isFalse();
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void externalIdsAndDisplayNamesUpTo512CharactersAreKeptWholeAndLongerOnesAre400() {
        // Entra allows 256-character displayNames; they used to be cut to 255 in their column (a user's) or
        // refused (a group's), and an externalId cut short no longer matched the IdP's filter on it
        String externalId = "x".repeat(300);
        String userName = ScimRealm.uniqueUserName("ext");
        String id = realm.createUser("{\"userName\":\"" + userName + "\",\"externalId\":\"" + externalId
                + "\",\"displayName\":\"" + "d".repeat(256) + "\"}");
        HttpResult group = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"" + "G".repeat(256) + "\",\"externalId\":\""
                + externalId + "\"}");
        HttpResult tooLongUser = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + ScimRealm.uniqueUserName("ext")
                + "\",\"externalId\":\"" + "x".repeat(513) + "\"}");
        HttpResult tooLongGroup = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"" + "H".repeat(513) + "\"}");
        HttpResult tooLongPatch = realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":"
                + "\"displayName\",\"value\":\"" + "d".repeat(513) + "\"}]"));

        assertThat(realm.filterUsers("externalId eq \"" + externalId + "\"").json().get("Resources").get(0)
                .get("id").asText()).isEqualTo(id);
        assertThat(realm.filterUsers("displayName eq \"" + "D".repeat(256) + "\"").json().get("totalResults")
                .asInt()).isEqualTo(1);
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        assertThat(realm.scim().get("/Groups?filter=" + ScimRealm.enc("externalId eq \"" + externalId + "\""))
                .json().get("totalResults").asInt()).isEqualTo(1);
        for (HttpResult r : List.of(tooLongUser, tooLongGroup, tooLongPatch)) {
            assertScimError(r, 400);
            assertThat(r.json().get("scimType").asText()).isEqualTo("invalidValue");
        }
        assertThat(realm.scim().get("/Users/" + id).json().get("displayName").asText()).hasSize(256);
    }

    @Test
    void anEmailAnotherKeycloakUserHoldsIs409OnPutAndPatchAndNothingChanges() {
        String mailA = ScimRealm.uniqueUserName("mail-a");
        String mailB = ScimRealm.uniqueUserName("mail-b");
        realm.createUser("{\"userName\":\"" + mailA + "\",\"emails\":[{\"value\":\"" + mailA + "\",\"primary\":true}]}");
        String b = realm.createUser("{\"userName\":\"" + mailB + "\",\"emails\":[{\"value\":\"" + mailB
                + "\",\"primary\":true}]}");

        HttpResult patched = realm.scim().patch("/Users/" + b, patch("[{\"op\":\"replace\",\"path\":\"emails\","
                + "\"value\":[{\"value\":\"" + mailA + "\",\"primary\":true}]}]"));
        HttpResult put = realm.scim().put("/Users/" + b, "{" + USER_SCHEMAS + "\"userName\":\"" + mailB + "\",\"displayName\":\"B\","
                + "\"emails\":[{\"value\":\"" + mailA.toUpperCase() + "\",\"primary\":true}]}");

        assertScimError(patched, 409);
        assertThat(patched.json().get("scimType").asText()).isEqualTo("uniqueness");
        assertScimError(put, 409);
        var after = realm.scim().get("/Users/" + b).json();
        assertThat(after.get("emails").get(0).get("value").asText()).isEqualTo(mailB);
        assertThat(after.has("displayName")).isFalse();
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + b).json().get("email").asText())
                .isEqualTo(mailB);
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void theNulCharacterIs400AndCreatesNothing() {
        String userName = ScimRealm.uniqueUserName("nul");
        HttpResult user = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"displayName\":\"a\\u0000b\"}");
        HttpResult group = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"Nul\\u0000Group\"}");
        HttpResult escapedBackslash = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName
                + "\",\"displayName\":\"C:\\\\u0000\"}");

        assertScimError(user, 400);
        assertThat(user.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertScimError(group, 400);
        assertThat(realm.scim().get("/Groups?filter=" + ScimRealm.enc("displayName sw \"Nul\"")).json()
                .get("totalResults").asInt()).isZero();
        // a backslash followed by the text u0000 is no NUL
        assertThat(escapedBackslash.status()).as(escapedBackslash.body()).isEqualTo(201);
        assertThat(escapedBackslash.json().get("displayName").asText()).isEqualTo("C:\\u0000");
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void aLoneSurrogateIs400AndCreatesNothingWhileAPairIsKept() {
        // the JSON escape of U+D800 alone is valid JSON but no character: stored, it came back as "?" (a userName
        // silently changed)
        String userName = ScimRealm.uniqueUserName("sur");
        HttpResult lone = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName.replace("@", "\\ud800@") + "\"}");
        HttpResult loneLow = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"Low\\udc00Group\"}");
        HttpResult pair = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"displayName\":"
                + "\"Smile \\ud83d\\ude00\"}");

        assertScimError(lone, 400);
        assertThat(lone.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(lone.json().get("detail").asText()).contains("surrogate");
        assertScimError(loneLow, 400);
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        assertThat(pair.json().get("displayName").asText()).isEqualTo("Smile \uD83D\uDE00");
        assertThat(realm.filterUsers("userName sw \"" + userName.substring(0, userName.indexOf('@')) + "\"")
                .json().get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void aLongOrFilterIsAnsweredAndOneBeyondTheLimitsIsA400() {
        String wanted = ScimRealm.uniqueUserName("needle");
        realm.createUser("{\"userName\":\"" + wanted + "\"}");
        // 800 alternatives used to exhaust Keycloak's heap in Hibernate's query parser (nested parentheses)
        String filter = java.util.stream.IntStream.range(0, 800).mapToObj(i -> "userName eq \"absent" + i + "\"")
                .collect(java.util.stream.Collectors.joining(" or ")) + " or userName eq \"" + wanted + "\"";
        String tooManyFilter = filter + " or " + filter.replace("absent", "other"); // 1,602 comparisons

        HttpResult found = realm.scim().post("/Users/.search", search(filter));
        HttpResult tooMany = realm.scim().post("/Users/.search", search(tooManyFilter));
        HttpResult tooDeep = realm.scim().get("/Users?filter=" + ScimRealm.enc(
                "not (not (not (not (not (not (not (not (not (not (userName eq \"x\"))))))))))"));

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.json().get("Resources").get(0).get("userName").asText()).isEqualTo(wanted);
        assertScimError(tooMany, 400);
        assertThat(tooMany.json().get("scimType").asText()).isEqualTo("invalidFilter");
        assertScimError(tooDeep, 400);
        assertThat(realm.scim().get("/Users?count=1").status()).isEqualTo(200);
    }

    @Test
    void filtersTooLargeForTheSdkParserAre400sInSearchesPatchPathsAndBulkAndChangeNothing() {
        // 3,000 comparisons or brackets overflowed the SCIM SDK parser's stack: a 500 with Keycloak's own body
        String member = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("kept") + "\"}");
        String group = realm.scim().post("/Groups", "{" + GROUP_SCHEMAS + "\"displayName\":\"huge-filter\",\"members\":[{\"value\":\""
                + member + "\"}]}").json().get("id").asText();
        String ors = java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "value eq \"u" + i + "\"")
                .collect(java.util.stream.Collectors.joining(" or ")) + " or value eq \"" + member + "\"";
        String inJson = ors.replace("\"", "\\\"");

        HttpResult searched = realm.scim().post("/Users/.search", search(ors.replace("value", "userName")));
        HttpResult nested = realm.scim().post("/Users/.search", search("(".repeat(150) + "userName eq \"x\""
                + ")".repeat(150)));
        HttpResult patched = realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"remove\",\"path\":\"members[" + inJson + "]\"}]"));
        HttpResult bulk = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                 {"method":"PATCH","path":"/Groups/%s","data":{
                  "schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations":[{"op":"remove","path":"members[%s]"}]}}]}""".formatted(group, inJson));

        for (HttpResult r : List.of(searched, nested, bulk)) {
            assertScimError(r, 400);
            assertThat(r.json().get("scimType").asText()).isEqualTo("invalidFilter");
        }
        // a PATCH's only filter is in its path: RFC 7644 section 3.5.2 calls that path invalid
        assertScimError(patched, 400);
        assertThat(patched.json().get("scimType").asText()).isEqualTo("invalidPath");
        assertThat(realm.scim().get("/Groups/" + group).json().get("members").get(0).get("value").asText())
                .isEqualTo(member);
    }

    @Test
    void aFailedBulkOperationUndoesItselfOnlyAndTheOperationsReportedDoneStay() {
        String one = ScimRealm.uniqueUserName("bulk-a");
        String two = ScimRealm.uniqueUserName("bulk-b");
        String three = ScimRealm.uniqueUserName("bulk-c");
        // the PATCH gives user two the email user one holds: Keycloak's unique constraint refuses it in the database
        HttpResult r = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations":[
                  {"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"%1$s",
                    "emails":[{"value":"%1$s","primary":true}]}},
                  {"method":"POST","path":"/Users","bulkId":"b","data":{"userName":"%2$s"}},
                  {"method":"PATCH","path":"/Users/bulkId:b","data":{"schemas":
                    ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace",
                    "path":"emails","value":[{"value":"%1$s","primary":true}]}]}},
                  {"method":"POST","path":"/Users","bulkId":"c","data":{"userName":"%3$s"}}]}"""
                .formatted(one, two, three));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var ops = r.json().get("Operations");
        assertThat(ops.get(0).get("status").asText()).isEqualTo("201");
        assertThat(ops.get(1).get("status").asText()).isEqualTo("201");
        assertThat(ops.get(2).get("status").asText()).isEqualTo("409");
        assertThat(ops.get(3).get("status").asText()).isEqualTo("201");
        for (String userName : new String[] {one, two, three}) {
            assertThat(realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + userName + "\"")).json()
                    .get("totalResults").asInt()).as(userName).isEqualTo(1);
        }
        var b = realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + two + "\"")).json()
                .get("Resources").get(0);
        assertThat(b.has("emails")).as(b.toString()).isFalse();
    }

    @Test
    void aBulkStoppedByFailOnErrorsAnswers200AndKeepsTheOperationsItReportsDone() {
        String first = ScimRealm.uniqueUserName("fail-a");
        String never = ScimRealm.uniqueUserName("fail-c");
        HttpResult r = realm.scim().post("/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,
                 "Operations":[
                  {"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"%s"}},
                  {"method":"POST","path":"/Users","bulkId":"b","data":{"displayName":"no userName"}},
                  {"method":"POST","path":"/Users","bulkId":"c","data":{"userName":"%s"}}]}"""
                .formatted(first, never));

        // RFC 7644 section 3.7.3: 200, the operation done, the error that stopped the request, and here (the SDK's
        // addition) the operation left undone with 412
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var ops = r.json().get("Operations");
        assertThat(ops.get(0).get("status").asText()).as(r.body()).isEqualTo("201");
        assertThat(ops.get(1).get("status").asText()).isEqualTo("400");
        assertThat(ops.get(2).get("status").asText()).isEqualTo("412");
        String id = ops.get(0).get("location").asText().replaceAll(".*/", "");
        assertThat(realm.scim().get("/Users/" + id).status()).isEqualTo(200);
        assertThat(realm.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + never + "\"")).json()
                .get("totalResults").asInt()).isZero();
    }

    private static String search(String filter) {
        return Json.write(java.util.Map.of("schemas", java.util.List.of(
                "urn:ietf:params:scim:api:messages:2.0:SearchRequest"), "filter", filter));
    }

    @Test
    void malformedPatchPathsAreInvalidPathAndChangeNothing() {
        String userName = ScimRealm.uniqueUserName("paths");
        String id = realm.createUser("{\"userName\":\"" + userName + "\",\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}]}");
        String before = realm.scim().get("/Users/" + id).json().toString();
        List<String> paths = List.of("\"\"", "\"  \"", "42", "\"emails[type eq \\\"work\\\"]]\"",
                "\"emails[type eq \\\"work\\\"][value eq \\\"x\\\"]\"",
                "\"emails[type eq \\\"work\\\"].value.x\"", "\"emails[type eq \\\"work\\\"]x\"",
                "\"name.givenName[value eq \\\"x\\\"]\"", "\"emails[value[type eq \\\"x\\\"]]\"",
                "\"emails[type eq ]\"", "\"name..givenName\"");
        for (String path : paths) {
            HttpResult r = realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":" + path
                    + ",\"value\":{\"value\":\"x\"}}]"));
            assertScimError(r, 400);
            assertThat(r.json().get("scimType").asText()).as(path + ": " + r.body()).isEqualTo("invalidPath");
        }
        assertThat(realm.scim().get("/Users/" + id).json().toString()).isEqualTo(before);
    }

    /**
     * Adoption by email takes only a Keycloak user no SCIM resource holds: in a realm that allows duplicate emails, a
     * second pushed user with the email of a SCIM-provisioned one is a new user, not a 409; a user the directory
     * does not hold yet is still adopted. /Schemas says how the realm treats email uniqueness.
     */
    @Test
    void adoptionByEmailTakesOnlyUsersNoScimResourceHoldsAndSchemasSayHowEmailsAreUnique() {
        ScimRealm dupes = ScimRealm.create(admin, "errors-dupes");
        String realmPath = "/admin/realms/" + dupes.name();
        com.fasterxml.jackson.databind.node.ObjectNode rep = (com.fasterxml.jackson.databind.node.ObjectNode)
                KeycloakAdmin.ok(admin.get(realmPath)).json();
        rep.put("duplicateEmailsAllowed", true).put("loginWithEmailAllowed", false);
        KeycloakAdmin.ok(admin.put(realmPath, rep));
        String shared = ScimRealm.uniqueUserName("shared");
        String first = dupes.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("first")
                + "\",\"emails\":[{\"value\":\"" + shared + "\",\"primary\":true}]}");

        HttpResult second = dupes.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + ScimRealm.uniqueUserName("second")
                + "\",\"emails\":[{\"value\":\"" + shared + "\",\"primary\":true}]}");

        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("id").asText()).isNotEqualTo(first);
        assertThat(dupes.keycloakUser(first).get("email").asText()).isEqualTo(shared);

        String kcMail = ScimRealm.uniqueUserName("kc-only");
        KeycloakAdmin.ok(admin.post(realmPath + "/users", java.util.Map.of("username",
                ScimRealm.uniqueUserName("kc-user"), "email", kcMail, "enabled", true)));
        String kcId = admin.get(realmPath + "/users?email=" + kcMail + "&exact=true").json().get(0).get("id")
                .asText();
        HttpResult adopted = dupes.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + ScimRealm.uniqueUserName("adopting")
                + "\",\"emails\":[{\"value\":\"" + kcMail + "\",\"primary\":true}]}");
        assertThat(adopted.status()).as(adopted.body()).isEqualTo(201);
        assertThat(adopted.json().get("id").asText()).isEqualTo(kcId);

        // the shared test realm does not allow duplicate emails: there the second is refused, and /Schemas says so
        String taken = ScimRealm.uniqueUserName("taken");
        realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("holder") + "\",\"emails\":[{\"value\":\""
                + taken + "\",\"primary\":true}]}");
        HttpResult refused = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + ScimRealm.uniqueUserName("late")
                + "\",\"emails\":[{\"value\":\"" + taken + "\",\"primary\":true}]}");
        assertScimError(refused, 409);
        assertThat(emailUniqueness(realm)).isEqualTo("server");
        assertThat(emailUniqueness(dupes)).isEqualTo("none");
    }

    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

    private static byte[] bytes(String before, int[] raw, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < raw.length; i++) {
            all[head.length + i] = (byte) raw[i];
        }
        System.arraycopy(tail, 0, all, head.length + raw.length, tail.length);
        return all;
    }

    private static void assertScimType(HttpResult r, int status, String scimType) {
        assertScimError(r, status);
        assertThat(r.json().path("scimType").asText()).as(r.body()).isEqualTo(scimType);
    }

    private List<String> userNamesStartingWith(String prefix) {
        List<String> names = new java.util.ArrayList<>();
        admin.get("/admin/realms/" + realm.name() + "/users?max=1000&search=" + prefix).json()
                .forEach(u -> names.add(u.get("username").asText()));
        return names;
    }

    @Test
    void aBodyThatIsNotUtf8IsInvalidSyntaxAndNothingIsStoredAsReplacementCharacters() {
        Map<String, int[]> cases = new java.util.LinkedHashMap<>();
        cases.put("latin1", new int[] {0xE9});
        cases.put("overlong", new int[] {0xC0, 0xAF});
        cases.put("surrogate", new int[] {0xED, 0xA0, 0x80});
        cases.put("beyond", new int[] {0xF4, 0x90, 0x80, 0x80});
        cases.put("truncated", new int[] {0xE2, 0x82});
        String existing = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("utf8kept") + "\"}");
        String before = realm.scim().get("/Users/" + existing).json().get("userName").asText();
        cases.forEach((name, raw) -> {
            HttpResult post = realm.scim().sendBytes("POST", "/Users", bytes("{\"schemas\":[\"" + USER_SCHEMA
                    + "\"],\"userName\":\"utf8bad-" + name + "-", raw, "x\"}"));
            assertScimType(post, 400, "invalidSyntax");
            assertThat(post.json().get("detail").asText()).contains("not valid UTF-8");

            HttpResult patch = realm.scim().sendBytes("PATCH", "/Users/" + existing, bytes("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"utf8bad-p", raw,
                    "\"}]}"));
            assertScimType(patch, 400, "invalidSyntax");
        });
        assertThat(userNamesStartingWith("utf8bad")).isEmpty();
        assertThat(realm.scim().get("/Users/" + existing).json().get("userName").asText()).isEqualTo(before);
    }

    @Test
    void theBodyLimitCountsTheBytesSentNotWhatTheyDecodeTo() {
        // 1.2 MiB of Latin-1 bytes: under the 2 MiB limit as sent; decoded leniently they grew to 3.6 MiB of U+FFFD
        int[] latin1 = new int[1200 * 1024];
        java.util.Arrays.fill(latin1, 0xE9);
        HttpResult r = realm.scim().sendBytes("POST", "/Users", bytes("{\"schemas\":[\"" + USER_SCHEMA
                + "\"],\"userName\":\"utf8big\",\"displayName\":\"", latin1, "\"}"));
        assertScimType(r, 400, "invalidSyntax");
        assertThat(userNamesStartingWith("utf8big")).isEmpty();
    }

    @Test
    void contentAfterTheJsonDocumentIsInvalidSyntaxAndTheFirstDocumentIsNotApplied() {
        String doc = "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"trailing-%s@example.test\"}";
        for (String tail : List.of("}", String.format(doc, "second"), " /* a comment */", " // a comment", " x")) {
            HttpResult r = realm.scim().sendBytes("POST", "/Users",
                    (String.format(doc, "first") + tail).getBytes(StandardCharsets.UTF_8));
            assertScimType(r, 400, "invalidSyntax");
            assertThat(r.json().get("detail").asText()).contains("continues after its JSON document");
        }
        assertThat(userNamesStartingWith("trailing-")).isEmpty();

        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("twodocs") + "\"}");
        String one = patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"}]");
        HttpResult r = realm.scim().sendBytes("PATCH", "/Users/" + user, (one + one).getBytes(StandardCharsets.UTF_8));
        assertScimType(r, 400, "invalidSyntax");
        assertThat(realm.scim().get("/Users/" + user).json().has("displayName")).isFalse();
    }

    @Test
    void aMemberNameTwiceInOneObjectIsInvalidSyntax() {
        HttpResult r = realm.scim().post("/Users", "{\"schemas\":[\"" + USER_SCHEMA
                + "\"],\"userName\":\"dupkey-a@example.test\",\"userName\":\"dupkey-b@example.test\"}");
        assertScimType(r, 400, "invalidSyntax");
        assertThat(userNamesStartingWith("dupkey-")).isEmpty();
    }

    @Test
    void malformedJsonIsInvalidSyntax() {
        assertScimType(realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\": "), 400, "invalidSyntax");
        assertScimType(realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"x\",}"), 400, "invalidSyntax");
    }

    @Test
    void aPatchOfAReadOnlyAttributeIsMutabilityAndChangesNothing() {
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("readonly") + "\"}");
        String group = realm.createGroup("Read-only " + user.substring(0, 8));
        realm.scim().patch("/Groups/" + group, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + user + "\"}]}]"));
        com.fasterxml.jackson.databind.JsonNode before = realm.scim().get("/Users/" + user).json();
        for (String op : List.of(
                "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"00000000-0000-0000-0000-000000000001\"}",
                "{\"op\":\"remove\",\"path\":\"id\"}",
                "{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2001-01-01T00:00:00Z\"}",
                "{\"op\":\"add\",\"path\":\"meta\",\"value\":{\"version\":\"W/\\\"9\\\"\"}}",
                "{\"op\":\"remove\",\"path\":\"groups\"}",
                "{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"" + group + "\"}]}",
                "{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
                        + ".displayName\",\"value\":\"Boss\"}")) {
            HttpResult r = realm.scim().patch("/Users/" + user, patch("[" + op + "]"));
            assertScimType(r, 400, "mutability");
        }
        assertScimType(realm.scim().patch("/Groups/" + group,
                patch("[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]")), 400, "mutability");
        com.fasterxml.jackson.databind.JsonNode after = realm.scim().get("/Users/" + user).json();
        assertThat(after.get("groups")).isEqualTo(before.get("groups"));
        assertThat(after.get("meta").get("version")).isEqualTo(before.get("meta").get("version"));
        assertThat(realm.scim().get("/Groups/" + group).json().get("members")).hasSize(1);
    }

    @Test
    void readOnlyAttributesInAPutBodyOrAPathlessReplaceAreIgnored() {
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("roput") + "\"}");
        com.fasterxml.jackson.databind.JsonNode read = realm.scim().get("/Users/" + user).json();
        HttpResult put = realm.scim().put("/Users/" + user, "{" + USER_SCHEMAS + "\"id\":\"someone-else\","
                + "\"userName\":\"" + read.get("userName").asText() + "\",\"displayName\":\"Put\","
                + "\"meta\":{\"created\":\"2001-01-01T00:00:00Z\"},\"groups\":[{\"value\":\"x\"}]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("id").asText()).isEqualTo(user);
        assertThat(put.json().get("displayName").asText()).isEqualTo("Put");
        HttpResult patched = realm.scim().patch("/Users/" + user, patch("[{\"op\":\"replace\",\"value\":"
                + "{\"id\":\"someone-else\",\"displayName\":\"Patched\"}}]"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("id").asText()).isEqualTo(user);
        assertThat(patched.json().get("displayName").asText()).isEqualTo("Patched");
    }

    @Test
    void addOrReplaceWithoutValueIsInvalidValueAndRemovesNothing() {
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("novalue")
                + "\",\"displayName\":\"Kept\",\"name\":{\"givenName\":\"Ada\"}}");
        for (String op : List.of("{\"op\":\"replace\",\"path\":\"displayName\"}",
                "{\"op\":\"Add\",\"path\":\"name.givenName\"}", "{\"op\":\"replace\"}")) {
            assertScimType(realm.scim().patch("/Users/" + user, patch("[" + op + "]")), 400, "invalidValue");
        }
        com.fasterxml.jackson.databind.JsonNode after = realm.scim().get("/Users/" + user).json();
        assertThat(after.get("displayName").asText()).isEqualTo("Kept");
        assertThat(after.get("name").get("givenName").asText()).isEqualTo("Ada");
    }

    @Test
    void aPatchWhoseSchemasAreNotExactlyPatchOpIsInvalidSyntaxAndNotApplied() {
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("patchop") + "\"}");
        String operations = ",\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Applied\"}]}";
        for (String schemas : List.of("[\"urn:x:other\"]", "[]", "\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"",
                "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\",\"" + ResourceSchemas.USER + "\"]")) {
            HttpResult r = realm.scim().patch("/Users/" + user, "{\"schemas\":" + schemas + operations);
            assertScimType(r, 400, "invalidSyntax");
        }
        assertScimType(realm.scim().patch("/Users/" + user, "{" + operations.substring(1)), 400, "invalidSyntax");
        assertThat(realm.scim().get("/Users/" + user).json().has("displayName")).isFalse();
    }

    @Test
    void aResourceBodyWithoutItsCoreSchemaIsInvalidSyntaxAndCreatesNothing() {
        String group = realm.createGroup("Schemas " + ScimRealm.uniqueUserName("g"));
        for (String schemas : new String[] {null, "[]", "[\"urn:x:unknown\"]", "\"" + ResourceSchemas.USER + "\"",
                "[\"" + ResourceSchemas.GROUP + "\"]"}) {
            String body = "{" + (schemas == null ? "" : "\"schemas\":" + schemas + ",")
                    + "\"userName\":\"noschema-" + (schemas == null ? "none" : Integer.toString(schemas.length()))
                    + "@example.test\"}";
            assertScimType(realm.scim().post("/Users", body), 400, "invalidSyntax");
        }
        assertThat(userNamesStartingWith("noschema-")).isEmpty();
        assertScimType(realm.scim().post("/Groups", "{\"displayName\":\"No schemas\"}"), 400, "invalidSyntax");
        assertScimType(realm.scim().put("/Groups/" + group, "{\"schemas\":[\"urn:x:unknown\"],"
                + "\"displayName\":\"Renamed\"}"), 400, "invalidSyntax");
        assertThat(realm.scim().get("/Groups/" + group).json().get("displayName").asText()).startsWith("Schemas ");
    }

    @Test
    void aFilterThatIsNotReadToItsEndIsInvalidFilterNeverAWiderResult() {
        realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("grammar") + "\"}");
        for (String filter : List.of("userName pr pr", "userName eq \"nobody\" title eq \"x\"", "(userName pr))",
                "emails[value[type eq \"x\"]]", "userName eq \"a\\x\"", "emails[type eq \"work\"].value",
                "userName eq \"nobody\" or")) {
            assertScimType(realm.scim().get("/Users?filter=" + ScimRealm.enc(filter)), 400, "invalidFilter");
            assertScimType(realm.scim().post("/Users/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0"
                    + ":SearchRequest\"],\"filter\":" + Json.write(java.util.Map.of("f", filter)).substring(5)),
                    400, "invalidFilter");
        }
        String user = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("grammarpatch")
                + "\",\"emails\":[{\"value\":\"g@example.test\",\"type\":\"work\"}]}");
        assertScimType(realm.scim().patch("/Users/" + user, patch("[{\"op\":\"replace\",\"path\":"
                + "\"emails[type eq \\\"work\\\" value eq \\\"x\\\"].value\",\"value\":\"y@example.test\"}]")),
                400, "invalidPath");
        assertThat(realm.scim().get("/Users/" + user).json().get("emails").get(0).get("value").asText())
                .isEqualTo("g@example.test");
    }

    private static String emailUniqueness(ScimRealm in) {
        com.fasterxml.jackson.databind.JsonNode schema = in.scim()
                .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json();
        for (com.fasterxml.jackson.databind.JsonNode attribute : schema.get("attributes")) {
            if (attribute.get("name").asText().equals("emails")) {
                for (com.fasterxml.jackson.databind.JsonNode sub : attribute.get("subAttributes")) {
                    if (sub.get("name").asText().equals("value")) {
                        return sub.get("uniqueness").asText();
                    }
                }
            }
        }
        throw new AssertionError("no emails.value in " + schema);
    }
}
