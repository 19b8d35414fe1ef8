package io.kcprovisioning.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The upstream OIDC identity provider of the tests: {@code no.nav.security:mock-oauth2-server} in its own JVM (it
 * runs on Kotlin and Jackson 3, which must never meet Keycloak's classes). Its interactive login form takes a
 * username and a claims JSON per login, so each login carries its own {@code groups}. Its classpath is resolved
 * once from {@code src/test/mock-idp/pom.xml}. Started once per test JVM.
 */
public final class MockOAuth2Server {

    private static MockOAuth2Server shared;

    private final int port;
    private final Process process;

    private MockOAuth2Server(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static synchronized MockOAuth2Server shared() {
        if (shared == null) {
            shared = start();
            MockOAuth2Server started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.process.destroy(), "stop-mock-idp"));
        }
        return shared;
    }

    /** The issuer URL for an issuer id (any path segment: each test realm uses its own). */
    public String issuer(String issuerId) {
        return "http://127.0.0.1:" + port + "/" + issuerId;
    }

    private static MockOAuth2Server start() {
        try {
            Path project = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath();
            Path work = Path.of(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath();
            Files.createDirectories(work);
            Path classpathFile = work.resolve("mock-idp.classpath");
            if (!Files.exists(classpathFile)) {
                Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f",
                        project.resolve("src/test/mock-idp/pom.xml").toString(), "dependency:build-classpath",
                        "-Dmdep.outputFile=" + classpathFile)
                        .redirectErrorStream(true).redirectOutput(work.resolve("mock-idp-mvn.log").toFile()).start();
                if (mvn.waitFor() != 0) {
                    throw new IllegalStateException("cannot resolve mock-oauth2-server: see "
                            + work.resolve("mock-idp-mvn.log"));
                }
            }
            String classpath = Files.readString(classpathFile).trim();
            int port = FreePorts.next();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", classpath,
                    "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt"))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("mock-idp.log").toFile());
            pb.environment().put("SERVER_PORT", Integer.toString(port));
            pb.environment().put("SERVER_HOSTNAME", "127.0.0.1");
            pb.environment().put("JSON_CONFIG", "{\"interactiveLogin\":true}");
            Process process = pb.start();
            MockOAuth2Server server = new MockOAuth2Server(port, process);
            server.awaitReady(work.resolve("mock-idp.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        URI discovery = URI.create(issuer("ready") + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mock-oauth2-server exited; log:\n" + KeycloakServer.tail(log));
            }
            try {
                if (client.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("mock-oauth2-server not ready; log:\n" + KeycloakServer.tail(log));
    }
}
