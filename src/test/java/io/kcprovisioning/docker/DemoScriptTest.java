package io.kcprovisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The demo script reads its Keycloak version and features from the build: keep them in step. */
class DemoScriptTest {

    private static final Path ROOT = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath();

    @Test
    void demoReadsTheKeycloakVersionThePomPins() throws Exception {
        String line = Files.readAllLines(ROOT.resolve("demo/run.sh")).stream()
                .filter(l -> l.startsWith("KC_VERSION=")).findFirst().orElseThrow();
        Process p = new ProcessBuilder(List.of("bash", "-c", "ROOT=\"" + ROOT + "\"; " + line
                + "; printf %s \"$KC_VERSION\"")).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String pinned = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml")
                .toFile()).getElementsByTagName("keycloak.dist.version").item(0).getTextContent().trim();

        assertThat(version).isEqualTo(pinned);
    }

    @Test
    void demoRunsTheFeaturesOfTheDockerImage() throws Exception {
        String script = Files.readString(ROOT.resolve("demo/run.sh"));
        assertThat(script).contains("FEATURES=\"" + io.kcprovisioning.testing.KeycloakServer.FEATURES + "\"");
    }
}
