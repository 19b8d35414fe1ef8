package io.kcprovisioning.testing;

import java.net.URI;
import java.net.http.HttpRequest;

/** Raw HTTP access to the SCIM endpoint of a realm with a connection token, as an IdP would call it. */
public final class ScimClient {

    public static final String SCIM_JSON = "application/scim+json";

    private final String base;
    private final String token;

    public ScimClient(String serverUrl, String realm, String token) {
        this.base = serverUrl + "/realms/" + realm + "/provisioning/scim/v2";
        this.token = token;
    }

    /** Creates a connection token through the admin API and returns a client that uses it. */
    public static ScimClient withNewToken(KeycloakAdmin admin, String realm) {
        HttpResult r = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/scim/tokens",
                "{\"name\":\"test idp\"}"));
        return new ScimClient(admin.baseUrl(), realm, r.json().get("token").asText());
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    public HttpResult get(String path) {
        return send("GET", path, null);
    }

    public HttpResult post(String path, Object body) {
        return send("POST", path, body);
    }

    public HttpResult put(String path, Object body) {
        return send("PUT", path, body);
    }

    public HttpResult patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public HttpResult delete(String path) {
        return send("DELETE", path, null);
    }

    /** A request whose body is exactly these bytes (for bodies that are not UTF-8 or not one JSON document). */
    public HttpResult sendBytes(String method, String path, byte[] body) {
        return KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", SCIM_JSON)
                .header("Content-Type", SCIM_JSON)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResult send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", SCIM_JSON);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", SCIM_JSON).method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        return KeycloakAdmin.send(b.build());
    }
}
