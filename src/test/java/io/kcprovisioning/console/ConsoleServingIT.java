package io.kcprovisioning.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Provisioning console served at /realms/{realm}/provisioning/console/ by the real distribution. */
class ConsoleServingIT {

    private static final String CSP = "default-src 'self'; connect-src 'self'; frame-src 'self';"
            + " img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'self'";

    private KeycloakAdmin admin;
    private String realm;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
        realm = RealmSetup.unique("console").create(admin);
    }

    @Test
    void theConsoleWithoutItsTrailingSlashRedirectsThere() {
        HttpResult r = get("/realms/" + realm + "/provisioning/console");

        assertThat(r.status()).isIn(302, 303);
        assertThat(r.header("Location")).endsWith("/realms/" + realm + "/provisioning/console/");
    }

    @Test
    void theConsolePageIsItsIndexNeverCachedStaleOrSaysTheConsoleIsNotBuilt() {
        HttpResult r = get(console(""));

        if (consoleBuilt()) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(r.body()).containsIgnoringCase("<html");
        } else {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("console not built");
        }
    }

    @Test
    void theBuildsScriptsAndStylesAreServedWithTheirTypesAndCachedForAYear() {
        assumeTrue(consoleBuilt(), "the provider jar carries no console build");
        String index = get(console("")).body();
        List<String> assets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"[./]*(?:[^\"]*/console/)?(assets/[^\"]+\\.(?:js|css))\"")
                .matcher(index);
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertThat(assets).as(index).isNotEmpty();

        for (String asset : assets) {
            HttpResult r = get(console(asset));
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(asset)
                    .startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
            assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        }
    }

    @Test
    void aMissingFileIsNotFound() {
        HttpResult r = get(console("assets/no-such-file-4f3a.js"));

        assertThat(r.status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2f..%2fMETA-INF%2fkeycloak-themes.json", "%2e%2e%2fMETA-INF%2fkeycloak-themes.json",
            "assets%2f..%2f..%2fMETA-INF%2fkeycloak-themes.json", "assets/..%2f..%2fMETA-INF/keycloak-themes.json",
            "..%5cMETA-INF%5ckeycloak-themes.json", "%2fMETA-INF%2fkeycloak-themes.json",
            "..%2f..%2fio%2fkcprovisioning%2fconsole%2fConsoleResource.class",
            "..%2fMETA-INF%2fprovisioning-changelog.xml"})
    void pathsThatLeaveTheConsoleFolderAreRefused(String path) {
        HttpResult r = get(console(path));

        assertThat(r.status()).as(r.body()).isIn(400, 404);
        assertThat(r.body()).doesNotContain("themes").doesNotContain("databaseChangeLog");
    }

    @Test
    void configJsonTellsTheConsoleItsServerRealmClientAndScimPath() {
        HttpResult r = get(console("config.json"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode config = r.json();
        assertThat(config.get("serverUrl").asText()).isEqualTo(admin.baseUrl());
        assertThat(config.get("realm").asText()).isEqualTo(realm);
        assertThat(config.get("clientId").asText()).isEqualTo("provisioning-console");
        assertThat(config.get("scimPath").asText()).isEqualTo("/provisioning/scim/v2");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (HttpResult r : List.of(get(console("")), get(console("config.json")),
                get(console("assets/no-such-file-4f3a.js")), get("/realms/" + realm + "/provisioning/console"))) {
            assertThat(r.header("X-Content-Type-Options")).as(r.toString()).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
            assertThat(r.header("Content-Security-Policy")).isEqualTo(CSP);
        }
    }

    @Test
    void servingTheConsoleCreatesItsPublicPkceClient() {
        assertThat(clients(realm)).isEmpty();

        get(console(""));

        JsonNode client = single(clients(realm));
        String path = "/realms/" + realm + "/provisioning/console/";
        assertThat(client.get("name").asText()).isEqualTo("Provisioning console");
        assertThat(client.get("publicClient").asBoolean()).isTrue();
        assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(client.get("serviceAccountsEnabled").asBoolean()).isFalse();
        assertThat(client.get("consentRequired").asBoolean()).isFalse();
        assertThat(client.get("rootUrl").asText()).isEqualTo("${authBaseUrl}");
        assertThat(client.get("baseUrl").asText()).isEqualTo(path);
        assertThat(texts(client.get("redirectUris"))).containsExactly(path + "*");
        assertThat(texts(client.get("webOrigins"))).containsExactly("+");
        assertThat(client.get("attributes").get("post.logout.redirect.uris").asText()).isEqualTo(path + "*");
        assertThat(client.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
        // a full token carries the admin's roles of every realm: past about a hundred realms, 431 on every call
        assertThat(client.get("attributes").get("client.use.lightweight.access.token.enabled").asText())
                .isEqualTo("true");
        // the realm's default scopes, so that its tokens name the user (basic) as the admin REST API needs
        assertThat(texts(client.get("defaultClientScopes"))).contains("basic", "roles");
    }

    @Test
    void aSecondVisitKeepsTheOneClient() {
        get(console(""));
        String id = single(clients(realm)).get("id").asText();

        get(console(""));

        assertThat(single(clients(realm)).get("id").asText()).isEqualTo(id);
    }

    @Test
    void aClientThatExistsWithThatIdIsLeftAsItIs() {
        String own = RealmSetup.unique("console-own").create(admin);
        KeycloakAdmin.ok(admin.post("/admin/realms/" + own + "/clients", Map.of(
                "clientId", "provisioning-console", "name", "Ours", "publicClient", false)));

        get("/realms/" + own + "/provisioning/console/");

        JsonNode client = single(clients(own));
        assertThat(client.get("name").asText()).isEqualTo("Ours");
        assertThat(client.get("publicClient").asBoolean()).isFalse();
        assertThat(client.has("baseUrl")).isFalse();
    }

    @Test
    void theAdminRealmHasTheClientFromStartUp() {
        JsonNode client = single(clients("master"));

        assertThat(client.get("baseUrl").asText()).isEqualTo("/realms/master/provisioning/console/");
        assertThat(client.get("publicClient").asBoolean()).isTrue();
    }

    private String console(String path) {
        return "/realms/" + realm + "/provisioning/console/" + path;
    }

    private HttpResult get(String path) {
        return KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(admin.baseUrl() + path)).GET().build());
    }

    private ArrayNode clients(String realmName) {
        return (ArrayNode) KeycloakAdmin.ok(admin.get("/admin/realms/" + realmName
                + "/clients?clientId=provisioning-console")).json();
    }

    private static JsonNode single(ArrayNode nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether the provider jar under test carries the console's build. */
    private static boolean consoleBuilt() {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("it.provider.jar",
                "target/keycloak-provisioning.jar")).toFile())) {
            return jar.getEntry("provisioning-console/index.html") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
