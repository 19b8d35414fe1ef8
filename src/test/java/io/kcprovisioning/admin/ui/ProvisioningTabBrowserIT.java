package io.kcprovisioning.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.AdminBrowser;
import io.kcprovisioning.testing.Axe;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Realm settings → Provisioning in the real Keycloak 26.7 admin console, in headless Chromium: what the tab shows,
 * what a save from it changes, how it refuses, in English, French and Indonesian, its accessibility, and the way
 * from the admin console to the Provisioning console.
 */
class ProvisioningTabBrowserIT {

    private static final String FORM = "form.keycloak__form";
    private static final String ALERT = ".pf-v5-c-alert";
    private static final Path MESSAGES = Path.of(System.getProperty("it.project.dir", "."),
            "themes/theme-resources/messages");

    private KeycloakAdmin admin;
    private final List<AdminBrowser> browsers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(AdminBrowser::close);
    }

    @Test
    void theTabShowsThePolicyLastSavedThroughTheRestApi() {
        JitRealm acme = acme();
        ObjectNode policy = (ObjectNode) KeycloakAdmin.ok(admin.get(acme.base() + "/policy")).json();
        policy.put("contact", "the Acme IT help desk");
        ((ObjectNode) policy.get("jit")).put("groupClaim", "groups");
        ((ObjectNode) policy.get("seatTiers").get(1)).put("capacity", 3);
        KeycloakAdmin.ok(admin.put(acme.base() + "/policy", policy));
        AdminBrowser browser = masterAdmin();

        openTab(browser, acme.name());

        assertThat(selected(browser, "profile")).isEqualTo("enterprise-seats");
        assertThat(selected(browser, "mode")).isEqualTo("jit");
        assertThat(browser.driver().findElement(By.id("groupMappings")).isSelected()).isTrue();
        assertThat(rows(browser, "roleGroups")).containsExactly(Map.entry("owner", "acme-owners"),
                Map.entry("admin", "acme-admins"), Map.entry("user", "acme-staff"));
        assertThat(rows(browser, "tierGroups")).containsExactly(Map.entry("premium", "acme-premium"),
                Map.entry("standard", ""));
        assertThat(rows(browser, "seatCapacities")).containsExactly(Map.entry("premium", "1"),
                Map.entry("standard", "3"));
        assertThat(value(browser, "jitGroupClaim")).isEqualTo("groups");
        assertThat(value(browser, "contact")).isEqualTo("the Acme IT help desk");
        wholeFormScreenshot(browser, "tab-provisioning");
    }

    @Test
    void savingAnEditedFieldChangesThePolicyAndSaysSo() {
        JitRealm acme = acme();
        AdminBrowser browser = masterAdmin();
        openTab(browser, acme.name());

        type(browser.byTestId("config.seatCapacities.1.value"), "5");
        type(browser.byTestId("contact"), "it@acme.example");
        browser.click("save");

        WebElement toast = toast(browser);
        assertThat(toast.getAttribute("class")).contains("pf-m-success");
        assertThat(toast.getText()).contains("Saved successfully");
        JsonNode policy = KeycloakAdmin.ok(admin.get(acme.base() + "/policy")).json();
        assertThat(policy.get("seatTiers").get(1).get("capacity").asInt()).isEqualTo(5);
        assertThat(policy.get("contact").asText()).isEqualTo("it@acme.example");
        assertThat(policy.get("seatTiers").get(0).get("capacity").asInt()).isEqualTo(1);
        browser.screenshot("tab-saved");
    }

    @Test
    void aModeTheProfileDoesNotAllowIsRefusedWithTheReasonAndNothingChanges() {
        String realm = realmWithPolicy("team", RealmSetup.unique("tab-ui-mode"));
        JsonNode before = KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json();
        AdminBrowser browser = masterAdmin();
        openTab(browser, realm);

        choose(browser, "mode", "scim");
        browser.click("save");

        WebElement toast = toast(browser);
        assertThat(toast.getAttribute("class")).contains("pf-m-danger");
        assertThat(toast.getText()).contains("Error could not save item!").contains(
                "Invalid provisioning policy: the product profile 'team' does not allow the mode 'scim'"
                        + " (modes it allows: manual, jit).");
        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json()).isEqualTo(before);
        browser.screenshot("tab-mode-refused");
    }

    @Test
    void removingTheGroupOfTheOnlyOwnerIsRefusedNamingThemAndNothingChanges() {
        JitRealm acme = acme();
        BrokeredLogin.Result login = acme.loginWithGroups("olivia", List.of("acme-owners"));
        assertThat(login.loggedIn()).as(login.page()).isTrue();
        String olivia = KeycloakAdmin.ok(admin.get("/admin/realms/" + acme.name() + "/users/"
                + acme.userId("olivia"))).json().get("username").asText();
        JsonNode before = KeycloakAdmin.ok(admin.get(acme.base() + "/policy")).json();
        AdminBrowser browser = masterAdmin();
        openTab(browser, acme.name());

        type(browser.byTestId("config.roleGroups.0.value"), "acme-founders");
        browser.click("save");

        WebElement toast = toast(browser);
        assertThat(toast.getAttribute("class")).contains("pf-m-danger");
        assertThat(toast.getText()).contains("Error could not save item!")
                .contains("This policy leaves the organization with no Owner: " + olivia + " would lose the role.")
                .contains("Preview the change in the Provisioning console");
        assertThat(KeycloakAdmin.ok(admin.get(acme.base() + "/policy")).json()).isEqualTo(before);
        assertThat(acme.realmRoles(acme.userId("olivia"))).contains("org-owner");
        scrollToTop(browser);
        browser.screenshot("tab-refused");
    }

    @Test
    void anAdminWhoseLanguageIsFrenchReadsTheTabAndItsRefusalInFrench() {
        // Keycloak's own French text, with its narrow no-break space before the exclamation mark
        readsTheTabAndItsRefusalIn("fr", "Erreur impossible de sauvegarder l'élément\u202f!");
    }

    @Test
    void anAdminWhoseLanguageIsIndonesianReadsTheTabAndItsRefusalInIndonesian() {
        readsTheTabAndItsRefusalIn("id", "Kesalahan, item tidak dapat disimpan!");
    }

    /**
     * axe-core over the tab's form. The admin console around it is Keycloak's and outside this check; inside the
     * form, the two List fields are Keycloak's select widget ({@code ListComponent}), which names its toggle with the
     * field's label while showing the selected value, so axe reports {@code label-content-name-mismatch} (WCAG 2.5.3)
     * on every List field of every declarative form: that one rule on those two toggles is Keycloak's, not ours, and
     * the only thing excluded.
     */
    @Test
    void theTabsFormHasNoSeriousAccessibilityViolationOfItsOwn() {
        JitRealm acme = acme();
        AdminBrowser browser = masterAdmin();
        openTab(browser, acme.name());

        List<String> violations = Axe.seriousViolations(browser.driver(), FORM).stream()
                .filter(v -> !v.equals("label-content-name-mismatch (serious): #profile, #mode"))
                .toList();

        assertThat(violations).as("axe-core serious or critical violations in the Provisioning tab's form").isEmpty();
    }

    /**
     * The way from the admin console to the Provisioning console without typing a URL. In 26.7 the tab cannot hold
     * a link (help texts render as plain text; a {@code Url} field reads its address from a form value that a
     * component's config never has), and a client's Home URL names no realm, so the way is the master realm's
     * Clients → provisioning-console → Home URL, then the console's realm picker.
     */
    @Test
    void theHomeUrlInClientsOpensTheProvisioningConsoleAtTheOverviewOfTheRealmPicked() {
        JitRealm acme = acme();
        AdminBrowser browser = masterAdmin();
        browser.adminConsole("#/master/clients");
        WebElement search = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("input[placeholder='Search for client']")));
        search.sendKeys("provisioning-console", Keys.ENTER);
        WebDriver driver = browser.driver();
        String adminConsole = driver.getWindowHandle();

        browser.byTestId("client-home-url-provisioning-console").click();
        browser.waiting().until(d -> d.getWindowHandles().size() > 1);
        driver.getWindowHandles().stream().filter(h -> !h.equals(adminConsole)).findFirst()
                .ifPresent(h -> driver.switchTo().window(h));
        browser.byTestId("nav-overview");
        new Select(browser.byTestId("realm-picker")).selectByValue(acme.name());

        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/realms/master/provisioning/console/#/"
                + acme.name() + "/overview"));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                AdminBrowser.testId("overview-profile"), "Enterprise (seat-based)")); // the profile's name
        assertThat(driver.findElement(By.tagName("main")).getText()).contains(acme.name());
        browser.screenshot("console-from-home-url");
    }

    private void readsTheTabAndItsRefusalIn(String locale, String keycloaksSaveError) {
        Properties messages = messages(locale);
        Properties english = messages("en");
        RealmSetup setup = RealmSetup.unique("tab-ui-" + locale)
                .user("operator", List.of("manage-realm", "view-realm", "view-users"))
                .attribute("internationalizationEnabled", true)
                .attribute("supportedLocales", List.of("en", "fr", "id"))
                .attribute("defaultLocale", "en");
        ((ObjectNode) setup.representation().get("users").get(0)).putObject("attributes").putArray("locale")
                .add(locale);
        String realm = realmWithPolicy("team", setup);
        AdminBrowser browser = new AdminBrowser(admin.baseUrl());
        browsers.add(browser);
        browser.signInToAdminConsole(realm, "operator", RealmSetup.PASSWORD);
        browser.adminConsole(realm, "#/" + realm + "/realm-settings/provisioning");
        waitForForm(browser);

        List<String> labels = browser.driver().findElements(By.cssSelector(FORM + " .pf-v5-c-form__label-text"))
                .stream().map(WebElement::getText).toList();
        List<String> expected = List.of("provisioningTabProfile", "provisioningTabMode", "provisioningTabGroupMappings",
                "provisioningTabRoleGroups", "provisioningTabTierGroups", "provisioningTabSeatCapacities",
                "provisioningTabJitGroupClaim", "provisioningTabContact").stream().map(messages::getProperty).toList();
        assertThat(labels).containsExactlyElementsOf(expected);
        assertThat(expected).doesNotContainAnyElementsOf(List.of(english.getProperty("provisioningTabProfile"),
                english.getProperty("provisioningTabMode")));
        assertThat(tabTitles(browser)).contains(messages.getProperty("provisioning"));
        browser.screenshot("tab-" + locale);

        choose(browser, "mode", "scim");
        browser.click("save");

        String reason = format(messages, "provisioningTabInvalidPolicy",
                format(messages, "provisioningTabModeNotAllowed", "scim", "team", "manual, jit"));
        WebElement toast = toast(browser);
        assertThat(toast.getText()).contains(keycloaksSaveError).contains(reason);
        assertThat(KeycloakAdmin.ok(admin.get(base(realm) + "/policy")).json().get("mode").asText())
                .isEqualTo("manual");
        browser.screenshot("tab-" + locale + "-refused");
    }

    /** The acme organization of the demo: enterprise-seats, JIT with group mappings, Premium 1 seat, Standard 2. */
    private JitRealm acme() {
        return JitRealm.create(admin, "acme", "enterprise-seats", p -> {
            JitRealm.map(p, "jit", true, JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 1, "standard", 2),
                    Map.of("premium", List.of("acme-premium")));
            p.put("contact", "the Acme IT help desk");
        });
    }

    private String realmWithPolicy(String profile, RealmSetup setup) {
        String realm = setup.create(admin);
        JsonNode seeded = KeycloakAdmin.ok(admin.post(base(realm) + "/profiles/" + profile + "/apply", null)).json();
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", seeded));
        return realm;
    }

    private AdminBrowser masterAdmin() {
        AdminBrowser browser = new AdminBrowser(admin.baseUrl());
        browsers.add(browser);
        browser.signInToAdminConsole("admin", "admin");
        return browser;
    }

    private static void openTab(AdminBrowser browser, String realm) {
        browser.adminConsole("#/" + realm + "/realm-settings/provisioning");
        waitForForm(browser);
        browser.waiting().until(d -> d.findElement(By.cssSelector(".pf-v5-c-page__main")).getText().contains(realm));
    }

    private static void waitForForm(AdminBrowser browser) {
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(FORM + " #mode")));
        browser.byTestId("save");
    }

    /** The value a List field's toggle shows. */
    private static String selected(AdminBrowser browser, String field) {
        return browser.driver().findElement(By.id(field)).getText().trim();
    }

    private static String value(AdminBrowser browser, String testId) {
        return browser.byTestId(testId).getDomProperty("value");
    }

    /** A Map field's rows, key to value, in the order shown. */
    private static Map<String, String> rows(AdminBrowser browser, String field) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            List<WebElement> key = browser.allByTestId("config." + field + "." + i + ".key");
            if (key.isEmpty()) {
                return rows;
            }
            rows.put(key.get(0).getDomProperty("value"),
                    browser.allByTestId("config." + field + "." + i + ".value").get(0).getDomProperty("value"));
        }
    }

    private static void choose(AdminBrowser browser, String field, String option) {
        browser.driver().findElement(By.id(field)).click();
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[@role='option'][normalize-space(.)='" + option + "']"))).click();
        browser.waiting().until(d -> selected(browser, field).equals(option));
    }

    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    /** The admin console's toast after a save. */
    private static WebElement toast(AdminBrowser browser) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ALERT)));
    }

    private static List<String> tabTitles(AdminBrowser browser) {
        return browser.driver().findElements(By.cssSelector(".pf-v5-c-tabs__item")).stream()
                .map(e -> e.getDomProperty("textContent").trim()).toList();
    }

    /** Back to the top of the page (the save button scrolled it down), the toast still showing. */
    private static void scrollToTop(AdminBrowser browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript("document.querySelectorAll('.pf-v5-c-page__main, html')"
                + ".forEach(e => e.scrollTo({top: 0, behavior: 'instant'}))");
        browser.waiting().until(d -> (Boolean) js.executeScript("return document.querySelector(arguments[0])"
                + ".getBoundingClientRect().top >= 0", FORM));
        toast(browser);
    }

    /** The whole form in one picture, the Provisioning tab scrolled into the tab bar. */
    private static void wholeFormScreenshot(AdminBrowser browser, String name) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        Dimension size = browser.driver().manage().window().getSize();
        long bottom = ((Number) js.executeScript("return document.querySelector(arguments[0])"
                + ".getBoundingClientRect().bottom + window.scrollY", FORM)).longValue();
        browser.driver().manage().window().setSize(new Dimension(size.getWidth(), (int) bottom + 220));
        String current = "document.querySelector('.pf-v5-c-tabs__item.pf-m-current')";
        js.executeScript(current + ".scrollIntoView({behavior: 'instant', block: 'nearest', inline: 'end'})");
        browser.waiting().until(d -> (Boolean) js.executeScript("const tab = " + current
                + ".getBoundingClientRect(), list = " + current + ".parentElement.getBoundingClientRect();"
                + "return tab.left >= list.left && tab.right <= list.right;"));
        browser.screenshot(name);
        browser.driver().manage().window().setSize(size);
    }

    private static Properties messages(String locale) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(MESSAGES.resolve("messages_" + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String format(Properties messages, String key, Object... params) {
        return new MessageFormat(messages.getProperty(key), Locale.ROOT).format(params);
    }

    private static String base(String realm) {
        return "/admin/realms/" + realm + "/provisioning";
    }
}
