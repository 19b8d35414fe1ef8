package io.kcprovisioning.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API endpoints the Provisioning console reads: overview, access, directory claims, named previews. */
class ConsoleApiIT {

    private KeycloakAdmin admin;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
    }

    private JitRealm jitRealm(int premium) {
        return JitRealm.create(admin, "console-api", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", premium, "standard", 5),
                Map.of("premium", List.of("acme-premium"))));
    }

    private static void loggedIn(BrokeredLogin.Result result) {
        assertThat(result.loggedIn()).as(result.page()).isTrue();
    }

    @Test
    void theOverviewShowsModeSeatsMembersScimConnectionAndSyncs() {
        JitRealm realm = jitRealm(2);
        loggedIn(realm.loginWithGroups("alice", List.of("acme-owners", "acme-premium")));
        KeycloakAdmin.ok(admin.post(realm.base() + "/sync", null));

        JsonNode overview = KeycloakAdmin.ok(admin.get(realm.base() + "/overview")).json();

        assertThat(overview.get("realm").asText()).isEqualTo(realm.name());
        assertThat(overview.get("mode").asText()).isEqualTo("jit");
        assertThat(overview.get("profile").asText()).isEqualTo("enterprise-seats");
        assertThat(overview.get("groupMappings").asBoolean()).isTrue();
        assertThat(overview.get("seats")).isEqualTo(realm.seats());
        assertThat(overview.get("seats").get(0).get("tier").asText()).isEqualTo("premium");
        assertThat(overview.get("seats").get(0).get("used").asInt()).isEqualTo(1);
        assertThat(overview.get("members")).isEqualTo(tree(Map.of("active", 1, "pending", 0,
                "deprovisioned", 0)));
        JsonNode scim = overview.get("scim");
        assertThat(scim.get("baseUrl").asText()).isEqualTo(admin.baseUrl() + "/realms/" + realm.name()
                + "/provisioning/scim/v2");
        assertThat(scim.get("tokens").asInt()).isZero();
        assertThat(scim.has("lastUsedAt")).as(scim.toString()).isTrue();
        assertThat(scim.get("lastUsedAt").isNull()).isTrue();
        assertThat(overview.get("lastSync").get("state").asText()).isIn("running", "done");
        assertThat(Instant.parse(overview.get("nextSyncAt").asText())).isAfter(Instant.now().minusSeconds(60));
        assertThat(overview.get("warnings")).as(overview.toString()).isEmpty();
    }

    @Test
    void aRealmInManualModeHasNoNextSyncAndNoSyncYet() {
        String name = RealmSetup.unique("console-manual").create(admin);

        JsonNode overview = KeycloakAdmin.ok(admin.get("/admin/realms/" + name + "/provisioning/overview")).json();

        assertThat(overview.get("mode").asText()).isEqualTo("manual");
        assertThat(overview.has("nextSyncAt") && overview.get("nextSyncAt").isNull()).as(overview.toString())
                .isTrue();
        assertThat(overview.has("lastSync") && overview.get("lastSync").isNull()).isTrue();
        assertThat(overview.get("warnings")).isEmpty();
    }

    @Test
    void theOverviewCountsTheScimTokensThatWorkAndTheirLastUse() {
        JitRealm realm = jitRealm(2);
        KeycloakAdmin.ok(admin.post(realm.base() + "/scim/tokens", Map.of("name", "Entra")));
        String revoked = KeycloakAdmin.ok(admin.post(realm.base() + "/scim/tokens", Map.of("name", "Old"))).json()
                .get("id").asText();
        KeycloakAdmin.ok(admin.delete(realm.base() + "/scim/tokens/" + revoked));

        JsonNode scim = KeycloakAdmin.ok(admin.get(realm.base() + "/overview")).json().get("scim");

        assertThat(scim.get("tokens").asInt()).isEqualTo(1);
    }

    @Test
    void aTierWithMoreSeatsUsedThanPurchasedIsWarnedOfByName() {
        JitRealm realm = jitRealm(2);
        loggedIn(realm.loginWithGroups("alice", List.of("acme-owners", "acme-premium")));
        loggedIn(realm.loginWithGroups("bob", List.of("acme-staff", "acme-premium")));
        ObjectNode policy = (ObjectNode) admin.get(realm.base() + "/policy").json();
        ((ObjectNode) policy.get("seatTiers").get(0)).put("capacity", 1);
        KeycloakAdmin.ok(admin.put(realm.base() + "/policy", policy));

        JsonNode warnings = KeycloakAdmin.ok(admin.get(realm.base() + "/overview")).json().get("warnings");

        assertThat(warnings).as(warnings.toString()).hasSize(1);
        assertThat(warnings.get(0).get("code").asText()).isEqualTo("over-capacity");
        assertThat(warnings.get(0).get("params")).isEqualTo(tree(Map.of("tier", "Premium", "used", "2",
                "capacity", "1")));
    }

    @Test
    void aJitRealmWhoseOwnerNobodyHoldsIsWarnedOfALockoutRisk() {
        JitRealm realm = jitRealm(2);
        loggedIn(realm.loginWithGroups("carol", List.of("acme-staff")));

        JsonNode warnings = KeycloakAdmin.ok(admin.get(realm.base() + "/overview")).json().get("warnings");

        assertThat(warnings).as(warnings.toString()).hasSize(1);
        assertThat(warnings.get(0).get("code").asText()).isEqualTo("lockout-risk");
        assertThat(warnings.get(0).get("params")).isEqualTo(tree(Map.of("role", "Owner")));
    }

    @Test
    void aViewOnlyAdminMayReadButNotChange() {
        String name = RealmSetup.unique("console-access")
                .user("viewer", List.of("view-realm"))
                .user("people", List.of("view-users"))
                .user("nobody", List.of())
                .create(admin);
        String access = "/admin/realms/" + name + "/provisioning/access";

        assertThat(KeycloakAdmin.ok(realmUser(name, "viewer").get(access)).json()).isEqualTo(tree(Map.of(
                "viewRealm", true, "manageRealm", false, "viewUsers", false, "manageUsers", false)));
        assertThat(KeycloakAdmin.ok(realmUser(name, "people").get(access)).json().get("viewUsers").asBoolean())
                .isTrue();
        assertThat(realmUser(name, "nobody").get(access).status()).isEqualTo(403);
        assertThat(KeycloakAdmin.ok(admin.get(access)).json()).isEqualTo(tree(Map.of(
                "viewRealm", true, "manageRealm", true, "viewUsers", true, "manageUsers", true)));
    }

    @Test
    void theOverviewNeedsViewRealm() {
        String name = RealmSetup.unique("console-access").user("people", List.of("view-users")).create(admin);

        assertThat(realmUser(name, "people").get("/admin/realms/" + name + "/provisioning/overview").status())
                .isEqualTo(403);
    }

    @Test
    void theGroupClaimValuesSeenAtLoginsAreListedByValueAndFoundByPrefix() {
        JitRealm realm = jitRealm(5);
        loggedIn(realm.loginWithGroups("alice", List.of("acme-owners", "acme-premium", "ACME-Contractors")));
        loggedIn(realm.loginWithGroups("bob", List.of("acme-staff", "other-team")));
        BrokeredLogin.Result refused = realm.loginWithGroups("dave", List.of("strangers"));
        assertThat(refused.loggedIn()).isFalse();
        loggedIn(realm.loginWithGroups("alice", List.of("acme-owners", "acme-premium")));

        JsonNode all = KeycloakAdmin.ok(admin.get(realm.base() + "/directory/claims")).json();
        JsonNode acme = KeycloakAdmin.ok(admin.get(realm.base() + "/directory/claims?prefix=Acme-")).json();
        JsonNode second = KeycloakAdmin.ok(admin.get(realm.base() + "/directory/claims?prefix=acme-&first=1&max=1"))
                .json();

        assertThat(values(all)).containsExactly("ACME-Contractors", "acme-owners", "acme-premium", "acme-staff",
                "other-team", "strangers");
        assertThat(values(acme)).containsExactly("ACME-Contractors", "acme-owners", "acme-premium", "acme-staff");
        assertThat(values(second)).containsExactly("acme-owners");
        assertThat(Instant.parse(all.get(0).get("lastSeenAt").asText())).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void claimsArePagedWithinTheSameLimitsAsDirectoryGroups() {
        JitRealm realm = jitRealm(5);

        assertThat(admin.get(realm.base() + "/directory/claims?max=0").status()).isEqualTo(400);
        assertThat(admin.get(realm.base() + "/directory/claims?first=-1").status()).isEqualTo(400);
        assertThat(admin.get(realm.base() + "/directory/claims?max=1001").status()).isEqualTo(400);
    }

    @Test
    void previewEntriesNameTheUsersTheyAffect() {
        JitRealm realm = jitRealm(5);
        loggedIn(realm.loginWithGroups("alice", List.of("acme-admins")));
        String alice = realm.userId("alice");
        ObjectNode candidate = (ObjectNode) admin.get(realm.base() + "/policy").json();
        ArrayNode adminGroups = ((ObjectNode) candidate.get("roles").get(1)).putArray("groups");
        adminGroups.add("acme-bosses");

        JsonNode preview = KeycloakAdmin.ok(admin.post(realm.base() + "/policy/preview", candidate)).json();

        List<JsonNode> entries = new ArrayList<>();
        preview.get("users").forEach(list -> list.forEach(entries::add));
        assertThat(entries).as(preview.toString()).anySatisfy(e -> {
            assertThat(e.get("userId").asText()).isEqualTo(alice);
            assertThat(e.get("username").asText()).isEqualTo(username(realm, alice));
            assertThat(e.get("email").asText()).isEqualTo("alice@example.test");
            assertThat(e.get("before").asText()).startsWith("active admin");
            assertThat(e.has("after") && e.has("reason")).isTrue();
            assertThat(e.get("reasonCode").asText()).isEqualTo("no-mapped-group");
        });
    }

    @Test
    void membersCarryTheirUsernameAndEmail() {
        JitRealm realm = jitRealm(5);
        loggedIn(realm.loginWithGroups("erin", List.of("acme-staff")));

        JsonNode members = KeycloakAdmin.ok(admin.get(realm.base() + "/members")).json();

        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("username").asText()).isEqualTo(username(realm, realm.userId("erin")));
        assertThat(members.get(0).get("email").asText()).isEqualTo("erin@example.test");
    }

    @Test
    void assigningAMemberWithoutManageUsersIsForbiddenWhetherTheUserExistsOrNot() {
        String name = RealmSetup.unique("console-assign")
                .user("viewer", List.of("view-users", "view-realm"))
                .user("manager", List.of("manage-users", "view-users"))
                .user("target", List.of())
                .create(admin);
        String base = "/admin/realms/" + name + "/provisioning";
        KeycloakAdmin.ok(admin.post(base + "/profiles/team/apply", null));
        String target = admin.get("/admin/realms/" + name + "/users?exact=true&username=target").json().get(0)
                .get("id").asText();
        String unknown = UUID.randomUUID().toString();
        Map<String, String> assignment = Map.of("role", "user", "tier", "standard");

        assertThat(realmUser(name, "viewer").put(base + "/members/" + unknown, assignment).status()).isEqualTo(403);
        assertThat(realmUser(name, "viewer").put(base + "/members/" + target, assignment).status()).isEqualTo(403);
        assertThat(realmUser(name, "manager").put(base + "/members/" + unknown, assignment).status())
                .isEqualTo(404);
    }

    private KeycloakAdmin realmUser(String realm, String username) {
        return new KeycloakAdmin(admin.baseUrl(), realm, "admin-cli", username, RealmSetup.PASSWORD);
    }

    /** The Keycloak username of a brokered user (the IdP's email, as the test realms' first login sets it). */
    private String username(JitRealm realm, String userId) {
        return admin.get("/admin/realms/" + realm.name() + "/users/" + userId).json().get("username").asText();
    }

    private static List<String> values(JsonNode claims) {
        List<String> out = new ArrayList<>();
        claims.forEach(c -> out.add(c.get("value").asText()));
        return out;
    }

    private static JsonNode tree(Object value) {
        return Json.MAPPER.valueToTree(value);
    }
}
