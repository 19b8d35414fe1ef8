package io.kcprovisioning.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium driven as an admin would: signs in at Keycloak's login page of the master realm, opens the admin
 * console or the Provisioning console, finds elements by their {@code data-testid}, and writes screenshots to
 * {@code target/screenshots/} as test artifacts.
 */
public final class AdminBrowser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of(System.getProperty("it.project.dir", "."), "target",
            "screenshots");

    private final ChromeDriver driver;
    private final String serverUrl;

    public AdminBrowser(String serverUrl) {
        this.driver = Chromium.start();
        this.serverUrl = serverUrl;
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Keycloak's login form, wherever the browser was sent to it. */
    public void submitLoginForm(String username, String password) {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** Signs in to the admin console of the master realm and waits until it shows. */
    public void signInToAdminConsole(String username, String password) {
        signInToAdminConsole("master", username, password);
    }

    /**
     * Signs in to the admin console of a realm ({@code /admin/{realm}/console/}, where that realm's own admins sign
     * in) and waits until it shows.
     */
    public void signInToAdminConsole(String realm, String username, String password) {
        String console = "/admin/" + realm + "/console/";
        driver.get(serverUrl + console);
        submitLoginForm(username, password);
        waiting().until(d -> d.getCurrentUrl().contains(console)
                && !d.findElements(By.cssSelector("[data-testid='options-toggle'], #nav-toggle, .pf-v5-c-page"))
                .isEmpty());
    }

    /** The master realm's admin console at a route ({@code #/acme/realm-settings/provisioning}). */
    public void adminConsole(String route) {
        adminConsole("master", route);
    }

    /** The admin console of a realm's own admins at a route. */
    public void adminConsole(String realm, String route) {
        String console = serverUrl + "/admin/" + realm + "/console/";
        boolean sameDocument = driver.getCurrentUrl().startsWith(console);
        driver.get(console + route);
        if (sameDocument) {
            // only the fragment changed: the console would keep the realm it shows, so load it again at the route
            driver.navigate().refresh();
        }
    }

    /**
     * The Provisioning console served from the master realm, at one realm's page, in a language, loaded as a new
     * document (a URL that differs from the current one only in its hash would not load the page again, and the
     * console reads its language and signs in as it loads); waits until the page is rendered (its navigation link is
     * there).
     */
    public void console(String realm, String page, String lang) {
        driver.get("about:blank");
        driver.get(consoleUrl(realm, page, lang));
        byTestId("nav-" + page);
    }

    public String consoleUrl(String realm, String page, String lang) {
        return serverUrl + "/realms/master/provisioning/console/?lang=" + lang + "#/" + realm + "/" + page;
    }

    public WebElement byTestId(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    public List<WebElement> allByTestId(String id) {
        return driver.findElements(testId(id));
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public void click(String testId) {
        waiting().until(ExpectedConditions.elementToBeClickable(testId(testId))).click();
    }

    /** Writes a screenshot of the whole window to target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
