package io.kcprovisioning.admin.ui;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Realm settings → Provisioning against the real distribution, through the REST calls the admin console makes:
 * the tab's type in {@code /admin/serverinfo}, its component under {@code /components}.
 */
class ProvisioningTabIT {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String POLICY_TYPE = "io.kcprovisioning.store.ProvisioningPolicyProvider";

    private KeycloakAdmin admin;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
    }

    @Test
    void theTabIsListedInServerInfoUnderRealmSettings() {
        JsonNode types = KeycloakAdmin.ok(admin.get("/admin/serverinfo")).json().get("componentTypes").get(TAB_TYPE);

        JsonNode tab = null;
        for (JsonNode type : types) {
            if (type.get("id").asText().equals("provisioning")) {
                tab = type;
            }
        }
        assertThat(tab).isNotNull();
        assertThat(tab.get("metadata").get("path").asText()).isEqualTo("/:realm/realm-settings/:tab?");
        assertThat(tab.get("metadata").get("params").get("tab").asText()).isEqualTo("provisioning");
        List<String> names = new ArrayList<>();
        tab.get("properties").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactly("profile", "mode", "groupMappings", "roleGroups", "tierGroups",
                "seatCapacities", "jitGroupClaim", "contact");
        JsonNode profile = tab.get("properties").get(0);
        assertThat(profile.get("type").asText()).isEqualTo("List");
        assertThat(profile.get("defaultValue").asText()).isEqualTo("custom");
        assertThat(tab.get("properties").get(1).get("defaultValue").asText()).isEqualTo("manual");
    }

    @Test
    void aRealmThatNeverHadAPolicyHasNoTabComponent() {
        String realm = RealmSetup.unique("tab").create(admin);

        assertThat(tabs(realm)).isEmpty();
    }

    @Test
    void afterPutPolicyTheTabHoldsTheNewPolicy() {
        String realm = RealmSetup.unique("tab").create(admin);
        ObjectNode policy = seeded(realm, "enterprise-seats");
        JitRealm.map(policy, "jit", true, JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 4, "standard", 9),
                Map.of("premium", List.of("acme-premium", "acme-vip")));
        policy.put("contact", "the Acme IT desk");
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", policy));

        Map<String, String> form = form(tab(realm));

        assertThat(form).containsEntry("profile", "enterprise-seats").containsEntry("mode", "jit")
                .containsEntry("groupMappings", "true").containsEntry("contact", "the Acme IT desk")
                .containsEntry("jitGroupClaim", "groups");
        assertThat(rows(form.get("roleGroups"))).containsEntry("owner", "acme-owners")
                .containsEntry("user", "acme-staff");
        assertThat(rows(form.get("tierGroups"))).containsEntry("premium", "acme-premium, acme-vip")
                .containsEntry("standard", "");
        assertThat(rows(form.get("seatCapacities"))).containsEntry("premium", "4").containsEntry("standard", "9");
        assertThat(tabs(realm)).hasSize(1);
    }

    @Test
    void afterARealmImportWithAPolicyTheTabHoldsIt() {
        String source = RealmSetup.unique("tab-source").create(admin);
        ObjectNode policy = seeded(source, "team");
        policy.put("mode", "jit").put("contact", "imported contact");
        String json = Json.write(KeycloakAdmin.ok(admin.put(base(source) + "/policy", policy)).json());
        RealmSetup setup = RealmSetup.unique("tab-import").realmRole("org-owner").realmRole("org-admin")
                .realmRole("org-user").realmRole("seat-premium").realmRole("seat-standard")
                .component(POLICY_TYPE, Map.of("name", "provisioning-policy", "providerId", "provisioning-policy",
                        "config", Map.of("policy", List.of(json))));

        String realm = setup.create(admin);

        assertThat(form(tab(realm))).containsEntry("profile", "team").containsEntry("mode", "jit")
                .containsEntry("contact", "imported contact");
    }

    @Test
    void anExportedRealmImportsWithItsTabShowingThePolicy() {
        String realm = RealmSetup.unique("tab-export").create(admin);
        ObjectNode policy = seeded(realm, "enterprise-usage-two-tiers");
        policy.put("mode", "scim");
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", policy));
        ObjectNode export = (ObjectNode) KeycloakAdmin.ok(admin.post("/admin/realms/" + realm
                + "/partial-export?exportGroupsAndRoles=true&exportClients=false", null)).json();
        assertThat(export.get("components").get(TAB_TYPE)).hasSize(1);
        String copy = realm + "-copy";
        export.put("realm", copy);
        stripIds(export);

        KeycloakAdmin.ok(admin.post("/admin/realms", export));

        assertThat(tabs(copy)).hasSize(1);
        assertThat(form(tab(copy))).containsEntry("profile", "enterprise-usage-two-tiers")
                .containsEntry("mode", "scim");
    }

    @Test
    void savingTheTabChangesThePolicy() {
        String realm = RealmSetup.unique("tab").create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "enterprise-seats")));
        ObjectNode tab = tab(realm);
        config(tab, "roleGroups", "[{\"key\":\"owner\",\"value\":\"acme-founders,acme-board \"},"
                + "{\"key\":\"user\",\"value\":\"acme-staff\"}]");
        config(tab, "seatCapacities", "[{\"key\":\"premium\",\"value\":\"4\"},{\"key\":\"standard\",\"value\":\"12\"}]");
        config(tab, "mode", "scim");
        config(tab, "groupMappings", "true");
        config(tab, "contact", "it@acme.example");
        config(tab, "jitGroupClaim", "memberOf");
        // what the console adds from the page's route
        config(tab, "realm", realm);
        config(tab, "tab", "provisioning");

        HttpResult saved = saveTab(realm, tab);

        assertThat(saved.status()).as(saved.body()).isEqualTo(204);
        JsonNode policy = KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json();
        assertThat(policy.get("mode").asText()).isEqualTo("scim");
        assertThat(policy.get("groupMappings").asBoolean()).isTrue();
        assertThat(policy.get("roles").get(0).get("groups")).extracting(JsonNode::asText)
                .containsExactly("acme-founders", "acme-board");
        assertThat(policy.get("roles").get(2).get("groups")).extracting(JsonNode::asText)
                .containsExactly("acme-staff");
        assertThat(policy.get("seatTiers")).extracting(t -> t.get("capacity").asInt()).containsExactly(4, 12);
        assertThat(policy.get("contact").asText()).isEqualTo("it@acme.example");
        assertThat(policy.get("jit").get("groupClaim").asText()).isEqualTo("memberOf");
        // the tab then shows the policy as stored, in its own spelling
        assertThat(rows(form(tab(realm)).get("roleGroups"))).containsEntry("owner", "acme-founders, acme-board");
        assertThat(tabs(realm)).hasSize(1);
    }

    @Test
    void aSaveThatChangesNothingLeavesThePolicyAlone() {
        String realm = RealmSetup.unique("tab").create(admin);
        JsonNode before = KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team"))).json();
        String componentBefore = policyComponent(realm);

        KeycloakAdmin.ok(saveTab(realm, tab(realm)));

        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json()).isEqualTo(before);
        assertThat(policyComponent(realm)).isEqualTo(componentBefore);
    }

    @Test
    void aModeTheProfileDoesNotAllowIsRefusedWithTheReasonAndChangesNothing() {
        String realm = RealmSetup.unique("tab").create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team")));
        ObjectNode tab = tab(realm);
        config(tab, "mode", "scim");

        HttpResult refused = saveTab(realm, tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText())
                .isEqualTo("Invalid provisioning policy: the product profile 'team' does not allow the mode 'scim'"
                        + " (modes it allows: manual, jit).");
        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json().get("mode").asText())
                .isEqualTo("manual");
        assertThat(form(tab(realm))).containsEntry("mode", "manual");
    }

    @Test
    void aRoleKeyThatIsNotInTheCatalogIsRefusedNamingIt() {
        String realm = RealmSetup.unique("tab").create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team")));
        ObjectNode tab = tab(realm);
        config(tab, "roleGroups", "[{\"key\":\"ownr\",\"value\":\"acme-owners\"}]");

        HttpResult refused = saveTab(realm, tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText())
                .isEqualTo("Groups per role: 'ownr' is not a role of this realm (roles: owner, admin, user).");
    }

    @Test
    void aCapacityThatIsNotAWholeNumberIsRefused() {
        String realm = RealmSetup.unique("tab").create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team")));
        ObjectNode tab = tab(realm);
        config(tab, "seatCapacities", "[{\"key\":\"premium\",\"value\":\"-3\"}]");

        HttpResult refused = saveTab(realm, tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText()).isEqualTo(
                "Seat capacities: the capacity of 'premium' must be a whole number, 0 or more, not '-3'.");
    }

    @Test
    void aSaveThatLeavesNoOwnerIsRefusedNamingWhoWouldLoseTheRole() {
        JitRealm jit = JitRealm.create(admin, "tab-lockout", "team", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 5, "standard", 5), Map.of()));
        BrokeredLogin.Result login = jit.loginWithGroups("olivia", List.of("acme-owners"));
        assertThat(login.loggedIn()).as(login.page()).isTrue();
        ObjectNode tab = tab(jit.name());
        config(tab, "roleGroups", "[{\"key\":\"owner\",\"value\":\"nobody-has-this\"}]");

        HttpResult refused = saveTab(jit.name(), tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText()).contains("no Owner").contains("olivia");
        JsonNode policy = KeycloakAdmin.ok(admin.get(jit.base() + "/policy")).json();
        assertThat(policy.get("roles").get(0).get("groups")).extracting(JsonNode::asText)
                .containsExactly("acme-owners");
    }

    @Test
    void theFirstSaveOfARealmWithoutAPolicyCreatesItWithTheProfilesRoles() {
        String realm = RealmSetup.unique("tab").create(admin);
        ObjectNode tab = newTab(Map.of("profile", "team", "mode", "jit", "groupMappings", "true",
                "roleGroups", "[{\"key\":\"owner\",\"value\":\"acme-owners\"}]", "seatCapacities",
                "[{\"key\":\"premium\",\"value\":\"3\"}]"));

        HttpResult created = admin.post("/admin/realms/" + realm + "/components", tab);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode policy = KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json();
        assertThat(policy.get("profile").asText()).isEqualTo("team");
        assertThat(policy.get("mode").asText()).isEqualTo("jit");
        assertThat(policy.get("roles").get(0).get("groups").get(0).asText()).isEqualTo("acme-owners");
        assertThat(policy.get("seatTiers").get(0).get("capacity").asInt()).isEqualTo(3);
        assertThat(admin.get("/admin/realms/" + realm + "/roles/org-owner").status()).isEqualTo(200);
        assertThat(tabs(realm)).hasSize(1);
        assertThat(rows(form(tab(realm)).get("roleGroups"))).containsOnlyKeys("owner", "admin", "user");
    }

    @Test
    void aRefusedProfileSwitchCreatesNoRoles() {
        String realm = RealmSetup.unique("tab").create(admin);
        ObjectNode tab = newTab(Map.of("profile", "team", "mode", "scim"));

        HttpResult refused = admin.post("/admin/realms/" + realm + "/components", tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(admin.get("/admin/realms/" + realm + "/roles/org-owner").status()).isEqualTo(404);
        assertThat(tabs(realm)).isEmpty();
        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json().get("profile").asText())
                .isEqualTo("custom");
    }

    @Test
    void aFormOfDefaultsIsNotSavedOverAnExistingPolicy() {
        String realm = RealmSetup.unique("tab").create(admin);
        ObjectNode policy = seeded(realm, "team");
        policy.put("mode", "jit");
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", policy));
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm + "/components/" + tab(realm).get("id").asText()));

        HttpResult refused = admin.post("/admin/realms/" + realm + "/components",
                newTab(Map.of("profile", "custom", "mode", "manual", "groupMappings", "false")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText()).startsWith("This form did not show");
        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json().get("mode").asText())
                .isEqualTo("jit");
        assertThat(form(tab(realm))).containsEntry("mode", "jit");
    }

    @Test
    void aSecondTabComponentIsRefused() {
        String realm = RealmSetup.unique("tab").create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team")));

        HttpResult second = admin.post("/admin/realms/" + realm + "/components", newTab(Map.of("mode", "manual")));

        assertThat(second.status()).isEqualTo(400);
        assertThat(tabs(realm)).hasSize(1);
    }

    @Test
    void anAdminWhoseLanguageIsFrenchReadsTheRefusalInFrench() {
        RealmSetup setup = RealmSetup.unique("tab-fr").user("marie", List.of("manage-realm", "view-realm"))
                .attribute("internationalizationEnabled", true)
                .attribute("supportedLocales", List.of("en", "fr", "id"));
        ((ObjectNode) setup.representation().get("users").get(0)).putObject("attributes").putArray("locale")
                .add("fr");
        String realm = setup.create(admin);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded(realm, "team")));
        ObjectNode tab = tab(realm);
        config(tab, "mode", "scim");
        KeycloakAdmin marie = new KeycloakAdmin(admin.baseUrl(), realm, "admin-cli", "marie", RealmSetup.PASSWORD);

        HttpResult refused = marie.put("/admin/realms/" + realm + "/components/" + tab.get("id").asText(), tab);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText()).isEqualTo("Politique de provisionnement invalide :"
                + " le profil produit « team » ne permet pas le mode « scim » (modes permis : manual, jit).");
    }

    private String base(String realm) {
        return "/admin/realms/" + realm + "/provisioning";
    }

    private ObjectNode seeded(String realm, String profile) {
        return (ObjectNode) KeycloakAdmin.ok(admin.post(base(realm) + "/profiles/" + profile + "/apply", null))
                .json();
    }

    private List<JsonNode> tabs(String realm) {
        JsonNode all = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/components?type=" + TAB_TYPE)).json();
        List<JsonNode> tabs = new ArrayList<>();
        all.forEach(c -> {
            if (c.get("providerId").asText().equals("provisioning")) {
                tabs.add(c);
            }
        });
        return tabs;
    }

    private ObjectNode tab(String realm) {
        List<JsonNode> tabs = tabs(realm);
        assertThat(tabs).hasSize(1);
        return (ObjectNode) tabs.get(0);
    }

    private String policyComponent(String realm) {
        return Json.write(KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/components?type=" + POLICY_TYPE))
                .json());
    }

    private HttpResult saveTab(String realm, ObjectNode tab) {
        return admin.put("/admin/realms/" + realm + "/components/" + tab.get("id").asText(), tab);
    }

    /** A tab component as the console creates it: no id, no name, the fields it shows. */
    private static ObjectNode newTab(Map<String, String> fields) {
        ObjectNode tab = Json.object();
        tab.put("providerId", "provisioning").put("providerType", TAB_TYPE);
        ObjectNode config = tab.putObject("config");
        fields.forEach((k, v) -> config.putArray(k).add(v));
        return tab;
    }

    private static void config(ObjectNode tab, String field, String value) {
        ((ObjectNode) tab.get("config")).putArray(field).add(value);
    }

    private static Map<String, String> form(JsonNode tab) {
        Map<String, String> form = new LinkedHashMap<>();
        tab.get("config").fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().get(0).asText()));
        return form;
    }

    private static Map<String, String> rows(String json) {
        Map<String, String> rows = new LinkedHashMap<>();
        Json.parse(json).forEach(r -> rows.put(r.get("key").asText(), r.get("value").asText()));
        return rows;
    }

    private static void stripIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("id");
            object.remove("containerId");
            object.fields().forEachRemaining(e -> stripIds(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(ProvisioningTabIT::stripIds);
        }
    }
}
