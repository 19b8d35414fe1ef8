package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A realm for JIT tests: a public test client {@code app}, an OIDC identity provider {@code upstream} that is the
 * shared mock-oauth2-server (its own issuer per realm), internationalization (en, fr, id) and admin/login events on;
 * then a provisioning policy from a profile, customised by the test and saved through the admin API (which wires the
 * JIT flows).
 */
public final class JitRealm {

    public static final String CLIENT = "app";
    public static final String IDP = "upstream";
    /** The usual mappings of the tests: acme-owners → owner, acme-admins → admin, acme-staff → user. */
    public static final Map<String, List<String>> ACME_ROLE_GROUPS = Map.of(
            "owner", List.of("acme-owners"), "admin", List.of("acme-admins"), "user", List.of("acme-staff"));

    private final KeycloakAdmin admin;
    private final String name;

    private JitRealm(KeycloakAdmin admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    public static JitRealm create(KeycloakAdmin admin, String prefix, String profile, Consumer<ObjectNode> policy) {
        MockOAuth2Server mock = MockOAuth2Server.shared();
        RealmSetup setup = RealmSetup.unique(prefix)
                .attribute("internationalizationEnabled", true)
                .attribute("supportedLocales", List.of("en", "fr", "id"))
                .attribute("defaultLocale", "en")
                .attribute("eventsEnabled", true)
                .attribute("adminEventsEnabled", true);
        String issuer = mock.issuer(setup.name());
        ObjectNode rep = setup.representation();
        ObjectNode client = ((ArrayNode) rep.get("clients")).addObject();
        client.put("clientId", CLIENT).put("publicClient", true).put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", false);
        client.putArray("redirectUris").add(BrokeredLogin.REDIRECT_URI);
        rep.putArray("identityProviders").add(oidcIdentityProvider(IDP, issuer));
        String realm = setup.create(admin);
        JitRealm jit = new JitRealm(admin, realm);
        ObjectNode seeded = (ObjectNode) KeycloakAdmin.ok(admin.post(jit.base() + "/profiles/" + profile
                + "/apply", null)).json();
        policy.accept(seeded);
        KeycloakAdmin.ok(admin.put(jit.base() + "/policy", seeded));
        return jit;
    }

    /** An OIDC identity provider representation pointing at the mock IdP's issuer. */
    private static ObjectNode oidcIdentityProvider(String alias, String issuer) {
        ObjectNode idp = Json.MAPPER.createObjectNode();
        idp.put("alias", alias).put("providerId", "oidc").put("enabled", true).put("trustEmail", true);
        idp.set("config", Json.MAPPER.valueToTree(Map.ofEntries(
                Map.entry("clientId", "keycloak"),
                Map.entry("clientSecret", "secret"),
                Map.entry("clientAuthMethod", "client_secret_post"),
                Map.entry("issuer", issuer),
                Map.entry("authorizationUrl", issuer + "/authorize"),
                Map.entry("tokenUrl", issuer + "/token"),
                Map.entry("userInfoUrl", issuer + "/userinfo"),
                Map.entry("jwksUrl", issuer + "/jwks"),
                Map.entry("useJwksUrl", "true"),
                Map.entry("validateSignature", "true"),
                Map.entry("defaultScope", "openid"),
                Map.entry("syncMode", "FORCE"))));
        return idp;
    }

    /** Adds another OIDC identity provider (the same mock IdP) through the admin API, as an admin would. */
    public void addIdentityProvider(String alias) {
        KeycloakAdmin.ok(admin.post("/admin/realms/" + name + "/identity-provider/instances",
                oidcIdentityProvider(alias, MockOAuth2Server.shared().issuer(name))));
    }

    /** Logs in through the identity provider {@code idpAlias} as {@code username} with these groups. */
    public BrokeredLogin.Result loginWithGroupsVia(String idpAlias, String username, List<String> groups) {
        return login().viaMockOidc(idpAlias, username, claims(username, groups));
    }

    /** The same realm seen through another node of a cluster. */
    public JitRealm through(KeycloakAdmin otherNode) {
        return new JitRealm(otherNode, name);
    }

    public String name() {
        return name;
    }

    public String base() {
        return "/admin/realms/" + name + "/provisioning";
    }

    public BrokeredLogin login() {
        return new BrokeredLogin(admin.baseUrl(), name, CLIENT);
    }

    /** Logs in through the mock IdP as {@code username} with these groups in the {@code groups} claim. */
    public BrokeredLogin.Result loginWithGroups(String username, List<String> groups) {
        return loginWithGroupsVia(IDP, username, groups);
    }

    public static Map<String, Object> claims(String username, List<String> groups) {
        return Map.of("email", username + "@example.test", "given_name", username, "family_name", "Test",
                "groups", groups);
    }

    public JsonNode member(String userId) {
        return admin.get(base() + "/members/" + userId).json();
    }

    public HttpResult memberResult(String userId) {
        return admin.get(base() + "/members/" + userId);
    }

    /** The Keycloak user id of the user who logged in as {@code username} (found by their email), or null. */
    public String userId(String username) {
        JsonNode users = admin.get("/admin/realms/" + name + "/users?exact=true&email=" + username
                + "@example.test").json();
        return users.isEmpty() ? null : users.get(0).get("id").asText();
    }

    public List<String> realmRoles(String userId) {
        JsonNode roles = admin.get("/admin/realms/" + name + "/users/" + userId + "/role-mappings/realm").json();
        List<String> out = new java.util.ArrayList<>();
        roles.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    public JsonNode seats() {
        return admin.get(base() + "/seats").json();
    }

    /** Sets mappings on a seeded policy: role key → groups, tier key → [capacity, groups...]. */
    public static void map(ObjectNode policy, String mode, boolean mappings, Map<String, List<String>> roleGroups,
            Map<String, Integer> capacities, Map<String, List<String>> tierGroups) {
        policy.put("mode", mode).put("groupMappings", mappings);
        for (JsonNode role : policy.get("roles")) {
            List<String> groups = roleGroups.getOrDefault(role.get("key").asText(), List.of());
            ArrayNode array = ((ObjectNode) role).putArray("groups");
            groups.forEach(array::add);
        }
        for (JsonNode tier : policy.get("seatTiers")) {
            String key = tier.get("key").asText();
            ((ObjectNode) tier).put("capacity", capacities.getOrDefault(key, 0));
            ArrayNode array = ((ObjectNode) tier).putArray("groups");
            tierGroups.getOrDefault(key, List.of()).forEach(array::add);
        }
    }
}
