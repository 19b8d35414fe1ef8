package io.kcprovisioning.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.AdminBrowser;
import io.kcprovisioning.testing.Axe;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's Downstream apps page in a real headless Chromium against the real distribution, pushing to a real
 * SCIM server in another process (a second realm of the test Keycloak, behind a fault proxy): an admin adds a
 * target in the page, tests it, sees a refused change as a dead letter with the target's answer and replays it once
 * the target takes it; says that the application also pushes users in through one of the realm's SCIM connections,
 * and sees the node sending its changes while one does; in English, French and Indonesian, with no serious axe-core
 * violation on the way.
 */
class OutboundConsoleBrowserIT {

    private static final Map<String, String> ADDED_TEST = Map.of("en", "answered 200", "fr", "a répondu 200",
            "id", "menjawab 200");
    private static final Map<String, String> REPLAYED = Map.of("en", "Replayed: 1", "fr", "Rejoués : 1",
            "id", "Diulangi: 1");
    private static final Map<String, String> NONE = Map.of("en", "None", "fr", "Aucune", "id", "Tidak ada");

    private static KeycloakAdmin admin;
    private static AdminBrowser browser;
    private static ScimRealm downstream;
    private static ScimFaultProxy proxy;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        downstream = ScimRealm.create(admin, "console-downstream");
        proxy = new ScimFaultProxy(downstream.scim().base());
        browser = new AdminBrowser(admin.baseUrl());
        browser.signInToAdminConsole(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static JsonNode downstreamUser(String userName) {
        HttpResult r = downstream.filterUsers("userName eq \"" + userName + "\"");
        JsonNode resources = r.json().path("Resources");
        return resources.isEmpty() ? null : resources.get(0);
    }

    private static void awaitText(String testId, String expected) {
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(AdminBrowser.testId(testId),
                expected));
    }

    private static void type(String testId, String text) {
        WebElement input = browser.byTestId(testId);
        input.clear();
        input.sendKeys(text);
    }

    private static void assertNoSeriousViolations(String what) {
        assertThat(Axe.seriousViolations(browser.driver())).as("axe-core on " + what).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr", "id"})
    void anAdminAddsATargetTestsItAndReplaysADeadLetter(String lang) throws Exception {
        ScimRealm upstream = ScimRealm.create(admin, "console-outbound-" + lang);
        String name = "crm-" + lang;
        String token = downstream.scim().token();
        // the application is also a directory, pushing users in through a connection of its own
        String connectionName = "crm directory " + lang;
        String connectionId = KeycloakAdmin.ok(admin.post("/admin/realms/" + upstream.name()
                + "/provisioning/scim/tokens", Map.of("name", connectionName))).json().get("id").asText();
        browser.console(upstream.name(), "outbound", lang);
        browser.byTestId("targets-none");
        assertNoSeriousViolations("the empty page (" + lang + ")");

        // add the target in the page's form, its secret typed once
        browser.click("target-add");
        browser.byTestId("target-form-modal");
        browser.click("target-save");
        browser.byTestId("problem-name");
        assertNoSeriousViolations("the add form with its problems (" + lang + ")");
        type("target-name", name);
        type("target-base-url", proxy.baseUrl());
        type("target-secret", token);
        Select inbound = new Select(browser.byTestId("target-inbound-connection"));
        browser.waiting().until(d -> inbound.getOptions().size() == 3);
        assertThat(inbound.getOptions()).extracting(WebElement::getText)
                .containsExactly(NONE.get(lang), connectionName, "test idp");
        assertThat(inbound.getFirstSelectedOption().getText()).isEqualTo(NONE.get(lang));
        inbound.selectByVisibleText(connectionName);
        assertNoSeriousViolations("the add form with a connection chosen (" + lang + ")");
        screenshot("outbound-form-" + lang);
        browser.click("target-save");
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(
                AdminBrowser.testId("target-form-modal")));
        browser.byTestId("target-row-" + name);
        JsonNode targets = KeycloakAdmin.ok(admin.get("/admin/realms/" + upstream.name() + "/provisioning/targets"))
                .json();
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("name").asText()).isEqualTo(name);
        assertThat(targets.get(0).get("baseUrl").asText()).isEqualTo(proxy.baseUrl());
        assertThat(targets.get(0).get("auth").get("secretSet").asBoolean()).isTrue();
        assertThat(targets.get(0).get("inboundConnection").asText()).isEqualTo(connectionId);
        assertThat(browser.driver().getPageSource()).doesNotContain(token);
        awaitText("target-inbound-connection-shown", connectionName);
        String targetId = targets.get(0).get("id").asText();

        // test it: reachable, and what it supports
        browser.click("target-test");
        awaitText("target-test-result", ADDED_TEST.get(lang));
        assertThat(browser.byTestId("target-supports").getText()).contains("PATCH");
        browser.waiting().until(d -> !d.findElements(AdminBrowser.testId("push-unavailable")).isEmpty()
                || !d.findElements(AdminBrowser.testId("push-none")).isEmpty()
                || !d.findElements(AdminBrowser.testId("push-job")).isEmpty());

        // a change the target refuses becomes a dead letter, shown with the target's answer
        String userName = ScimRealm.uniqueUserName("console-dead-" + lang);
        proxy.refuseBodiesContaining(userName);
        String userId;
        try {
            userId = upstream.createUser(Map.of("userName", userName, "emails",
                    List.of(Map.of("value", userName, "primary", true))));
            String keycloakName = admin.get("/admin/realms/" + upstream.name() + "/users/" + userId).json()
                    .get("username").asText();
            WebElement row = browser.waiting().withTimeout(Duration.ofSeconds(60)).until(
                    ExpectedConditions.visibilityOfElementLocated(AdminBrowser.testId("dead-row-" + keycloakName)));
            assertThat(row.getText()).contains("injected refusal").contains("POST /Users: 400");
            browser.waiting().withTimeout(Duration.ofSeconds(30)).until(d -> d.findElements(
                    AdminBrowser.testId("target-health")).stream().anyMatch(h -> "failing".equals(
                    h.getAttribute("data-health"))));
            assertNoSeriousViolations("a target with its test result and a dead letter (" + lang + ")");
            screenshot("outbound-target-" + lang);

            // the target takes it now: replay it from the page
            proxy.refuseBodiesContaining(null);
            browser.click("dead-replay-" + keycloakName);
            awaitText("dead-done", REPLAYED.get(lang));
            Instant deadline = Instant.now().plusSeconds(60);
            JsonNode arrived = null;
            while (arrived == null && Instant.now().isBefore(deadline)) {
                arrived = downstreamUser(userName);
                Thread.sleep(250);
            }
            assertThat(arrived).as("the replayed user downstream").isNotNull();
            assertThat(arrived.get("externalId").asText()).isEqualTo(userId);
            browser.waiting().withTimeout(Duration.ofSeconds(30)).until(d -> d.findElements(
                    AdminBrowser.testId("dead-row-" + keycloakName)).isEmpty());
            // the delivery that followed set the failures in a row back to 0: healthy again
            browser.waiting().withTimeout(Duration.ofSeconds(30)).until(d -> d.findElements(
                    AdminBrowser.testId("target-health")).stream().allMatch(h -> "healthy".equals(
                    h.getAttribute("data-health"))));

            // while a change is on its way the page names the node sending it; none once it has arrived
            proxy.hang(1, Duration.ofSeconds(8), "POST");
            String slowName = ScimRealm.uniqueUserName("console-slow-" + lang);
            upstream.createUser(Map.of("userName", slowName, "emails", List.of(Map.of("value", slowName,
                    "primary", true))));
            String statusPath = "/admin/realms/" + upstream.name() + "/provisioning/targets/" + targetId + "/status";
            // the page reads the health every five seconds; Refresh reads it now, within the change's eight seconds
            browser.waiting().withTimeout(Duration.ofSeconds(30))
                    .withMessage(() -> "the page never named the sender; the target saw "
                            + proxy.mentioning(slowName))
                    .until(d -> {
                        String sender = admin.get(statusPath).json().path("sender").asText("");
                        if (!sender.isEmpty() && sender.equals(browser.byTestId("status-sender").getText())) {
                            return true;
                        }
                        browser.click("targets-refresh");
                        return false;
                    });
            deadline = Instant.now().plusSeconds(60);
            while (downstreamUser(slowName) == null && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
            }
            assertThat(downstreamUser(slowName)).as("the slow change downstream").isNotNull();
            awaitText("status-sender", NONE.get(lang));
            assertThat(admin.get(statusPath).json().get("sender").isNull()).isTrue();
        } finally {
            proxy.refuseBodiesContaining(null);
        }
    }

    /** The page in a window tall enough for the target's health, its dead letters and pushes, or the whole form. */
    private static void screenshot(String name) throws Exception {
        Dimension before = browser.driver().manage().window().getSize();
        browser.driver().manage().window().setSize(new Dimension(1400, 1700));
        try {
            Thread.sleep(300); // the layout settles at the new size
            Path shot = browser.screenshot(name);
            assertThat(Files.size(shot)).isPositive();
        } finally {
            browser.driver().manage().window().setSize(before);
        }
    }
}
