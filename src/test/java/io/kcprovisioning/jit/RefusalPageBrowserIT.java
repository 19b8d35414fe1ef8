package io.kcprovisioning.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.Chromium;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages users see, in a real Chromium: a refused login and an admitted one. */
class RefusalPageBrowserIT {

    private KeycloakAdmin admin;
    private JitRealm realm;
    private ChromeDriver browser;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
        realm = JitRealm.create(admin, "browser", "enterprise-seats", p -> {
            JitRealm.map(p, "jit", true, Map.of("user", List.of("acme-staff")), Map.of("standard", 1), Map.of());
            p.put("contact", "the help desk");
        });
        browser = Chromium.start();
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void loginAtTheUpstreamIdp(String username, List<String> groups) {
        browser.get(admin.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth?client_id="
                + JitRealm.CLIENT + "&response_type=code&scope=openid&kc_idp_hint=" + JitRealm.IDP
                + "&redirect_uri=" + URLEncoder.encode(BrokeredLogin.REDIRECT_URI, StandardCharsets.UTF_8));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("claims")));
        browser.findElement(By.name("username")).sendKeys(username);
        WebElement claims = browser.findElement(By.name("claims"));
        claims.clear();
        browser.executeScript("arguments[0].value = arguments[1];", claims,
                Json.write(JitRealm.claims(username, groups)));
        browser.findElement(By.cssSelector("input[type=submit]")).click();
    }

    @Test
    void refusedUserSeesTheRefusalPageInTheLoginTheme() {
        loginAtTheUpstreamIdp("wendy", List.of("marketing"));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("provisioning-refused-message")));
        assertThat(message.getText()).isEqualTo(
                "Your account is not in any group that gives access to this organization.");
        assertThat(browser.findElement(By.id("provisioning-refused-contact")).getText())
                .isEqualTo("Please contact the help desk.");
        assertThat(browser.findElement(By.id("kc-page-title")).getText()).isEqualTo("Access not granted");
        Object stylesheets = browser.executeScript("return document.styleSheets.length;");
        assertThat(((Number) stylesheets).intValue()).isPositive();
        assertThat(realm.userId("wendy")).isNull();
    }

    @Test
    void noSeatPageShowsTheMessageWithoutTheAttemptedUsername() {
        assertThat(realm.loginWithGroups("yara", List.of("acme-staff")).loggedIn()).isTrue();

        loginAtTheUpstreamIdp("zoe", List.of("acme-staff"));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.id("provisioning-refused-message")));
        assertThat(message.getText()).startsWith("No seat is available for you in this organization right now.");
        assertThat(browser.findElement(By.id("provisioning-refused-contact")).getText())
                .isEqualTo("Please contact the help desk.");
        assertThat(browser.findElements(By.id("kc-attempted-username"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("input"))).noneMatch(WebElement::isDisplayed);
        assertThat(realm.member(realm.userId("zoe")).get("state").asText()).isEqualTo("pending");
    }

    @Test
    void admittedUserReachesTheApplicationWithACode() {
        loginAtTheUpstreamIdp("xena", List.of("acme-staff"));

        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().startsWith(BrokeredLogin.REDIRECT_URI));
        assertThat(browser.getCurrentUrl()).contains("code=");
        assertThat(realm.member(realm.userId("xena")).get("state").asText()).isEqualTo("active");
    }
}
