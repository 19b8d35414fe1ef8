package io.kcprovisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.testing.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * docker/ cannot run on machines without a Docker engine; these tests keep it consistent with the build that the
 * integration tests and the demo do run.
 */
class DockerAssetsTest {

    private static Path root;
    private static Document pom;
    private static String dockerfile;
    private static String compose;

    @BeforeAll
    static void read() throws Exception {
        root = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        pom = factory.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
        compose = Files.readString(root.resolve("docker/compose.yaml"));
    }

    private static String pomProperty(String name) {
        return pom.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as("pattern %s", regex).isTrue();
        return m.group(1);
    }

    @Test
    void keycloakImageVersionIsTheDistributionTheTestsRun() {
        assertThat(find(dockerfile, "^ARG KEYCLOAK_VERSION=(\\S+)$")).isEqualTo(pomProperty("keycloak.dist.version"));
        assertThat(dockerfile).contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}");
    }

    @Test
    void composePostgresVersionIsPinnedInThePom() {
        assertThat(find(compose, "image: postgres:(\\S+)")).isEqualTo(pomProperty("postgres.image.version"));
    }

    @Test
    void buildStepEnablesTheFeaturesTheTestsAndDemoUse() {
        assertThat(find(dockerfile, "--features=(\\S+)")).isEqualTo(KeycloakServer.FEATURES);
        assertThat(Files.exists(root.resolve("demo/run.sh"))).isTrue();
    }

    @Test
    void copiedJarIsTheArtifactThePomBuilds() {
        String artifactId = pom.getDocumentElement().getElementsByTagName("artifactId").item(0).getTextContent();
        assertThat(find(dockerfile, "/src/target/(\\S+)-\\*\\.jar")).isEqualTo(artifactId.trim());
    }

    @Test
    void composeBuildsTheDockerfileFromTheRepositoryRoot() {
        assertThat(find(compose, "context: (\\S+)")).isEqualTo("..");
        assertThat(find(compose, "dockerfile: (\\S+)")).isEqualTo("docker/Dockerfile");
        assertThat(Files.isRegularFile(root.resolve("docker/compose.yaml").getParent().resolve("..")
                .resolve("docker/Dockerfile").normalize())).isTrue();
    }

    @Test
    void buildContextLeavesOutBuildOutputAndDemoData() throws IOException {
        String ignore = Files.readString(root.resolve(".dockerignore"));
        assertThat(ignore.lines()).contains("target/", ".git/", "demo/.keycloak/");
    }
}
