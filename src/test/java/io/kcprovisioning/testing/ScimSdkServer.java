package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A SCIM SDK server ({@link ScimSdkServerMain}) in its own JVM, launched with the test classpath, on a free
 * loopback port with a fresh static bearer token; stopped with {@link #close()}.
 */
public final class ScimSdkServer implements AutoCloseable {

    /** One request the server received. */
    public record Received(String method, String path, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final String token;

    private ScimSdkServer(Process process, int port, String token) {
        this.process = process;
        this.port = port;
        this.token = token;
    }

    public static ScimSdkServer start() {
        return start(true);
    }

    /** {@code patch} false: a server that says it does not support PATCH, and refuses it. */
    public static ScimSdkServer start(boolean patch) {
        int port = FreePorts.next();
        String token = UUID.randomUUID().toString();
        try {
            Path log = Path.of("target", "scim-sdk-server-" + port + ".log");
            Files.createDirectories(log.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dsun.net.httpserver.nodelay=true",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"),
                    ScimSdkServerMain.class.getName(), String.valueOf(port), token, patch ? "patch" : "no-patch"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ScimSdkServer server = new ScimSdkServer(p, port, token);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-scim-sdk-server"));
            server.awaitUp(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitUp(Path log) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("SCIM SDK server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ServiceProviderConfig"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("SCIM SDK server did not start: " + Files.readString(log));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/scim/v2";
    }

    public String token() {
        return token;
    }

    /** A GET of {@code path} under the base URL, with the token. */
    public HttpResult get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every SCIM request received so far, in order. */
    public List<Received> received() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/_received")).build(), HttpResponse.BodyHandlers.ofString());
            List<Received> out = new ArrayList<>();
            for (JsonNode n : Json.parse(r.body())) {
                out.add(new Received(n.get("method").asText(), n.get("path").asText(), n.get("body").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
