package io.kcprovisioning.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.AdminBrowser;
import io.kcprovisioning.testing.Axe;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Provisioning console in a real headless Chromium against the real distribution: the master admin signs in to
 * the admin console once and uses the console in that same browser for every test (each test has a realm of its
 * own, brokered to the mock IdP, with members made by real JIT logins); a view-only admin gets a browser of their
 * own. What the pages show is checked against the admin API where it matters.
 */
class ConsoleBrowserIT {

    private static final Path PROJECT = Path.of(System.getProperty("it.project.dir", ".")).toAbsolutePath();
    private static final List<String> PAGES = List.of("overview", "policy", "mappings", "members", "sync", "scim",
            "outbound", "flows");
    private static final List<String> STAFF = List.of("acme-staff");
    /** Navigation texts as console/src/i18n/fr.ts and id.ts have them. */
    private static final Map<String, Map<String, String>> NAV = Map.of(
            "fr", Map.of("overview", "Vue d'ensemble", "policy", "Politique", "mappings",
                    "Correspondance des groupes", "members", "Membres", "sync", "Synchronisation", "scim",
                    "Connexion SCIM", "outbound", "Applications en aval", "flows", "Flux de courtage"),
            "id", Map.of("overview", "Ringkasan", "policy", "Kebijakan", "mappings", "Pemetaan grup", "members",
                    "Anggota", "sync", "Sinkronisasi", "scim", "Koneksi SCIM", "outbound", "Aplikasi hilir", "flows",
                    "Alur broker"),
            "en", Map.of("overview", "Overview", "policy", "Policy", "mappings", "Group mappings", "members",
                    "Members", "sync", "Sync", "scim", "SCIM connection", "outbound", "Downstream apps", "flows",
                    "Broker flows"));
    private static final String READ_ONLY = "You can view this realm but not change it (manage-realm needed).";
    private static final String READ_ONLY_USERS = "You can view the members but not change them (manage-users"
            + " needed).";

    private static KeycloakAdmin admin;
    private static AdminBrowser browser;

    @BeforeAll
    static void signInToTheAdminConsole() {
        admin = TestKeycloak.admin();
        browser = new AdminBrowser(admin.baseUrl());
        browser.signInToAdminConsole(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    // ---- realms and members --------------------------------------------------------------------------------

    /** A JIT realm: acme-owners → Owner, acme-admins → Admin, acme-staff → User; seats as given. */
    private static JitRealm jitRealm(String prefix, int premium, int standard) {
        return JitRealm.create(admin, prefix, "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", premium, "standard", standard), Map.of()));
    }

    /** Logs {@code login} in through the mock IdP with these groups; answers their Keycloak username. */
    private static String member(JitRealm realm, String login, List<String> groups, boolean admitted) {
        BrokeredLogin.Result result = realm.loginWithGroups(login, groups);
        assertThat(result.loggedIn()).as(login + " logged in: " + result).isEqualTo(admitted);
        return username(realm, login);
    }

    private static String username(JitRealm realm, String login) {
        String id = realm.userId(login);
        assertThat(id).as("user " + login).isNotNull();
        return admin.get("/admin/realms/" + realm.name() + "/users/" + id).json().get("username").asText();
    }

    private static JsonNode policy(JitRealm realm) {
        return KeycloakAdmin.ok(admin.get(realm.base() + "/policy")).json();
    }

    private static JsonNode entry(JsonNode list, String key) {
        for (JsonNode e : list) {
            if (e.get("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + key + " in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    // ---- the browser -------------------------------------------------------------------------------------

    private static String text(String testId) {
        return browser.byTestId(testId).getText();
    }

    /** Waits until the element's text contains {@code expected}; answers the text. */
    private static String awaitText(AdminBrowser in, String testId, String expected) {
        in.waiting().until(ExpectedConditions.textToBePresentInElementLocated(AdminBrowser.testId(testId), expected));
        return in.byTestId(testId).getText();
    }

    private static void awaitGone(AdminBrowser in, String testId) {
        in.waiting().until(ExpectedConditions.invisibilityOfElementLocated(AdminBrowser.testId(testId)));
    }

    /** Waits until a page has its content: its heading, and no spinner left. */
    private static void awaitLoaded(AdminBrowser in, String page, String lang) {
        in.waiting().until(d -> d.findElements(By.cssSelector("#kcp-main h1")).stream()
                .anyMatch(h -> h.getText().equals(NAV.get(lang).get(page)))
                && d.findElements(By.cssSelector(".pf-v5-c-spinner")).isEmpty());
    }

    /** Counts the console's fetches by method from now on (until the next page load). */
    private static void countRequests(AdminBrowser in) {
        in.driver().executeScript("""
                window.__kcpRequests = [];
                const original = window.fetch;
                window.fetch = (input, init) => {
                  window.__kcpRequests.push(((init && init.method) || 'GET') + ' ' + input);
                  return original(input, init);
                };
                """);
    }

    @SuppressWarnings("unchecked")
    private static List<String> changingRequests(AdminBrowser in) {
        List<String> all = (List<String>) in.driver().executeScript("return window.__kcpRequests;");
        // a preview is a POST that changes nothing
        return all.stream().filter(r -> !r.startsWith("GET ") && !r.contains("/policy/preview")).toList();
    }

    // ---- the tests ---------------------------------------------------------------------------------------

    /**
     * The console holds no tokens of its own between page loads: every load signs in anew, with keycloak-js's
     * check-sso in a hidden iframe against the master session the admin console opened. So whichever test opened
     * the console first, this load went through no login page: had it, the document would have come back from the
     * login with {@code ?code=} in its URL.
     */
    @Test
    void theConsoleSignsInWithTheAdminConsoleSessionWithoutASecondLoginAndListsTheRealms() {
        String realm = RealmSetup.unique("console").create(admin);
        String url = browser.consoleUrl(realm, "overview", "en");

        browser.console(realm, "overview", "en");

        assertThat(browser.driver().getCurrentUrl()).isEqualTo(url);
        assertThat(browser.driver().findElements(By.id("kc-login"))).isEmpty();
        Object navigation = browser.driver().executeScript(
                "return performance.getEntriesByType('navigation')[0].name;");
        assertThat(navigation).as("the document as loaded, not back from a login").isEqualTo(url);
        Object silent = browser.driver().executeScript("return performance.getEntriesByType('resource')"
                + ".some(e => e.name.includes('/realms/master/protocol/openid-connect/auth?')"
                + " && e.name.includes('prompt=none'));");
        assertThat(silent).as("keycloak-js asked Keycloak silently (prompt=none, in its hidden iframe)")
                .isEqualTo(true);
        assertThat(browser.driver().findElement(By.cssSelector(".kcp-user")).getText())
                .isEqualTo(KeycloakServer.ADMIN_USER);
        Select picker = new Select(browser.byTestId("realm-picker"));
        List<String> realms = picker.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertThat(realms).contains("master", realm);
        assertThat(picker.getFirstSelectedOption().getAttribute("value")).isEqualTo(realm);
        assertThat(text("overview-mode")).isEqualTo("Manual");
    }

    @Test
    void theOverviewShowsSeatsUsedOfCapacityPerTierAndThePendingCount() {
        JitRealm realm = jitRealm("overview", 0, 1);
        member(realm, "ana", STAFF, true);
        member(realm, "ben", STAFF, false);
        assertThat(realm.member(realm.userId("ben")).get("state").asText()).isEqualTo("pending");

        browser.console(realm.name(), "overview", "en");

        assertThat(awaitText(browser, "seat-meter-standard", "Seats used: 1 of 1")).startsWith("Standard");
        assertThat(text("seat-meter-premium")).startsWith("Premium").contains("Seats used: 0 of 0");
        assertThat(text("pending-count")).isEqualTo("1");
        assertThat(text("seats-waiting-any-tier")).isEqualTo("Waiting for a seat in any tier: 1");
        assertThat(text("overview-mode")).isEqualTo("Just-in-time (at login)");
        Map<String, String> used = new LinkedHashMap<>();
        realm.seats().forEach(s -> used.put(s.path("tier").asText(),
                s.get("used").asInt() + "/" + s.get("capacity").asInt()));
        assertThat(used).containsEntry("standard", "1/1").containsEntry("premium", "0/0");
        assertThat(realm.seats()).anySatisfy(s -> {
            assertThat(s.hasNonNull("tier")).isFalse();
            assertThat(s.get("pending").asInt()).isEqualTo(1);
        });
        browser.screenshot("console-overview");
    }

    @Test
    void syncNowRunsToTheEndWithItsProgressBarAndShowsItsCounts() {
        JitRealm realm = jitRealm("sync", 0, 1);
        member(realm, "ana", STAFF, true);
        String ben = member(realm, "ben", STAFF, false);
        // ana leaves: her seat is free, and ben waits for it until a Sync
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/users/" + realm.userId("ana")));
        int syncsBefore = admin.get(realm.base() + "/sync").json().size();
        browser.console(realm.name(), "sync", "en");
        awaitLoaded(browser, "sync", "en");

        browser.click("sync-now-button");

        browser.waiting().until(d -> "done".equals(d.findElement(AdminBrowser.testId("sync-progress"))
                .getAttribute("data-state")));
        WebElement bar = browser.byTestId("sync-progress").findElement(By.cssSelector("[role=progressbar]"));
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("100");
        JsonNode syncs = admin.get(realm.base() + "/sync").json();
        assertThat(syncs.size()).isEqualTo(syncsBefore + 1);
        JsonNode job = syncs.get(0);
        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(job.get("counts").get("added").asInt()).isEqualTo(1);
        assertThat(job.get("total").asInt()).as("the plan's changes, the bar's 100%%").isEqualTo(1);
        assertThat(job.get("applied").asInt()).isEqualTo(1);
        String counts = text("sync-counts");
        assertThat(counts).contains("Users examined: " + job.get("examined").asInt() + ". Changes applied: "
                + job.get("applied").asInt() + ".");
        assertThat(text("sync-count-added")).isEqualTo("Added: 1");
        assertThat(realm.member(realm.userId("ben")).get("state").asText()).as(ben).isEqualTo("active");
        browser.screenshot("console-sync");
    }

    @Test
    void aPolicyChangeIsPreviewedWithTheNamesItAffectsBeforeItIsSaved() {
        JitRealm realm = jitRealm("preview", 0, 1);
        member(realm, "ana", STAFF, true);
        String ben = member(realm, "ben", STAFF, false);
        browser.console(realm.name(), "policy", "en");
        awaitLoaded(browser, "policy", "en");
        WebElement capacity = browser.byTestId("capacity-standard");
        capacity.clear();
        capacity.sendKeys("2");

        browser.click("preview-button");

        WebElement row = browser.byTestId("preview-user-" + ben);
        assertThat(row.getText()).contains(ben);
        assertThat(text("preview-count-added")).isEqualTo("Added: 1");
        assertThat(browser.allByTestId("preview-user-" + username(realm, "ana"))).isEmpty();
        assertThat(entry(policy(realm).get("seatTiers"), "standard").get("capacity").asInt())
                .as("nothing saved by the preview").isEqualTo(1);
        browser.screenshot("console-policy-preview");

        browser.click("save-button");

        browser.byTestId("saved-alert");
        assertThat(entry(policy(realm).get("seatTiers"), "standard").get("capacity").asInt()).isEqualTo(2);
        assertThat(realm.member(realm.userId("ben")).get("state").asText()).isEqualTo("active");
    }

    @Test
    void aChangeThatLeavesNoOwnerIsRefusedNamingTheOwnerUntilSavedAnyway() {
        JitRealm realm = jitRealm("lockout", 5, 5);
        String olivia = member(realm, "olivia", List.of("acme-owners"), true);
        member(realm, "sam", STAFF, true);
        browser.console(realm.name(), "mappings", "en");
        awaitLoaded(browser, "mappings", "en");
        browser.byTestId("group-picker-role-groups-owner")
                .findElement(By.cssSelector("button[aria-label='Remove acme-owners']")).click();
        browser.click("preview-button");

        assertThat(awaitText(browser, "lockout-message", olivia))
                .contains("no Owner").contains(olivia);
        browser.screenshot("console-lockout");

        countRequests(browser);
        browser.click("save-button");

        assertThat(text("save-refused"))
                .isEqualTo("The save was refused: nothing changed. Save anyway applies it regardless.");
        assertThat(changingRequests(browser)).singleElement().asString().startsWith("PUT ")
                .endsWith("/provisioning/policy");
        assertThat(text("lockout-message")).contains(olivia);
        assertThat(texts(entry(policy(realm).get("roles"), "owner").get("groups"))).containsExactly("acme-owners");
        assertThat(realm.member(realm.userId("olivia")).get("role").asText()).isEqualTo("owner");

        browser.click("save-anyway-button");

        browser.byTestId("saved-alert");
        awaitGone(browser, "preview-modal");
        assertThat(texts(entry(policy(realm).get("roles"), "owner").get("groups"))).isEmpty();
        assertThat(realm.member(realm.userId("olivia")).path("role").asText(null)).isNotEqualTo("owner");
    }

    @Test
    void aScimTokenIsShownOnceBesideTheBaseUrlWorksAndIsRefusedOnceRevoked() {
        JitRealm realm = jitRealm("scim", 5, 5);
        String base = admin.baseUrl() + "/realms/" + realm.name() + "/provisioning/scim/v2";
        assertThat(scim(base, "kcp_nothing.wrong").status()).as("the endpoint wants a token").isEqualTo(401);
        browser.console(realm.name(), "scim", "en");
        awaitLoaded(browser, "scim", "en");
        browser.byTestId("token-name-input").sendKeys("Entra ID");

        browser.click("token-create-button");

        String secret = awaitText(browser, "token-secret", "kcp_");
        assertThat(secret).matches("kcp_[^.\\s]+\\.\\S+");
        assertThat(text("token-base-url")).isEqualTo(base);
        assertThat(scim(base, secret).status()).isEqualTo(200);
        browser.screenshot("console-scim-token");

        browser.click("token-secret-done");
        awaitGone(browser, "token-created-modal");
        browser.driver().navigate().refresh();
        awaitLoaded(browser, "scim", "en");
        browser.byTestId("token-row-Entra ID");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        assertThat(browser.driver().getPageSource()).doesNotContain(secret.substring(secret.indexOf('.') + 1));

        browser.click("token-revoke-Entra ID");
        browser.click("token-revoke-confirm");

        browser.waiting().until(d -> "revoked".equals(d.findElement(AdminBrowser.testId("token-row-Entra ID"))
                .getAttribute("data-status")));
        assertThat(browser.allByTestId("token-revoke-Entra ID")).isEmpty();
        assertThat(scim(base, secret).status()).isEqualTo(401);
    }

    private static HttpResult scim(String base, String token) {
        return KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(base + "/ServiceProviderConfig"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json").GET().build());
    }

    @Test
    void explainingAMemberShowsTheirGroupsTheDecisionAndTheReason() {
        JitRealm realm = jitRealm("explain", 5, 5);
        String sam = member(realm, "sam", List.of("acme-staff", "marketing"), true);
        JsonNode explained = KeycloakAdmin.ok(admin.get(realm.base() + "/members/" + realm.userId("sam")
                + "/explain")).json();
        JsonNode decision = explained.get("decision");
        assertThat(decision.get("outcome").asText()).isEqualTo("admit");
        assertThat(decision.get("reason").asText()).isEqualTo("role-from-groups");
        String tier = entry(policy(realm).get("seatTiers"), decision.get("tier").asText()).get("name").asText();
        browser.console(realm.name(), "members", "en");
        awaitLoaded(browser, "members", "en");

        browser.click("explain-" + sam);

        WebElement panel = browser.byTestId("explain-panel");
        browser.waiting().until(d -> !panel.findElements(AdminBrowser.testId("explain-decision")).isEmpty());
        assertThat(text("explain-groups")).contains("acme-staff").contains("marketing");
        assertThat(text("explain-decision")).isEqualTo("Admitted: User, " + tier);
        assertThat(text("explain-reason")).startsWith("Role given by the mapped groups.");
        browser.screenshot("console-members-explain");
    }

    @Test
    void aViewOnlyAdminSeesEveryPageButEveryChangeIsDisabledWithItsReasonAndAClickChangesNothing() {
        JitRealm realm = jitRealm("viewer", 5, 5);
        String sam = member(realm, "sam", STAFF, true);
        KeycloakAdmin.ok(admin.post(realm.base() + "/scim/tokens", Map.of("name", "Okta")));
        String viewer = viewOnlyAdmin(realm.name());
        String policyBefore = Json.write(policy(realm));
        int syncsBefore = admin.get(realm.base() + "/sync").json().size();

        try (AdminBrowser view = new AdminBrowser(admin.baseUrl())) {
            view.signInToAdminConsole(viewer, RealmSetup.PASSWORD);
            SoftAssertions soft = new SoftAssertions();
            for (String page : PAGES) {
                view.console(realm.name(), page, "en");
                awaitLoaded(view, page, "en");
                countRequests(view);
                soft.assertThat(view.byTestId("readonly-notice").getText()).as(page)
                        .endsWith(page.equals("members") ? READ_ONLY_USERS : READ_ONLY);
                List<String> blocked = new ArrayList<>();
                List<String> usable = new ArrayList<>();
                for (WebElement button : view.driver().findElements(By.cssSelector("#kcp-main button"))) {
                    String name = button.getAttribute("data-testid") != null ? button.getAttribute("data-testid")
                            : button.getAttribute("aria-label") != null ? button.getAttribute("aria-label")
                            : button.getText();
                    if (button.getAttribute("disabled") != null) {
                        continue; // natively disabled (pagination at its ends): nothing to click
                    }
                    if (!"true".equals(button.getAttribute("aria-disabled"))) {
                        usable.add(name);
                        continue;
                    }
                    blocked.add(name);
                    String describedBy = button.getAttribute("aria-describedby");
                    soft.assertThat(describedBy).as(page + ": " + name + " says why it is disabled").isNotNull();
                    if (describedBy != null) {
                        soft.assertThat(view.driver().findElement(By.id(describedBy)).getAttribute("textContent"))
                                .as(page + ": why " + name + " is disabled").isIn(READ_ONLY, READ_ONLY_USERS);
                    }
                    button.click();
                }
                // what stays usable only looks: preview, explain, copy, refresh, paging, the search for Keycloak users
                soft.assertThat(usable).as(page + ": usable buttons").allMatch(n -> n.equals("preview-button")
                        || n.equals("targets-refresh")
                        || n.startsWith("explain-") || n.equals("Copy to clipboard")
                        || view.driver().findElements(By.cssSelector("#kcp-main [data-testid='user-search'] button"))
                        .stream().anyMatch(b -> n.equals(b.getAttribute("aria-label")))
                        || view.driver().findElements(By.cssSelector("#kcp-main .pf-v5-c-pagination button"))
                        .stream().anyMatch(b -> n.equals(b.getAttribute("aria-label")) || n.equals(b.getText())));
                switch (page) {
                    case "policy" -> {
                        soft.assertThat(blocked).as(page).contains("discard-button");
                        soft.assertThat(view.byTestId("policy-mode").isEnabled()).as("mode").isFalse();
                        soft.assertThat(view.byTestId("capacity-standard").isEnabled()).as("capacity").isFalse();
                        view.click("preview-button");
                        WebElement save = view.byTestId("save-button");
                        soft.assertThat(save.getAttribute("aria-disabled")).as("save in the preview").isEqualTo("true");
                        save.click();
                        blocked.add("save-button");
                    }
                    case "mappings" -> soft.assertThat(view.driver().findElement(By.id("role-groups-owner"))
                            .isEnabled()).as("owner's group picker").isFalse();
                    case "members" -> soft.assertThat(blocked).as(page).contains("assign-" + sam);
                    case "sync" -> soft.assertThat(blocked).as(page).contains("sync-now-button");
                    case "scim" -> {
                        soft.assertThat(blocked).as(page).contains("token-create-button", "token-revoke-Okta");
                        soft.assertThat(view.byTestId("token-name-input").isEnabled()).as("token name").isFalse();
                    }
                    case "flows" -> soft.assertThat(blocked).as(page).contains("wire-button");
                    case "outbound" -> soft.assertThat(blocked).as(page).contains("target-add");
                    default -> soft.assertThat(blocked).as(page).isEmpty(); // the Overview has nothing to change
                }
                soft.assertThat(view.driver().findElements(By.cssSelector(".pf-v5-c-modal-box"))
                        .stream().map(m -> m.getAttribute("data-testid")).toList())
                        .as(page + ": what a blocked click opened").allMatch(m -> m == null || m.equals("preview-modal"));
                soft.assertThat(changingRequests(view)).as(page + ": changes sent").isEmpty();
                view.screenshot("console-viewer-" + page);
            }
            soft.assertAll();
        }

        assertThat(Json.write(policy(realm))).isEqualTo(policyBefore);
        assertThat(admin.get(realm.base() + "/sync").json().size()).isEqualTo(syncsBefore);
        JsonNode tokens = admin.get(realm.base() + "/scim/tokens").json();
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.get(0).get("revoked").asBoolean()).isFalse();
    }

    /** A master user who may view {@code realm} and its users, and nothing else; answers the username. */
    private static String viewOnlyAdmin(String realm) {
        String username = "viewer-" + realm;
        ObjectNode user = Json.object();
        user.put("username", username).put("enabled", true).put("email", username + "@example.test")
                .put("firstName", "View").put("lastName", "Only").put("emailVerified", true);
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", RealmSetup.PASSWORD).put("temporary", false);
        KeycloakAdmin.ok(admin.post("/admin/realms/master/users", user));
        String userId = admin.get("/admin/realms/master/users?exact=true&username=" + username).json()
                .get(0).get("id").asText();
        String clientId = admin.get("/admin/realms/master/clients?clientId=" + realm + "-realm").json()
                .get(0).get("id").asText();
        ArrayNode roles = Json.MAPPER.createArrayNode();
        for (String role : List.of("view-realm", "view-users")) {
            roles.add(admin.get("/admin/realms/master/clients/" + clientId + "/roles/" + role).json());
        }
        KeycloakAdmin.ok(admin.post("/admin/realms/master/users/" + userId + "/role-mappings/clients/" + clientId,
                roles));
        return username;
    }

    @Test
    void everyPageInEnglishFrenchAndIndonesianHasNoSeriousAccessibilityViolationAndSpeaksItsLanguage()
            throws IOException {
        JitRealm realm = jitRealm("a11y", 1, 1);
        member(realm, "olivia", List.of("acme-owners"), true);
        member(realm, "sam", STAFF, true);
        member(realm, "tina", STAFF, false);
        KeycloakAdmin.ok(admin.post(realm.base() + "/scim/tokens", Map.of("name", "Entra ID")));
        KeycloakAdmin.ok(admin.post(realm.base() + "/sync", null));
        Set<String> keys = messageKeys();

        SoftAssertions soft = new SoftAssertions();
        for (String lang : List.of("en", "fr", "id")) {
            for (String page : PAGES) {
                String where = page + " (" + lang + ")";
                browser.console(realm.name(), page, lang);
                awaitLoaded(browser, page, lang);
                soft.assertThat(Axe.seriousViolations(browser.driver())).as("axe-core on " + where).isEmpty();
                soft.assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
                        .as(where).isEqualTo(lang);
                for (String other : PAGES) {
                    soft.assertThat(browser.byTestId("nav-" + other).getText()).as(where + ": nav " + other)
                            .isEqualTo(NAV.get(lang).get(other));
                }
                String body = browser.driver().findElement(By.tagName("body")).getText();
                soft.assertThat(keys.stream().filter(k -> Pattern.compile("(?<![\\w.-])" + Pattern.quote(k)
                        + "(?![\\w-])").matcher(body).find()).toList()).as(where + ": message keys shown").isEmpty();
                soft.assertThat(body).as(where + ": raw JSON").doesNotContain("{\"").doesNotContain("\":");
                soft.assertThat(body).as(where + ": unfilled placeholders").doesNotContainPattern("\\{[a-z]+\\}");
                Object overflow = browser.driver().executeScript("const m = document.getElementById('kcp-main');"
                        + " return [document.documentElement.scrollWidth - window.innerWidth,"
                        + " m.scrollWidth - m.clientWidth].map(n => Math.max(0, n));");
                soft.assertThat(overflow).as(where + ": wider than the window (page, main area)")
                        .isEqualTo(List.of(0L, 0L));
                browser.screenshot("console-" + page + "-" + lang);
            }
        }
        soft.assertAll();
    }

    /** The console's message keys, as console/src/i18n/en.ts defines them. */
    private static Set<String> messageKeys() throws IOException {
        Matcher m = Pattern.compile("^\\s*'([a-zA-Z0-9.-]+)':", Pattern.MULTILINE)
                .matcher(Files.readString(PROJECT.resolve("console/src/i18n/en.ts")));
        Set<String> keys = new LinkedHashSet<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertThat(keys).hasSizeGreaterThan(100);
        return keys;
    }
}
