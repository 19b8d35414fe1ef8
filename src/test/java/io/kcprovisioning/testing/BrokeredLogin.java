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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A scripted, browser-less login at a Keycloak realm through a brokered identity provider: authorization-code
 * flow with {@code kc_idp_hint}, the upstream login (mock-oauth2-server's form with a username and claims, or a
 * Keycloak login form for a SAML IdP realm), SAML auto-post forms, Keycloak's review-profile form, back to the
 * client's redirect URI; then the code is exchanged for tokens. One instance per login; no shared state, so many
 * can run at once.
 *
 * <p>Keycloak sets its login cookies {@code Secure} even on http://127.0.0.1, and the JDK's cookie handling
 * never sends those over http: this class keeps its own cookie jar that does.
 */
public final class BrokeredLogin {

    public static final String REDIRECT_URI = "http://127.0.0.1/callback";
    private static final int MAX_STEPS = 40;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Cookies by "path name" (two realms on one server use the same cookie names on different paths). */
    private final Map<String, String[]> cookies = new LinkedHashMap<>();
    private final String serverUrl;
    private final String realm;
    private final String clientId;
    private String accept = "text/html";
    private String uiLocales;

    public BrokeredLogin(String serverUrl, String realm, String clientId) {
        this.serverUrl = serverUrl;
        this.realm = realm;
        this.clientId = clientId;
    }

    /** Asks for pages in this language ({@code ui_locales}). */
    public BrokeredLogin uiLocales(String locales) {
        this.uiLocales = locales;
        return this;
    }

    /** Sends this Accept header on every request (to see what non-browser clients get). */
    public BrokeredLogin accept(String value) {
        this.accept = value;
        return this;
    }

    /**
     * The outcome: tokens when the login reached the client, otherwise the last page (a refusal page, say).
     *
     * @param status       HTTP status of the last answer (302 when the client got a code)
     * @param page         body of the last page (null when the client got a code)
     * @param accessToken  decoded access-token claims (null unless logged in)
     * @param idToken      decoded ID-token claims (null unless logged in)
     */
    public record Result(int status, String page, JsonNode accessToken, JsonNode idToken) {

        public boolean loggedIn() {
            return accessToken != null;
        }

        /** The text of an element of the last page, by id, or null. */
        public String text(String elementId) {
            if (page == null) {
                return null;
            }
            Element e = Jsoup.parse(page).getElementById(elementId);
            return e == null ? null : e.text();
        }
    }

    /** Logs in through an OIDC IdP served by mock-oauth2-server, as {@code username} with these claims. */
    public Result viaMockOidc(String idpAlias, String username, Map<String, Object> claims) {
        return run(idpAlias, Map.of("username", username, "claims", Json.write(claims)));
    }

    /** Logs in through a Keycloak-realm IdP (SAML or OIDC) with a username and password. */
    public Result viaKeycloakIdp(String idpAlias, String username, String password) {
        return run(idpAlias, Map.of("username", username, "password", password));
    }

    private Result run(String idpAlias, Map<String, String> credentials) {
        Map<String, String> params = new LinkedHashMap<>(Map.of(
                "client_id", clientId, "response_type", "code", "scope", "openid",
                "redirect_uri", REDIRECT_URI, "kc_idp_hint", idpAlias, "state", "s1", "nonce", "n1"));
        if (uiLocales != null) {
            params.put("ui_locales", uiLocales);
        }
        String url = serverUrl + "/realms/" + realm + "/protocol/openid-connect/auth?" + form(params);
        HttpResponse<String> response = send(get(url));
        StringBuilder trace = new StringBuilder();
        for (int step = 0; step < MAX_STEPS; step++) {
            int status = response.statusCode();
            trace.append(status).append(' ').append(response.request().method()).append(' ')
                    .append(response.request().uri()).append('\n');
            if (status == 302 || status == 303 || status == 301) {
                String location = URI.create(response.request().uri().toString())
                        .resolve(response.headers().firstValue("Location").orElseThrow()).toString();
                if (location.startsWith(REDIRECT_URI)) {
                    return exchange(location);
                }
                response = send(get(location));
                continue;
            }
            if (status != 200) {
                return new Result(status, response.body(), null, null);
            }
            Document doc = Jsoup.parse(response.body(), response.request().uri().toString());
            Element form = doc.selectFirst("form");
            if (form == null) {
                return new Result(status, response.body(), null, null);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Element input : form.select("input[name], textarea[name]")) {
                if (!"submit".equals(input.attr("type")) || input.hasAttr("value") && !input.attr("name").isEmpty()) {
                    fields.put(input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.val());
                }
            }
            if (form.selectFirst("textarea[name=claims]") != null) {
                fields.put("username", credentials.get("username"));
                fields.put("claims", credentials.getOrDefault("claims", "{}"));
            } else if (fields.containsKey("SAMLResponse") || fields.containsKey("SAMLRequest")) {
                // auto-post form: submit as it is
            } else if (fields.containsKey("password") && credentials.containsKey("password")) {
                fields.put("username", credentials.get("username"));
                fields.put("password", credentials.get("password"));
            } else if (form.id().contains("review-profile") || fields.containsKey("firstName")) {
                fillIfBlank(fields, "username", credentials.get("username"));
                fillIfBlank(fields, "email", credentials.get("username") + "@example.test");
                fillIfBlank(fields, "firstName", credentials.get("username"));
                fillIfBlank(fields, "lastName", "Test");
            } else {
                return new Result(status, response.body(), null, null);
            }
            String action = form.absUrl("action");
            if (action.isEmpty()) {
                action = response.request().uri().toString();
            }
            response = send(HttpRequest.newBuilder(URI.create(action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        }
        throw new IllegalStateException("login did not finish in " + MAX_STEPS + " steps:\n" + trace);
    }

    private static void fillIfBlank(Map<String, String> fields, String name, String value) {
        String current = fields.get(name);
        if (current == null || current.isBlank()) {
            fields.put(name, value);
        }
    }

    private Result exchange(String location) {
        String query = URI.create(location).getRawQuery();
        String code = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                code = java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        Objects.requireNonNull(code, "no code in " + location);
        HttpResult tokens = KeycloakAdmin.form(serverUrl + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of("grant_type", "authorization_code", "code", code, "client_id", clientId,
                        "redirect_uri", REDIRECT_URI));
        if (tokens.status() != 200) {
            throw new IllegalStateException("code exchange failed: " + tokens);
        }
        return new Result(302, null, decode(tokens.json().get("access_token").asText()),
                decode(tokens.json().get("id_token").asText()));
    }

    static JsonNode decode(String jwt) {
        String[] parts = jwt.split("\\.");
        return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        builder.timeout(Duration.ofSeconds(60)).header("Accept", accept);
        HttpRequest request = builder.build();
        String path = request.uri().getRawPath() == null || request.uri().getRawPath().isEmpty() ? "/"
                : request.uri().getRawPath();
        String cookieHeader = cookies.values().stream()
                .filter(c -> path.startsWith(c[1]))
                .sorted((a, b) -> Integer.compare(b[1].length(), a[1].length()))
                .map(c -> c[0] + "=" + c[2])
                .collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            request = HttpRequest.newBuilder(request, (n, v) -> true).header("Cookie", cookieHeader).build();
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            remember(response.headers().allValues("Set-Cookie"));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keeps every cookie, Secure or not (all peers are on 127.0.0.1); expired ones are dropped. */
    private void remember(List<String> setCookies) {
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean expired = value.isEmpty();
            String cookiePath = "/";
            for (String attribute : parts) {
                String a = attribute.trim().toLowerCase(java.util.Locale.ROOT);
                if (a.startsWith("path=")) {
                    cookiePath = attribute.trim().substring(5);
                }
                if (a.equals("max-age=0") || a.startsWith("expires=thu, 01 jan 1970") || a.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            String key = cookiePath + " " + name;
            if (expired) {
                cookies.remove(key);
            } else {
                cookies.put(key, new String[] {name, cookiePath, value});
            }
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
