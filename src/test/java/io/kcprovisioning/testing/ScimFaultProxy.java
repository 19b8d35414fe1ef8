package io.kcprovisioning.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through HTTP proxy in front of a real SCIM server, to inject the faults outbound delivery must survive:
 * the target down (connection refused), answering 500 a number of times, or refusing with 400. Records every request
 * it saw (method, path and body).
 */
public final class ScimFaultProxy implements AutoCloseable {

    public record Seen(String method, String path, String body, int status) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String upstream;
    private final int port;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile String refuseBodiesContaining;
    private HttpServer server;

    /** {@code upstream}: the SCIM base URL requests are forwarded to (path after it kept). */
    public ScimFaultProxy(String upstream) {
        this.upstream = upstream;
        this.port = FreePorts.next();
        up();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/scim/v2";
    }

    /** Starts listening (again). */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/scim/v2", this::handle);
        server.start();
    }

    /** Stops listening: connections are refused. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The next {@code times} requests are answered {@code status} without reaching the server. */
    public void fail(int times, int status) {
        failureStatus = status;
        failures.set(times);
    }

    /** Requests whose body contains {@code text} are answered 400 (null: none). */
    public void refuseBodiesContaining(String text) {
        refuseBodiesContaining = text;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests whose path or body mentions {@code text}. */
    public List<Seen> mentioning(String text) {
        return seen.stream().filter(s -> s.path().contains(text) || s.body().contains(text)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath().substring("/scim/v2".length())
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        String method = ex.getRequestMethod();
        try {
            if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                reply(ex, failureStatus, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"" + failureStatus + "\",\"detail\":\"injected failure\"}", method, path, body);
                return;
            }
            String refused = refuseBodiesContaining;
            if (refused != null && body.contains(refused)) {
                reply(ex, 400, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\","
                        + "\"scimType\":\"invalidValue\",\"detail\":\"injected refusal\"}", method, path, body);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            for (String h : List.of("Authorization", "Content-Type", "Accept")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    forward.header(h, v);
                }
            }
            HttpResponse<String> r = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            reply(ex, r.statusCode(), r.body(), method, path, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 502, "", method, path, body);
        }
    }

    private void reply(HttpExchange ex, int status, String body, String method, String path, String requestBody)
            throws IOException {
        seen.add(new Seen(method, path, requestBody, status));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/scim+json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        down();
    }
}
