package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound delivery end to end: changes made in one realm (by its SCIM directory, JIT logins and Keycloak's admin
 * REST) arrive at a real SCIM server in another process, a second realm of the test Keycloak served by this
 * extension's inbound SCIM endpoint, through a proxy that can take the target down, answer 500 or refuse.
 */
class OutboundDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KeycloakAdmin admin;
    private static ScimRealm downstream;
    private static ScimFaultProxy proxy;
    private static ScimRealm upstream;
    private static String targetId;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        downstream = ScimRealm.create(admin, "downstream");
        proxy = new ScimFaultProxy(downstream.scim().base());
        upstream = ScimRealm.create(admin, "upstream");
        targetId = addTarget(upstream.name(), "deactivate");
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String addTarget(String realm, String deprovision) {
        ObjectNode t = OutboundTargetsIT.target("downstream-app", proxy.baseUrl(), downstream.scim().token());
        t.put("deprovision", deprovision);
        return KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/targets", t)).json().get("id")
                .asText();
    }

    /** The downstream user of this userName, or null. */
    private static JsonNode downstreamUser(String userName) {
        HttpResult r = downstream.filterUsers("userName eq \"" + userName + "\"");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode resources = r.json().path("Resources");
        return resources.isEmpty() ? null : resources.get(0);
    }

    private static JsonNode awaitDownstream(String userName, java.util.function.Predicate<JsonNode> until) {
        return await(() -> {
            JsonNode u = downstreamUser(userName);
            return u != null && until.test(u) ? u : null;
        }, "downstream user " + userName);
    }

    private static <T> T await(Supplier<T> probe, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; proxy saw " + proxy.seen().size()
                + " requests");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String createUpstream(String userName, String email) {
        return upstream.createUser(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", userName, "name", Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", email, "type", "work", "primary", true))));
    }

    /** Changes a Keycloak user through the admin REST API, as an admin in the admin console would. */
    private static void editUser(String realm, String userId, java.util.function.Consumer<ObjectNode> edit) {
        String path = "/admin/realms/" + realm + "/users/" + userId;
        ObjectNode rep = (ObjectNode) KeycloakAdmin.ok(admin.get(path)).json();
        edit.accept(rep);
        KeycloakAdmin.ok(admin.put(path, rep));
    }

    private static List<ScimFaultProxy.Seen> writes(String text) {
        return proxy.mentioning(text).stream().filter(s -> !s.method().equals("GET")).toList();
    }

    @Test
    void jitLoginLandsDownstreamWithRoleAndTier() {
        JitRealm jit = JitRealm.create(admin, "jitout", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 5, "standard", 5),
                Map.of("premium", List.of("acme-premium"))));
        addTarget(jit.name(), "deactivate");
        assertThat(jit.loginWithGroups("grace", List.of("acme-admins", "acme-premium")).loggedIn()).isTrue();
        String userId = jit.userId("grace");
        String userName = KeycloakAdmin.ok(admin.get("/admin/realms/" + jit.name() + "/users/" + userId)).json()
                .get("username").asText();
        JsonNode pushed = awaitDownstream(userName, u -> true);
        assertThat(pushed.path("roles").get(0).get("value").asText()).isEqualTo("admin");
        assertThat(pushed.path("entitlements").get(0).get("value").asText()).isEqualTo("premium");
        assertThat(pushed.get("externalId").asText()).isEqualTo(userId);
        assertThat(pushed.path("emails").get(0).get("value").asText()).isEqualTo("grace@example.test");
        assertThat(pushed.get("active").asBoolean()).isTrue();
    }

    @Test
    void scimPushedMemberArrivesWithItsRoleAndSeat() {
        String userName = ScimRealm.uniqueUserName("arrives");
        String id = createUpstream(userName, userName);
        JsonNode member = upstream.member(id);
        JsonNode pushed = awaitDownstream(userName, u -> true);
        assertThat(pushed.path("roles").get(0).get("value").asText()).isEqualTo(member.get("role").asText());
        assertThat(pushed.path("entitlements").get(0).get("value").asText())
                .isEqualTo(member.get("tier").asText());
        assertThat(pushed.path("name").get("givenName").asText()).isEqualTo("Ada");
    }

    @Test
    void profileEditDisableAndDeletionPropagate() {
        String userName = ScimRealm.uniqueUserName("edited");
        String id = createUpstream(userName, userName);
        awaitDownstream(userName, u -> true);
        editUser(upstream.name(), id, u -> u.put("firstName", "Augusta"));
        awaitDownstream(userName, u -> "Augusta".equals(u.path("name").path("givenName").asText()));
        editUser(upstream.name(), id, u -> u.put("enabled", false));
        awaitDownstream(userName, u -> !u.get("active").asBoolean());
        editUser(upstream.name(), id, u -> u.put("enabled", true));
        awaitDownstream(userName, u -> u.get("active").asBoolean());
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + upstream.name() + "/users/" + id));
        // this target deactivates on deprovisioning: the user stays there, inactive
        awaitDownstream(userName, u -> !u.get("active").asBoolean());
        assertThat(downstreamUser(userName)).isNotNull();
    }

    @Test
    void deletionDeletesDownstreamWhenTheTargetSaysDelete() {
        ScimRealm deleting = ScimRealm.create(admin, "deleting");
        addTarget(deleting.name(), "delete");
        String userName = ScimRealm.uniqueUserName("deleted");
        String id = deleting.createUser(Map.of("userName", userName, "emails",
                List.of(Map.of("value", userName, "primary", true))));
        String remoteId = awaitDownstream(userName, u -> true).get("id").asText();
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + deleting.name() + "/users/" + id));
        await(() -> downstreamUser(userName) == null ? Boolean.TRUE : null, "deletion of " + userName);
        assertThat(proxy.mentioning("/Users/" + remoteId).stream().map(ScimFaultProxy.Seen::method))
                .contains("DELETE");
    }

    @Test
    void aChangeADirectoryPushedInIsNeverSentBackToItButOtherChangesAre() {
        // the downstream app is a directory of this realm too: it pushes users in through a SCIM connection of its own
        ScimRealm realm = ScimRealm.create(admin, "echo");
        JsonNode connection = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name()
                + "/provisioning/scim/tokens", "{\"name\":\"downstream-app\"}")).json();
        ScimClient app = new ScimClient(admin.baseUrl(), realm.name(), connection.get("token").asText());
        ObjectNode t = OutboundTargetsIT.target("downstream-app", proxy.baseUrl(), downstream.scim().token());
        t.put("inboundConnection", "not-a-connection");
        HttpResult refused = admin.post("/admin/realms/" + realm.name() + "/provisioning/targets", t);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body()).contains("inboundConnection").contains("not-a-connection");
        t.put("inboundConnection", connection.get("id").asText());
        String echoTarget = KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/provisioning/targets",
                t)).json().get("id").asText();

        String fromApp = ScimRealm.uniqueUserName("from-app");
        HttpResult created = app.post("/Users", Json.write(Map.of("schemas", List.of(ScimUserMapping.USER_SCHEMA),
                "userName", fromApp, "name", Map.of("givenName", "Ada", "familyName", "App"),
                "emails", List.of(Map.of("value", fromApp, "type", "work", "primary", true)))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String appUser = created.json().get("id").asText();
        HttpResult renamed = app.patch("/Users/" + appUser, ScimRealm.patch(
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Augusta\"}]"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        // pushed in through the realm's other connection: sent to the app as any change is
        String fromOther = ScimRealm.uniqueUserName("from-other");
        String otherUser = realm.createUser(Map.of("userName", fromOther, "emails",
                List.of(Map.of("value", fromOther, "primary", true))));
        awaitDownstream(fromOther, u -> true);

        // the app's own changes were never recorded for it (captured in the transaction of the push, so absent now)
        JsonNode rows = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm.name() + "/provisioning/targets/"
                + echoTarget + "/outbox?max=100")).json().get("rows");
        List<String> recorded = new java.util.ArrayList<>();
        rows.forEach(r -> recorded.add(r.get("resourceId").asText()));
        assertThat(recorded).contains(otherUser).doesNotContain(appUser);
        assertThat(proxy.mentioning(fromApp)).isEmpty();
        assertThat(downstreamUser(fromApp)).isNull();

        // a change made in Keycloak to that user is not the app's own: it is sent, with the user's current state
        editUser(realm.name(), appUser, u -> u.put("lastName", "Byron"));
        JsonNode pushed = awaitDownstream(fromApp, u -> "Byron".equals(u.path("name").path("familyName").asText()));
        assertThat(pushed.path("name").path("givenName").asText()).isEqualTo("Augusta");
        await(() -> "idle".equals(outboxRow(realm.name(), echoTarget, appUser).get("state").asText())
                ? Boolean.TRUE : null, "the Keycloak edit delivered");
        long changes = outboxRow(realm.name(), echoTarget, appUser).get("changes").asLong();
        assertThat(outboxRow(realm.name(), echoTarget, appUser).get("origin").asText()).isEqualTo("keycloak");
        // and the app's next change again stays with the app
        assertThat(app.patch("/Users/" + appUser, ScimRealm.patch(
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Ada\"}]")).status())
                .isEqualTo(200);
        JsonNode after = outboxRow(realm.name(), echoTarget, appUser);
        assertThat(after.get("changes").asLong()).isEqualTo(changes);
        assertThat(after.get("state").asText()).isEqualTo("idle");
    }

    private static JsonNode outboxRow(String realm, String target, String userId) {
        JsonNode rows = KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/provisioning/targets/" + target
                + "/outbox?max=1000")).json().get("rows");
        for (JsonNode r : rows) {
            if (r.get("resourceId").asText().equals(userId)) {
                return r;
            }
        }
        throw new AssertionError("no outbox row for " + userId + ": " + rows);
    }

    @Test
    void rolledBackChangeIsNeverSent() {
        String first = ScimRealm.uniqueUserName("kept");
        createUpstream(first, first);
        // a second user with the same email: provisioned, then refused at flush (409), the transaction rolled back
        String rolledBack = ScimRealm.uniqueUserName("rolledback");
        HttpResult refused = upstream.scim().post("/Users", Json.write(Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", rolledBack,
                "emails", List.of(Map.of("value", first, "primary", true)))));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        String later = ScimRealm.uniqueUserName("later");
        createUpstream(later, later);
        awaitDownstream(first, u -> true);
        awaitDownstream(later, u -> true);
        sleep(2000); // ticks every second: anything queued for the rolled-back user would have gone by now
        assertThat(proxy.mentioning(rolledBack)).isEmpty();
        assertThat(downstreamUser(rolledBack)).isNull();
    }

    @Test
    void changesWhileTheTargetIsDownCoalesceAndArriveWhenItIsBack() {
        String userName = ScimRealm.uniqueUserName("coalesced");
        proxy.down();
        String id;
        try {
            id = createUpstream(userName, userName);
            for (int i = 1; i <= 20; i++) {
                int n = i;
                editUser(upstream.name(), id, u -> u.put("firstName", "v" + n));
            }
            sleep(3000);
        } finally {
            proxy.up();
        }
        JsonNode pushed = awaitDownstream(userName, u -> "v20".equals(u.path("name").path("givenName").asText()));
        assertThat(pushed.get("active").asBoolean()).isTrue();
        // the result is recorded just after the target answered: the row comes to rest then
        String finalId = id;
        JsonNode row = await(() -> {
            JsonNode queue = KeycloakAdmin.ok(admin.get("/admin/realms/" + upstream.name()
                    + "/provisioning/targets/" + targetId + "/outbox?state=idle")).json();
            for (JsonNode r : queue.get("rows")) {
                if (r.get("resourceId").asText().equals(finalId)) {
                    return r;
                }
            }
            return null;
        }, "the row of " + userName + " at rest");
        // twenty-one changes, one write: the current state, once
        assertThat(writes(userName)).hasSize(1);
        assertThat(row.get("changes").asLong()).isGreaterThanOrEqualTo(21);
        assertThat(row.get("remoteId").asText()).isEqualTo(pushed.get("id").asText());
    }

    @Test
    void serverErrorsAreRetriedUntilTheChangeArrives() {
        String userName = ScimRealm.uniqueUserName("retried");
        int before = (int) proxy.seen().stream().filter(s -> s.status() == 500).count();
        proxy.fail(3, 500);
        createUpstream(userName, userName);
        awaitDownstream(userName, u -> true);
        assertThat(proxy.seen().stream().filter(s -> s.status() == 500).count()).isEqualTo(before + 3);
        assertThat(writes(userName).stream().filter(s -> s.status() / 100 == 2)).hasSize(1);
    }

    @Test
    void refusedChangeBecomesADeadLetterWithTheTargetsAnswer() {
        String userName = ScimRealm.uniqueUserName("refused");
        proxy.refuseBodiesContaining(userName);
        try {
            String id = createUpstream(userName, userName);
            JsonNode dead = await(() -> {
                JsonNode q = KeycloakAdmin.ok(admin.get("/admin/realms/" + upstream.name()
                        + "/provisioning/targets/" + targetId + "/outbox?state=dead")).json();
                for (JsonNode r : q.get("rows")) {
                    if (r.get("resourceId").asText().equals(id)) {
                        return r;
                    }
                }
                return null;
            }, "dead letter of " + userName);
            assertThat(dead.get("lastError").asText()).startsWith("POST /Users: 400").contains("injected refusal");
            sleep(2500);
            // a dead letter is not retried by itself
            assertThat(writes(userName)).hasSize(1);
            assertThat(downstreamUser(userName)).isNull();
        } finally {
            proxy.refuseBodiesContaining(null);
        }
    }
}
