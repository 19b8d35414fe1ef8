package io.kcprovisioning.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API at /admin/realms/{realm}/provisioning, against the real distribution. */
class PolicyAdminIT {

    private static final String POLICY_TYPE = "io.kcprovisioning.store.ProvisioningPolicyProvider";

    private KeycloakAdmin admin;
    private String realm;
    private String base;

    @BeforeEach
    void createRealm() {
        admin = TestKeycloak.admin();
        realm = RealmSetup.unique("policy")
                .user("viewer", List.of("view-realm"))
                .user("manager", List.of("manage-realm", "view-realm"))
                .user("nobody", List.of())
                .attribute("adminEventsEnabled", true)
                .attribute("adminEventsDetailsEnabled", true)
                .create(admin);
        base = "/admin/realms/" + realm + "/provisioning";
    }

    @Test
    void unconfiguredRealmReadsAsManualWithEmptyCatalogs() {
        JsonNode policy = KeycloakAdmin.ok(admin.get(base + "/policy")).json();

        assertThat(policy.get("mode").asText()).isEqualTo("manual");
        assertThat(policy.get("roles")).isEmpty();
        assertThat(policy.get("seatTiers")).isEmpty();
    }

    @Test
    void listsTheSixProfilesWithTheModesEachAllows() {
        JsonNode profiles = KeycloakAdmin.ok(admin.get(base + "/profiles")).json();

        List<String> ids = new ArrayList<>();
        profiles.forEach(p -> ids.add(p.get("id").asText()));
        assertThat(ids).containsExactly("team", "enterprise-seats", "enterprise-usage-two-tiers",
                "enterprise-usage-single", "console", "custom");
        JsonNode team = profiles.get(0);
        assertThat(team.get("allowedModes")).extracting(JsonNode::asText).containsExactly("manual", "jit");
        assertThat(team.get("roles")).extracting(r -> r.get("name").asText())
                .containsExactly("Owner", "Admin", "User");
    }

    @Test
    void applyingAProfileSeedsCatalogsAndCreatesTheBoundRealmRoles() {
        JsonNode policy = KeycloakAdmin.ok(admin.post(base + "/profiles/console/apply", null)).json();

        assertThat(policy.get("profile").asText()).isEqualTo("console");
        assertThat(policy.get("roles")).extracting(r -> r.get("key").asText())
                .containsExactly("admin", "developer", "billing", "claude-code-user", "user");
        assertThat(policy.get("seatTiers")).isEmpty();
        assertThat(admin.get("/admin/realms/" + realm + "/roles/org-claude-code-user").status()).isEqualTo(200);
        assertThat(KeycloakAdmin.ok(admin.get(base + "/policy")).json()).isEqualTo(policy);
    }

    @Test
    void unknownProfileIsNotFound() {
        assertThat(admin.post(base + "/profiles/platinum/apply", null).status()).isEqualTo(404);
    }

    @Test
    void savedPolicyReadsBackAsSaved() {
        ObjectNode policy = seeded("enterprise-seats");
        policy.put("mode", "jit").put("groupMappings", true);
        ((ArrayNode) policy.get("roles").get(0).get("groups")).add("acme-owners");
        ((ObjectNode) policy.get("seatTiers").get(0)).put("capacity", 3);

        JsonNode saved = KeycloakAdmin.ok(admin.put(base + "/policy", policy)).json();

        assertThat(saved.get("mode").asText()).isEqualTo("jit");
        JsonNode read = KeycloakAdmin.ok(admin.get(base + "/policy")).json();
        assertThat(read).isEqualTo(saved);
        assertThat(read.get("roles").get(0).get("groups").get(0).asText()).isEqualTo("acme-owners");
        assertThat(read.get("seatTiers").get(0).get("capacity").asInt()).isEqualTo(3);
    }

    @Test
    void invalidKeyIsRefusedWithAMessageThatNamesTheField() {
        ObjectNode policy = seeded("enterprise-seats");
        ((ObjectNode) policy.get("roles").get(1)).put("key", "Not A Key");

        HttpResult r = admin.put(base + "/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("roles[1].key");
        assertThat(r.json().get("errorMessage").asText()).contains("roles[1].key");
        assertThat(KeycloakAdmin.ok(admin.get(base + "/policy")).json().get("roles").get(1).get("key").asText())
                .isEqualTo("admin");
    }

    @Test
    void unknownFieldIsRefusedNamingIt() {
        ObjectNode policy = seeded("enterprise-seats");
        ((ObjectNode) policy.get("seatTiers").get(0)).put("capacitty", 3);

        HttpResult r = admin.put(base + "/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("seatTiers[0].capacitty");
    }

    @Test
    void malformedJsonIsRefused() {
        HttpResult r = admin.put(base + "/policy", "{\"mode\": \"jit\",");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errorMessage").asText()).contains("malformed JSON");
    }

    @Test
    void modeThatTheProfileDoesNotAllowIsRefused() {
        ObjectNode policy = seeded("team");
        policy.put("mode", "scim");

        HttpResult r = admin.put(base + "/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("mode");
        assertThat(r.json().get("errorMessage").asText()).contains("not allowed by profile 'team'");
    }

    @Test
    void bindingToARoleThatDoesNotExistIsRefused() {
        ObjectNode policy = seeded("enterprise-seats");
        ((ObjectNode) policy.get("roles").get(2).get("binding")).put("role", "no-such-role");

        HttpResult r = admin.put(base + "/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("roles[2].binding.role");
    }

    @Test
    void severalViolationsAreAllReported() {
        ObjectNode policy = seeded("enterprise-seats");
        ((ObjectNode) policy.get("roles").get(0)).put("name", "");
        ((ObjectNode) policy.get("seatTiers").get(1)).put("capacity", -1);

        HttpResult r = admin.put(base + "/policy", policy);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("roles[0].name", "seatTiers[1].capacity");
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        HttpResult r = KeycloakAdmin.send(HttpRequest.newBuilder(
                URI.create(admin.baseUrl() + base + "/policy")).GET().build());

        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void viewRealmMayReadButNotWrite() {
        KeycloakAdmin viewer = realmUser("viewer");

        assertThat(viewer.get(base + "/policy").status()).isEqualTo(200);
        assertThat(viewer.get(base + "/profiles").status()).isEqualTo(200);
        assertThat(viewer.put(base + "/policy", seeded("team")).status()).isEqualTo(403);
        assertThat(viewer.post(base + "/profiles/team/apply", null).status()).isEqualTo(403);
    }

    @Test
    void manageRealmMayWrite() {
        KeycloakAdmin manager = realmUser("manager");

        assertThat(manager.post(base + "/profiles/team/apply", null).status()).isEqualTo(200);
    }

    @Test
    void aUserWithoutAdminRolesMayNotRead() {
        assertThat(realmUser("nobody").get(base + "/policy").status()).isEqualTo(403);
    }

    @Test
    void everyChangeIsAnAdminEvent() {
        admin.post(base + "/profiles/enterprise-seats/apply", null);
        ObjectNode policy = (ObjectNode) admin.get(base + "/policy").json();
        policy.put("mode", "jit");
        KeycloakAdmin.ok(admin.put(base + "/policy", policy));

        JsonNode events = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm
                + "/admin-events?resourceTypes=CUSTOM&resourcePath=provisioning/*")).json();

        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> e.get("operationType").asText())
                .containsExactlyInAnyOrder("CREATE", "UPDATE");
        JsonNode update = events.get(0).get("operationType").asText().equals("UPDATE") ? events.get(0)
                : events.get(1);
        assertThat(update.get("resourcePath").asText()).isEqualTo("provisioning/policy");
        assertThat(update.get("details").get("provisioning.change").asText()).isEqualTo("policy");
        assertThat(Json.parse(update.get("representation").asText()).get("mode").asText()).isEqualTo("jit");
    }

    @Test
    void policyTravelsWithTheRealmExportAndImport() {
        admin.post(base + "/profiles/enterprise-usage-two-tiers/apply", null);
        ObjectNode policy = (ObjectNode) admin.get(base + "/policy").json();
        policy.put("mode", "scim");
        ((ObjectNode) policy.get("seatTiers").get(1)).put("capacity", 7);
        KeycloakAdmin.ok(admin.put(base + "/policy", policy));

        ObjectNode export = (ObjectNode) KeycloakAdmin.ok(admin.post("/admin/realms/" + realm
                + "/partial-export?exportGroupsAndRoles=true&exportClients=false", null)).json();
        assertThat(export.get("components").get(POLICY_TYPE)).hasSize(1);

        String copy = realm + "-copy";
        export.put("realm", copy);
        export.remove("id");
        stripIds(export);
        KeycloakAdmin.ok(admin.post("/admin/realms", export));

        JsonNode imported = KeycloakAdmin.ok(admin.get("/admin/realms/" + copy + "/provisioning/policy")).json();
        assertThat(imported).isEqualTo(KeycloakAdmin.ok(admin.get(base + "/policy")).json());
        assertThat(imported.get("seatTiers").get(1).get("capacity").asInt()).isEqualTo(7);
    }

    @Test
    void importingARealmWithAnInvalidPolicyIsRefused() {
        RealmSetup setup = RealmSetup.unique("bad-import").component(POLICY_TYPE, Map.of(
                "name", "provisioning-policy",
                "providerId", "provisioning-policy",
                "config", Map.of("policy", List.of("{\"profile\":\"team\",\"mode\":\"scim\"}"))));

        HttpResult r = setup.tryCreate(admin);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("mode");
        assertThat(admin.get("/admin/realms/" + setup.name()).status()).isEqualTo(404);
    }

    @Test
    void theGenericComponentsEndpointCannotStoreAnInvalidPolicy() {
        admin.post(base + "/profiles/team/apply", null);
        JsonNode components = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/components?type="
                + POLICY_TYPE)).json();
        assertThat(components).hasSize(1);
        ObjectNode component = (ObjectNode) components.get(0);
        ((ObjectNode) component.get("config")).putArray("policy").add("{\"profile\":\"team\",\"mode\":\"scim\"}");

        HttpResult r = admin.put("/admin/realms/" + realm + "/components/" + component.get("id").asText(),
                component);

        assertThat(r.status()).isEqualTo(400);
        assertThat(KeycloakAdmin.ok(admin.get(base + "/policy")).json().get("mode").asText()).isEqualTo("manual");
    }

    @Test
    void aSecondPolicyComponentIsRefused() {
        admin.post(base + "/profiles/team/apply", null);
        ObjectNode second = Json.object();
        second.put("name", "another").put("providerId", "provisioning-policy").put("providerType", POLICY_TYPE)
                .putObject("config").putArray("policy").add(Json.write(admin.get(base + "/policy").json()));

        HttpResult r = admin.post("/admin/realms/" + realm + "/components", second);

        assertThat(r.status()).isEqualTo(400);
    }

    private ObjectNode seeded(String profile) {
        return (ObjectNode) KeycloakAdmin.ok(admin.post(base + "/profiles/" + profile + "/apply", null)).json();
    }

    private KeycloakAdmin realmUser(String username) {
        return new KeycloakAdmin(admin.baseUrl(), realm, "admin-cli", username, RealmSetup.PASSWORD);
    }

    private static void stripIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("id");
            object.remove("containerId");
            object.fields().forEachRemaining(e -> stripIds(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(PolicyAdminIT::stripIds);
        }
    }
}
