package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a realm representation for a test and imports it through the admin API. Realm names are unique per
 * test run, so tests share one server without seeing each other's data.
 */
public final class RealmSetup {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    public static final String PASSWORD = "Secret-123";

    private final ObjectNode realm = Json.object();

    private RealmSetup(String name) {
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.putArray("users");
        realm.putArray("groups");
        realm.putObject("roles").putArray("realm");
        realm.putArray("clients");
    }

    /** A realm named {@code prefix-N}, N unique in this test JVM. */
    public static RealmSetup unique(String prefix) {
        return new RealmSetup(prefix + "-" + COUNTER.incrementAndGet() + "-" + ProcessHandle.current().pid());
    }

    public String name() {
        return realm.get("realm").asText();
    }

    public RealmSetup realmRole(String name) {
        ((ArrayNode) realm.get("roles").get("realm")).addObject().put("name", name);
        return this;
    }

    public RealmSetup group(String name) {
        ((ArrayNode) realm.get("groups")).addObject().put("name", name).put("path", "/" + name);
        return this;
    }

    /** A user with the test password and the given realm-management client roles. */
    public RealmSetup user(String username, List<String> realmManagementRoles) {
        ObjectNode user = ((ArrayNode) realm.get("users")).addObject();
        user.put("username", username).put("enabled", true).put("email", username + "@example.test")
                .put("firstName", username).put("lastName", "Test").put("emailVerified", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD)
                .put("temporary", false);
        if (!realmManagementRoles.isEmpty()) {
            ArrayNode roles = user.putObject("clientRoles").putArray("realm-management");
            realmManagementRoles.forEach(roles::add);
        }
        return this;
    }

    /** Sets any top-level realm field (for example {@code adminEventsEnabled}). */
    public RealmSetup attribute(String field, Object value) {
        realm.set(field, Json.MAPPER.valueToTree(value));
        return this;
    }

    /** Adds a component (for example a provisioning policy) under the realm's {@code components}. */
    public RealmSetup component(String providerType, Map<String, Object> component) {
        ObjectNode components = realm.has("components") ? (ObjectNode) realm.get("components")
                : realm.putObject("components");
        ArrayNode list = components.has(providerType) ? (ArrayNode) components.get(providerType)
                : components.putArray(providerType);
        list.add(Json.MAPPER.valueToTree(component));
        return this;
    }

    public ObjectNode representation() {
        return realm;
    }

    /** Imports the realm; returns the raw result (201 on success). */
    public HttpResult tryCreate(KeycloakAdmin admin) {
        return admin.post("/admin/realms", realm);
    }

    public String create(KeycloakAdmin admin) {
        KeycloakAdmin.ok(tryCreate(admin));
        return name();
    }
}
