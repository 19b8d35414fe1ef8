package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A realm in SCIM mode with a connection token, for SCIM tests. */
public final class ScimRealm {

    /** {@code "schemas":[core User],} to open a user body with, as every IdP does. */
    public static final String USER_SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],";
    /** {@code "schemas":[core Group],} to open a group body with. */
    public static final String GROUP_SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final KeycloakAdmin admin;
    private final String name;
    private final ScimClient scim;

    private ScimRealm(KeycloakAdmin admin, String name, ScimClient scim) {
        this.admin = admin;
        this.name = name;
        this.scim = scim;
    }

    /** enterprise-seats in mode scim, Standard 1000 seats, customised by the test; and a token. */
    public static ScimRealm create(KeycloakAdmin admin, String prefix, Consumer<ObjectNode> policy) {
        String realm = RealmSetup.unique(prefix).attribute("adminEventsEnabled", true)
                .attribute("adminEventsDetailsEnabled", true).create(admin);
        ObjectNode seeded = (ObjectNode) KeycloakAdmin.ok(admin.post("/admin/realms/" + realm
                + "/provisioning/profiles/enterprise-seats/apply", null)).json();
        seeded.put("mode", "scim");
        ((ObjectNode) seeded.get("seatTiers").get(1)).put("capacity", 1000);
        policy.accept(seeded);
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm + "/provisioning/policy", seeded));
        return new ScimRealm(admin, realm, ScimClient.withNewToken(admin, realm));
    }

    public static ScimRealm create(KeycloakAdmin admin, String prefix) {
        return create(admin, prefix, p -> { });
    }

    public String name() {
        return name;
    }

    public ScimClient scim() {
        return scim;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    /** A userName nobody used yet. */
    public static String uniqueUserName(String prefix) {
        return prefix + USERS.incrementAndGet() + "@example.test";
    }

    /** Creates a user from a JSON body and returns its id (fails unless 201). */
    /** Creates a user from a JSON body (the core User schema added when it names none) and returns its id. */
    public String createUser(String body) {
        HttpResult r = scim.post("/Users", withSchema(body, "urn:ietf:params:scim:schemas:core:2.0:User"));
        if (r.status() != 201) {
            throw new AssertionError("expected 201, got " + r);
        }
        return r.json().get("id").asText();
    }

    public String createUser(Map<String, Object> body) {
        return createUser(Json.write(body));
    }

    public String createGroup(String displayName) {
        HttpResult r = scim.post("/Groups", Json.write(Map.of("schemas",
                java.util.List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", displayName)));
        if (r.status() != 201) {
            throw new AssertionError("expected 201, got " + r);
        }
        return r.json().get("id").asText();
    }

    public JsonNode member(String userId) {
        return admin.get("/admin/realms/" + name + "/provisioning/members/" + userId).json();
    }

    public JsonNode keycloakUser(String userId) {
        return admin.get("/admin/realms/" + name + "/users/" + userId).json();
    }

    public HttpResult filterUsers(String filter) {
        return scim.get("/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A resource body as a client sends it: {@code schemas} first, with {@code schema} when it has none. */
    public static String withSchema(String body, String schema) {
        String trimmed = body.stripLeading();
        if (!trimmed.startsWith("{") || trimmed.contains("\"schemas\"")) {
            return body;
        }
        return "{\"schemas\":[\"" + schema + "\"]" + (trimmed.substring(1).isBlank() || trimmed.substring(1)
                .stripLeading().startsWith("}") ? "" : ",") + trimmed.substring(1);
    }

    public static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }
}
