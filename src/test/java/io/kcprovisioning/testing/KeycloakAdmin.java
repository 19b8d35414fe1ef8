package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small client of Keycloak's admin REST API (and of any path of the server) authenticated as a user through the
 * password grant; the token is renewed before it expires.
 */
public final class KeycloakAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String realm;
    private final String clientId;
    private final String username;
    private final String password;
    private String token;
    private Instant expires = Instant.EPOCH;

    public KeycloakAdmin(String baseUrl, String realm, String clientId, String username, String password) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
    }

    /** The master realm's bootstrap admin. */
    public static KeycloakAdmin master(KeycloakServer server) {
        return new KeycloakAdmin(server.baseUrl(), "master", "admin-cli", KeycloakServer.ADMIN_USER,
                KeycloakServer.ADMIN_PASSWORD);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public synchronized String token() {
        if (token == null || Instant.now().isAfter(expires.minusSeconds(15))) {
            HttpResult r = form(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", clientId, "username", username, "password", password));
            if (r.status() != 200) {
                throw new IllegalStateException("cannot log in " + username + " at " + realm + ": " + r);
            }
            JsonNode json = r.json();
            token = json.get("access_token").asText();
            expires = Instant.now().plusSeconds(json.get("expires_in").asLong());
        }
        return token;
    }

    public HttpResult get(String path) {
        return send(authorized(path).GET().build());
    }

    public HttpResult delete(String path) {
        return send(authorized(path).DELETE().build());
    }

    public HttpResult put(String path, Object body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    public HttpResult post(String path, Object body) {
        HttpRequest.Builder b = authorized(path);
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        return send(b.build());
    }

    /** POST with extra request headers (name, value, name, value, ...). */
    public HttpResult post(String path, Object body, String... headers) {
        HttpRequest.Builder b = authorized(path);
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        return send(b.build());
    }

    /** Fails unless the status is 2xx; returns the result. */
    public static HttpResult ok(HttpResult r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("expected 2xx, got " + r);
        }
        return r;
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
    }

    /** Sends any request without authentication. */
    public static HttpResult send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResult form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
