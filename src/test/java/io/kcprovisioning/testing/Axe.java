package io.kcprovisioning.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility engine, run inside the page a real Chromium shows. The script is the one the console's
 * build installs ({@code console/node_modules/axe-core}, a pinned devDependency in the committed lock file), so the
 * tests and the front end's own checks use the same version and nothing is downloaded.
 */
public final class Axe {

    private static final Path SCRIPT = Path.of(System.getProperty("it.project.dir", "."),
            "console/node_modules/axe-core/axe.min.js");
    private static String source;

    private Axe() {
    }

    private static synchronized String source() {
        if (source == null) {
            try {
                source = Files.readString(SCRIPT);
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core not found at " + SCRIPT
                        + " (the Maven build runs npm ci in console/; do not skip it for the browser tests)", e);
            }
        }
        return source;
    }

    /** The serious and critical violations on the page as it is now, one line each (rule, impact, targets). */
    public static List<String> seriousViolations(WebDriver driver) {
        return seriousViolations(driver, null);
    }

    /**
     * The serious and critical violations inside the elements that a CSS selector picks ({@code axe.run(context)}),
     * for pages whose frame is someone else's (the admin console's own chrome around an extension's form); the whole
     * page when the selector is null.
     */
    @SuppressWarnings("unchecked")
    public static List<String> seriousViolations(WebDriver driver, String selector) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const context = arguments[0] ? {include: [arguments[0]]} : document;
                if (arguments[0] && !document.querySelector(arguments[0])) {
                    done([{id: 'no-context', impact: 'critical', targets: 'nothing matches ' + arguments[0]}]);
                    return;
                }
                axe.run(context, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                        targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', targets: String(e)}]));
                """, selector);
        return ((List<Map<String, Object>>) result).stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .map(v -> v.get("id") + " (" + v.get("impact") + "): " + v.get("targets"))
                .toList();
    }

    /** Fails naming each serious or critical violation on the current page. */
    public static void assertNoSeriousViolations(WebDriver driver, String page) {
        assertThat(seriousViolations(driver)).as("axe-core serious or critical violations on " + page).isEmpty();
    }

    /** Fails naming each serious or critical violation inside the elements the selector picks. */
    public static void assertNoSeriousViolations(WebDriver driver, String selector, String what) {
        assertThat(seriousViolations(driver, selector)).as("axe-core serious or critical violations in " + what)
                .isEmpty();
    }
}
