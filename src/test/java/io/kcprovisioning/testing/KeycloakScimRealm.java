package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realm whose own SCIM API (Keycloak's {@code scim-api} feature, {@code /realms/{realm}/scim/v2}) is a downstream
 * target: {@code scimApiEnabled}, and a confidential client with a service account (client credentials) whose
 * access tokens carry the SCIM endpoint's URL as audience, as that endpoint requires, and whose service account
 * manages users and groups (realm-management {@code manage-users}, {@code view-users}, {@code query-users},
 * {@code query-groups}).
 */
public final class KeycloakScimRealm {

    public static final String CLIENT_ID = "provisioning-push";
    public static final List<String> ROLES = List.of("manage-users", "view-users", "query-users", "query-groups");

    private final KeycloakAdmin admin;
    private final String name;
    private final String secret;

    private KeycloakScimRealm(KeycloakAdmin admin, String name, String secret) {
        this.admin = admin;
        this.name = name;
        this.secret = secret;
    }

    public static KeycloakScimRealm create(KeycloakAdmin admin, String prefix) {
        RealmSetup setup = RealmSetup.unique(prefix).attribute("scimApiEnabled", true);
        String secret = UUID.randomUUID().toString();
        String scimBase = admin.baseUrl() + "/realms/" + setup.name() + "/scim/v2";
        ObjectNode rep = setup.representation();
        ObjectNode client = ((ArrayNode) rep.get("clients")).addObject();
        client.put("clientId", CLIENT_ID).put("publicClient", false).put("secret", secret)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", false);
        client.putArray("protocolMappers").addObject().put("name", "scim audience").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper")
                .set("config", Json.MAPPER.valueToTree(Map.of("included.custom.audience", scimBase,
                        "access.token.claim", "true", "introspection.token.claim", "true")));
        ObjectNode serviceAccount = ((ArrayNode) rep.get("users")).addObject();
        serviceAccount.put("username", "service-account-" + CLIENT_ID).put("enabled", true)
                .put("serviceAccountClientId", CLIENT_ID);
        ArrayNode roles = serviceAccount.putObject("clientRoles").putArray("realm-management");
        ROLES.forEach(roles::add);
        return new KeycloakScimRealm(admin, setup.create(admin), secret);
    }

    public String name() {
        return name;
    }

    public String scimBase() {
        return admin.baseUrl() + "/realms/" + name + "/scim/v2";
    }

    public String tokenUrl() {
        return admin.baseUrl() + "/realms/" + name + "/protocol/openid-connect/token";
    }

    public String secret() {
        return secret;
    }

    /** A target body for this realm: OAuth 2 client credentials. */
    public ObjectNode target(String targetName) {
        ObjectNode t = Json.object();
        t.put("name", targetName).put("baseUrl", scimBase());
        t.putObject("auth").put("type", "oauth2").put("clientId", CLIENT_ID).put("tokenUrl", tokenUrl())
                .put("secret", secret);
        return t;
    }

    /** A GET of Keycloak's SCIM API of this realm, with a fresh client-credentials token. */
    public HttpResult scimGet(String path) {
        String token = KeycloakAdmin.ok(KeycloakAdmin.form(tokenUrl(), Map.of("grant_type", "client_credentials",
                "client_id", CLIENT_ID, "client_secret", secret))).json().get("access_token").asText();
        return KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(scimBase() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json").build());
    }

    /** The realm's user of this username (admin REST), or null. */
    public JsonNode user(String username) {
        JsonNode found = KeycloakAdmin.ok(admin.get("/admin/realms/" + name + "/users?exact=true&briefRepresentation="
                + "false&username=" + ScimRealm.enc(username))).json();
        return found.isEmpty() ? null : found.get(0);
    }

    /** The usernames of the members of the realm's top-level group of this name (admin REST); null: no group. */
    public List<String> groupMembers(String groupName) {
        JsonNode groups = KeycloakAdmin.ok(admin.get("/admin/realms/" + name + "/groups?exact=true&search="
                + ScimRealm.enc(groupName))).json();
        for (JsonNode g : groups) {
            if (g.get("name").asText().equals(groupName)) {
                JsonNode members = KeycloakAdmin.ok(admin.get("/admin/realms/" + name + "/groups/"
                        + g.get("id").asText() + "/members?max=1000")).json();
                return java.util.stream.StreamSupport.stream(members.spliterator(), false)
                        .map(m -> m.get("username").asText()).sorted().toList();
            }
        }
        return null;
    }
}
