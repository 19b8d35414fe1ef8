package io.kcprovisioning.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleFilesTest {

    private static final String ROOT = "console-files-test/";
    private final ConsoleFiles files = new ConsoleFiles(ConsoleFilesTest.class.getClassLoader(), ROOT);

    @Test
    void aFileOfTheConsoleIsReadWithItsContentType() {
        ConsoleFiles.ConsoleFile index = files.read("index.html").orElseThrow();

        assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("test console");
        assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(index.cacheControl()).isEqualTo("no-cache");
    }

    @Test
    void buildAssetsAreCachedForAYear() {
        ConsoleFiles.ConsoleFile script = files.read("assets/app-1a2b3c.js").orElseThrow();

        assertThat(script.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThat(files.read("assets/missing.js")).isEmpty();
    }

    @Test
    void aFileOfAKindTheConsoleDoesNotShipIsNotServed() {
        assertThat(files.read("notes.unknownext")).isEmpty();
    }

    @Test
    void aFileBesideTheConsoleFolderCannotBeReachedByGoingUp() {
        assertThat(ConsoleFilesTest.class.getClassLoader().getResource("console-files-outside.json")).isNotNull();

        assertThat(files.read("../console-files-outside.json")).isEmpty();
        assertThat(files.read("assets/../../console-files-outside.json")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x.js", "assets/../../x.js", "./index.html", "assets//app.js", "/etc/passwd.txt",
            "assets\\..\\..\\x.js", "..\\x.js", "C:/x.js", "file:/x.js", "assets/", "index.html\u0000.js",
            "assets/./app.js", ""})
    void pathsThatAreNotPlainRelativeFilePathsAreRefused(String path) {
        assertThat(ConsoleFiles.resourceName(ROOT, path)).isEmpty();
    }

    @Test
    void aPlainRelativePathNamesTheFileUnderTheRoot() {
        assertThat(ConsoleFiles.resourceName(ROOT, "assets/app-1a2b3c.js")).contains(ROOT + "assets/app-1a2b3c.js");
        assertThat(ConsoleFiles.resourceName(ROOT, "locales/fr/messages.json"))
                .contains(ROOT + "locales/fr/messages.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.js", "a.css", "a.html", "a.json", "a.svg", "a.woff2", "a.png", "a.map"})
    void everyKindOfFileTheBuildProducesHasAContentType(String name) {
        assertThat(ConsoleFiles.contentType(name)).isPresent();
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertThat(ConsoleFiles.contentType("assets/x.CSS")).contains("text/css; charset=utf-8");
        assertThat(ConsoleFiles.contentType("logo.svg")).contains("image/svg+xml");
        assertThat(ConsoleFiles.contentType("font.woff2")).contains("font/woff2");
        assertThat(ConsoleFiles.contentType("app.js.map")).contains("application/json");
        assertThat(ConsoleFiles.contentType("assets/.js")).isEmpty();
        assertThat(ConsoleFiles.contentType("README")).isEmpty();
    }
}
