package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Targets through the admin API, against a downstream SCIM server in another process: a second realm of the test
 * Keycloak served by this extension's own inbound SCIM endpoint, with its static connection token.
 */
class OutboundTargetsIT {

    private static KeycloakAdmin admin;
    private static ScimRealm downstream;
    private static String realm;
    private static String base;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        downstream = ScimRealm.create(admin, "downstream");
        realm = RealmSetup.unique("targets").attribute("adminEventsEnabled", true)
                .attribute("adminEventsDetailsEnabled", true)
                .user("viewer", List.of("view-realm"))
                .create(admin);
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/profiles/enterprise-seats/apply", null));
        base = "/admin/realms/" + realm + "/provisioning/targets";
    }

    static ObjectNode target(String name, String baseUrl, String token) {
        ObjectNode t = Json.object();
        t.put("name", name).put("baseUrl", baseUrl);
        t.putObject("auth").put("type", "bearer").put("secret", token);
        return t;
    }

    private static String downstreamUrl() {
        return downstream.scim().base();
    }

    @Test
    void createdTargetIsListedReadAndNeverShowsItsSecret() {
        HttpResult created = KeycloakAdmin.ok(admin.post(base, target("crm", downstreamUrl() + "/",
                downstream.scim().token())));
        assertThat(created.status()).isEqualTo(201);
        JsonNode rep = created.json();
        String id = rep.get("id").asText();
        assertThat(created.header("Location")).endsWith("/provisioning/targets/" + id);
        assertThat(rep.get("baseUrl").asText()).isEqualTo(downstreamUrl());
        assertThat(rep.get("auth").get("secretSet").asBoolean()).isTrue();
        assertThat(rep.get("scope").get("kind").asText()).isEqualTo("all");
        assertThat(rep.get("deprovision").asText()).isEqualTo("deactivate");
        String token = downstream.scim().token();
        assertThat(created.body()).doesNotContain(token);
        assertThat(admin.get(base).body()).contains(id).doesNotContain(token);
        assertThat(admin.get(base + "/" + id).json().get("name").asText()).isEqualTo("crm");
        String components = admin.get("/admin/realms/" + realm + "/components?type="
                + OutboundTargetProvider.class.getName()).body();
        assertThat(components).contains(id).doesNotContain(token);
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void updateKeepsTheStoredSecretAndChangesSettings() {
        String id = KeycloakAdmin.ok(admin.post(base, target("billing", downstreamUrl(),
                downstream.scim().token()))).json().get("id").asText();
        ObjectNode changed = target("billing", downstreamUrl(), null);
        ((ObjectNode) changed.get("auth")).remove("secret");
        changed.putObject("scope").put("kind", "tiers").putArray("keys").add("premium");
        changed.put("deprovision", "delete").put("rateLimit", 50).putArray("quirks").add("membership-by-single-patch");
        JsonNode rep = KeycloakAdmin.ok(admin.put(base + "/" + id, changed)).json();
        assertThat(rep.get("scope").get("keys").get(0).asText()).isEqualTo("premium");
        assertThat(rep.get("deprovision").asText()).isEqualTo("delete");
        assertThat(rep.get("rateLimit").asInt()).isEqualTo(50);
        assertThat(rep.get("auth").get("secretSet").asBoolean()).isTrue();
        JsonNode report = KeycloakAdmin.ok(admin.post(base + "/" + id + "/test", null)).json();
        assertThat(report.get("authenticated").asBoolean()).isTrue();
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
        assertThat(admin.get(base + "/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(base + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void testReadsTheTargetsServiceProviderConfig() {
        String id = KeycloakAdmin.ok(admin.post(base, target("tested", downstreamUrl(),
                downstream.scim().token()))).json().get("id").asText();
        JsonNode report = KeycloakAdmin.ok(admin.post(base + "/" + id + "/test", null)).json();
        assertThat(report.get("reachable").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("status").asInt()).isEqualTo(200);
        JsonNode supports = report.get("supports");
        assertThat(supports.get("patch").asBoolean()).isTrue();
        assertThat(supports.get("bulk").asBoolean()).isTrue();
        assertThat(supports.get("etag").asBoolean()).isTrue();
        assertThat(supports.get("filter").asBoolean()).isTrue();
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void testWithAWrongTokenSaysTheTargetRefusedTheCredentials() {
        String id = KeycloakAdmin.ok(admin.post(base, target("wrong-token", downstreamUrl(), "kcp_nope.nope")))
                .json().get("id").asText();
        JsonNode report = KeycloakAdmin.ok(admin.post(base + "/" + id + "/test", null)).json();
        assertThat(report.get("reachable").asBoolean()).isTrue();
        assertThat(report.get("status").asInt()).isEqualTo(401);
        assertThat(report.get("authenticated").asBoolean()).isFalse();
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void testOfATargetThatIsDownSaysUnreachable() {
        String id = KeycloakAdmin.ok(admin.post(base, target("down", "http://127.0.0.1:9/scim/v2", "t")))
                .json().get("id").asText();
        JsonNode report = KeycloakAdmin.ok(admin.post(base + "/" + id + "/test", null)).json();
        assertThat(report.get("reachable").asBoolean()).isFalse();
        assertThat(report.get("error").asText()).startsWith("cannot reach the target");
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void badTargetIsRefusedWith400NamingEachFieldInTheCallersLanguage() {
        ObjectNode bad = target("", "ftp://x", null);
        ((ObjectNode) bad.get("auth")).put("type", "kerberos");
        HttpResult english = admin.post(base, bad);
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).contains("auth.type must be bearer, basic or oauth2");
        ObjectNode unknownTier = target("scoped", downstreamUrl(), "t");
        unknownTier.putObject("scope").put("kind", "tiers").putArray("keys").add("gold");
        HttpResult french = admin.post(base, unknownTier, "Accept-Language", "fr-FR,fr;q=0.9");
        assertThat(french.status()).isEqualTo(400);
        assertThat(french.json().get("field").asText()).isEqualTo("scope.keys[0]");
        assertThat(french.json().get("errorMessage").asText())
                .isEqualTo("« gold » n'est pas un niveau de places de ce domaine (niveaux : premium, standard).");
        HttpResult indonesian = admin.post(base, target("no-secret", downstreamUrl(), null), "Accept-Language", "id");
        assertThat(indonesian.status()).isEqualTo(400);
        assertThat(indonesian.json().get("errorMessage").asText())
                .isEqualTo("auth.secret atau auth.secretRef wajib diisi.");
        ObjectNode vault = target("vault", downstreamUrl(), null);
        ((ObjectNode) vault.get("auth")).put("secretRef", "not-a-reference");
        assertThat(admin.post(base, vault).json().get("field").asText()).isEqualTo("auth.secretRef");
        assertThat(admin.get(base).body()).doesNotContain("\"scoped\"").doesNotContain("\"no-secret\"");
    }

    @Test
    void secondTargetOfTheSameNameIsRefused() {
        String id = KeycloakAdmin.ok(admin.post(base, target("twice", downstreamUrl(), "t"))).json().get("id")
                .asText();
        HttpResult again = admin.post(base, target("Twice", downstreamUrl(), "t"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("field").asText()).isEqualTo("name");
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void viewRealmReadsButMayNotChangeOrTest() {
        String id = KeycloakAdmin.ok(admin.post(base, target("viewed", downstreamUrl(), "t"))).json().get("id")
                .asText();
        KeycloakAdmin viewer = new KeycloakAdmin(admin.baseUrl(), realm, "admin-cli", "viewer", RealmSetup.PASSWORD);
        assertThat(viewer.get(base).status()).isEqualTo(200);
        assertThat(viewer.get(base + "/" + id).status()).isEqualTo(200);
        assertThat(viewer.post(base, target("nope", downstreamUrl(), "t")).status()).isEqualTo(403);
        assertThat(viewer.put(base + "/" + id, target("viewed", downstreamUrl(), "t")).status()).isEqualTo(403);
        assertThat(viewer.delete(base + "/" + id).status()).isEqualTo(403);
        assertThat(viewer.post(base + "/" + id + "/test", null).status()).isEqualTo(403);
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }

    @Test
    void targetChangesAreAdminEvents() {
        String id = KeycloakAdmin.ok(admin.post(base, target("audited", downstreamUrl(), "s3cr3t-audited")))
                .json().get("id").asText();
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
        JsonNode events = admin.get("/admin/realms/" + realm
                + "/admin-events?resourceTypes=CUSTOM&resourcePath=provisioning/targets/*").json();
        List<String> seen = new java.util.ArrayList<>();
        events.forEach(e -> {
            if (e.get("resourcePath").asText().equals("provisioning/targets/" + id)) {
                seen.add(e.get("operationType").asText());
                assertThat(e.path("representation").asText()).doesNotContain("s3cr3t-audited");
            }
        });
        assertThat(seen).contains("CREATE", "DELETE");
    }

    @Test
    void exportCarriesTheTargetWithoutItsSecretAndImportValidatesIt() {
        String id = KeycloakAdmin.ok(admin.post(base, target("exported", downstreamUrl(), "s3cr3t-exported")))
                .json().get("id").asText();
        HttpResult export = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm
                + "/partial-export?exportGroupsAndRoles=false&exportClients=false", null));
        assertThat(export.body()).contains(id).contains(downstreamUrl()).doesNotContain("s3cr3t-exported");
        JsonNode component = null;
        for (JsonNode c : export.json().path("components").path(OutboundTargetProvider.class.getName())) {
            if (c.get("id").asText().equals(id)) {
                component = c;
            }
        }
        assertThat(component).isNotNull();

        // a realm imported with this target has it, without a secret
        ObjectNode imported = ((ObjectNode) component).deepCopy();
        imported.remove("id");
        RealmSetup copy = RealmSetup.unique("imported").component(OutboundTargetProvider.class.getName(),
                Json.MAPPER.convertValue(imported, Map.class));
        String importedRealm = copy.create(admin);
        JsonNode targets = admin.get("/admin/realms/" + importedRealm + "/provisioning/targets").json();
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("auth").get("secretSet").asBoolean()).isFalse();

        // and a realm whose target is bad is refused at import with the field
        ObjectNode broken = imported.deepCopy();
        ((ArrayNode) broken.get("config").get("deprovision")).removeAll().add("shred");
        HttpResult refused = RealmSetup.unique("broken").component(OutboundTargetProvider.class.getName(),
                Json.MAPPER.convertValue(broken, Map.class)).tryCreate(admin);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("deprovision");
        KeycloakAdmin.ok(admin.delete(base + "/" + id));
    }
}
