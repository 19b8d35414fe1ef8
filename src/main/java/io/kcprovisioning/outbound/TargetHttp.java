package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * Calls one target over Keycloak's HTTP client ({@code HttpClientProvider}: its truststore and proxy settings
 * apply): the SSRF check before every call, the target's authentication (bearer, basic, or an OAuth 2
 * client-credentials token cached until shortly before it expires and fetched again once on a 401), its rate
 * limit (kept on this node: one node at a time sends to a target, {@link TargetSenders}), and bounded answers.
 * Never logs secrets or bodies.
 */
public final class TargetHttp implements ScimCalls {

    public static final String SCIM_JSON = "application/scim+json";
    private static final int MAX_BODY = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, Pacer> PACERS = new ConcurrentHashMap<>();

    /** One answer of the target. {@code retryAfterSeconds}: its Retry-After in seconds, or null. */
    public record Reply(int status, String body, Long retryAfterSeconds) {

        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The target may not be called (its host now resolves to a refused address): a configuration error. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** The OAuth token endpoint refused the client, or answered no token. */
    public static final class TokenRefused extends RuntimeException {
        private final int status;

        public TokenRefused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private record Token(String value, long expiresAt) {
    }

    private final CloseableHttpClient client;
    private final TargetSettings target;
    private final String secret;
    private final OutboundOptions options;

    public TargetHttp(CloseableHttpClient client, TargetSettings target, String secret, OutboundOptions options) {
        this.client = client;
        this.target = target;
        this.secret = secret;
        this.options = options;
    }

    public TargetSettings target() {
        return target;
    }

    /** Sends {@code method} to the base URL plus {@code path}; a 401 under OAuth fetches a new token once. */
    @Override
    public Reply send(String method, String path, String jsonBody) throws IOException {
        TargetUrls.check("baseUrl", target.baseUrl(), false, options.urls(), TargetUrls.Resolver.DNS)
                .ifPresent(v -> {
                    throw new Refused("target URL refused: " + TargetMessages.format("en", v));
                });
        pace();
        Reply reply = once(method, path, jsonBody, authorization(false));
        if (reply.status() == 401 && target.auth().type() == TargetSettings.AuthType.OAUTH2) {
            reply = once(method, path, jsonBody, authorization(true));
        }
        return reply;
    }

    private Reply once(String method, String path, String jsonBody, String authorization) throws IOException {
        RequestBuilder b = RequestBuilder.create(method).setUri(target.baseUrl() + path)
                .setHeader("Accept", SCIM_JSON + ", application/json")
                .setHeader("Authorization", authorization)
                .setConfig(config());
        if (jsonBody != null) {
            b.setEntity(new StringEntity(jsonBody, ContentType.create(SCIM_JSON, StandardCharsets.UTF_8)));
        }
        return execute((HttpRequestBase) b.build());
    }

    private Reply execute(HttpRequestBase request) throws IOException {
        try (CloseableHttpResponse response = client.execute(request)) {
            HttpEntity entity = response.getEntity();
            String body = null;
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
                }
            }
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Reply(response.getStatusLine().getStatusCode(), body,
                    retryAfter == null ? null : DeliveryOutcome.retryAfterSeconds(retryAfter.getValue(),
                            System.currentTimeMillis()));
        }
    }

    private RequestConfig config() {
        int ms = options.timeoutSeconds() * 1000;
        return RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms).setConnectionRequestTimeout(ms)
                .setRedirectsEnabled(false).build();
    }

    private String authorization(boolean refresh) throws IOException {
        return switch (target.auth().type()) {
            case BEARER -> "Bearer " + secret;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((target.auth().username() + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8));
            case OAUTH2 -> "Bearer " + token(refresh);
        };
    }

    private String token(boolean refresh) throws IOException {
        String key = tokenKey();
        Token cached = TOKENS.get(key);
        if (!refresh && cached != null && cached.expiresAt() > System.currentTimeMillis()) {
            return cached.value();
        }
        TargetUrls.check("auth.tokenUrl", target.auth().tokenUrl(), true, options.urls(), TargetUrls.Resolver.DNS)
                .ifPresent(v -> {
                    throw new Refused("token URL refused: " + TargetMessages.format("en", v));
                });
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (target.auth().scope() != null) {
            form.append("&scope=").append(URLEncoder.encode(target.auth().scope(), StandardCharsets.UTF_8));
        }
        String basic = URLEncoder.encode(target.auth().clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequestBase post = (HttpRequestBase) RequestBuilder.post(target.auth().tokenUrl())
                .setHeader("Accept", "application/json")
                .setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        basic.getBytes(StandardCharsets.UTF_8)))
                .setEntity(new StringEntity(form.toString(), ContentType.APPLICATION_FORM_URLENCODED))
                .setConfig(config()).build();
        Reply reply = execute(post);
        JsonNode json = reply.json();
        if (!reply.ok() || !json.hasNonNull("access_token")) {
            throw new TokenRefused(reply.status(), "the token endpoint answered " + reply.status()
                    + (json.hasNonNull("error") ? " " + json.get("error").asText() : ""));
        }
        long expiresIn = json.path("expires_in").asLong(60);
        Token token = new Token(json.get("access_token").asText(),
                System.currentTimeMillis() + Math.max(5, expiresIn - 30) * 1000);
        TOKENS.put(key, token);
        return token.value();
    }

    /** Tokens are cached per target and credentials, so a changed client or secret never uses an old token. */
    private String tokenKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((target.auth().tokenUrl() + "\n" + target.auth().clientId() + "\n" + target.auth().scope()
                    + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return target.id() + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code rateLimit} calls per second from this node, the only one sending to the target now. */
    private void pace() {
        if (target.rateLimit() <= 0) {
            return;
        }
        long wait = PACERS.computeIfAbsent(target.id(), id -> new Pacer()).reserve(1000.0 / target.rateLimit());
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Pacer {
        private double next;

        synchronized long reserve(double intervalMillis) {
            double now = System.currentTimeMillis();
            double at = Math.max(now, next);
            next = at + intervalMillis;
            return (long) (at - now);
        }
    }
}
