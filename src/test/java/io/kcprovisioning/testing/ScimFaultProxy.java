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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through HTTP proxy in front of a real SCIM server, to inject the faults outbound delivery must survive:
 * the target down (connection refused), answering 500 a number of times, 429 with {@code Retry-After}, hanging past
 * the caller's timeout, closing connections without an answer, or refusing with 400. Records every request it saw
 * (method, path, body and the status it answered; 0 when it answered nothing).
 */
public final class ScimFaultProxy implements AutoCloseable {

    /**
     * {@code at}: when the request ended (answered, or given up), {@code arrived}: when it reached the proxy, epoch
     * milliseconds.
     */
    public record Seen(String method, String path, String body, int status, long at, long arrived) {

        Seen(String method, String path, String body, int status, HttpExchange ex) {
            this(method, path, body, status, System.currentTimeMillis(), (Long) ex.getAttribute(ARRIVED));
        }
    }

    private static final String ARRIVED = "arrived";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private volatile String upstream;
    private final int port;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile String refuseBodiesContaining;
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private final AtomicInteger hangs = new AtomicInteger();
    private volatile Duration hang = Duration.ZERO;
    private volatile String hangMethod;
    private final AtomicInteger drops = new AtomicInteger();
    private volatile String dropMethod;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scim-fault-proxy");
        t.setDaemon(true);
        return t;
    });
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
        server.setExecutor(handlers); // requests in parallel, as a real server takes them
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

    /** The next {@code times} requests are answered 429 with {@code Retry-After: seconds}, not forwarded. */
    public void throttle(int times, int seconds) {
        retryAfterSeconds = seconds;
        throttled.set(times);
    }

    /**
     * The next {@code times} requests of {@code method} are held for {@code duration} (past the caller's timeout),
     * then forwarded: the target makes the change while the caller has given up, as with a slow real server.
     */
    public void hang(int times, Duration duration, String method) {
        hang = duration;
        hangMethod = method;
        hangs.set(times);
    }

    /**
     * The next {@code times} requests of {@code method} are forwarded, and the connection then closed without an
     * answer: the target made the change, the caller never hears of it.
     */
    public void dropReplies(int times, String method) {
        dropMethod = method;
        drops.set(times);
    }

    private static boolean take(AtomicInteger counter, String onlyMethod, String method) {
        return method.equals(onlyMethod) && counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests whose body contains {@code text} are answered 400 (null: none). */
    public void refuseBodiesContaining(String text) {
        refuseBodiesContaining = text;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** From now on, forwards to {@code base} (the same SCIM service through another Keycloak node, say). */
    public void forwardTo(String base) {
        this.upstream = base;
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
        ex.setAttribute(ARRIVED, System.currentTimeMillis());
        inFlight.incrementAndGet();
        try {
            if (throttled.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                reply(ex, 429, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"429\",\"detail\":\"injected throttling\"}", method, path, body);
                return;
            }
            if (take(hangs, hangMethod, method)) {
                Thread.sleep(hang.toMillis());
            }
            boolean drop = take(drops, dropMethod, method);
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
            if (drop) {
                seen.add(new Seen(method, path, body, 0, ex));
                ex.close(); // no answer sent: the server closes the connection
                return;
            }
            reply(ex, r.statusCode(), r.body(), method, path, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 502, "", method, path, body);
        } catch (IOException e) {
            // the caller went away (it timed out while we hung): nothing to answer
            seen.add(new Seen(method, path, body, 0, ex));
            ex.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void reply(HttpExchange ex, int status, String body, String method, String path, String requestBody)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/scim+json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
        seen.add(new Seen(method, path, requestBody, status, ex)); // after the answer went out: 0 is seen if it could not
    }

    @Override
    public void close() {
        down();
        handlers.shutdownNow();
    }
}
