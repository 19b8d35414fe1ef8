package io.kcprovisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.Chromium;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's "log out in between", in a real Chromium, with the demo's realms {@code customer-idp} and
 * {@code acme} ({@code demo/realms/}, imported under unique names): signing out of acme's account console also ends
 * the session at the customer IdP (front-channel logout through the IdP's end-session endpoint, back to acme's
 * broker endpoint) and lands on acme's sign-in page.
 */
class DemoLogoutBrowserIT {

    private static final Path ROOT = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath();

    private KeycloakAdmin admin;
    private String acme;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void setUp() throws IOException {
        admin = TestKeycloak.admin();
        String customerIdp = RealmSetup.unique("customer-idp").name();
        acme = RealmSetup.unique("acme").name();
        importDemoRealm("customer-idp-realm.json", customerIdp, customerIdp);
        importDemoRealm("acme-realm.json", customerIdp, acme);
        browser = Chromium.start();
        // wide enough for the account console's masthead to show the user menu rather than a kebab
        browser.manage().window().setSize(new Dimension(1280, 1024));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A demo realm file as demo/run.sh imports it, with the two realms' names in its URLs made unique. */
    private void importDemoRealm(String file, String customerIdp, String name) throws IOException {
        String text = Files.readString(ROOT.resolve("demo/realms/" + file))
                .replace("${DEMO_BASE_URL}", admin.baseUrl())
                .replace("/realms/customer-idp/", "/realms/" + customerIdp + "/")
                .replace("/realms/customer-idp\"", "/realms/" + customerIdp + "\"")
                .replace("/realms/acme/", "/realms/" + acme + "/");
        ObjectNode realm = (ObjectNode) Json.parse(text);
        realm.put("realm", name);
        KeycloakAdmin.ok(admin.post("/admin/realms", realm));
    }

    private void logInThroughTheCustomerIdp(String username) {
        browser.get(admin.baseUrl() + "/realms/" + acme + "/account");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("social-customer-idp"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(username);
        browser.findElement(By.id("kc-login")).click();
    }

    @Test
    void signingOutOfTheAccountConsoleEndsTheCustomerIdpSessionTooAndLandsOnTheSignInPage() {
        logInThroughTheCustomerIdp("alice");
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[contains(normalize-space(.), 'Alice Owner')]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Sign out']")))
                .click();

        wait.until(d -> !d.findElements(By.id("social-customer-idp")).isEmpty()
                || d.getPageSource().contains("We are sorry"));
        assertThat(browser.getPageSource()).doesNotContain("Invalid redirect uri");
        assertThat(browser.getCurrentUrl()).startsWith(admin.baseUrl() + "/realms/" + acme
                + "/protocol/openid-connect/auth");

        browser.findElement(By.id("social-customer-idp")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEmpty();
    }
}
