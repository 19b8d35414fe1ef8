package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakScimRealm;
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
 * Keycloak's own SCIM server ({@code scim-api}) as a real downstream target: a realm of the test Keycloak with its
 * SCIM API on, reached with OAuth 2 client credentials (a token whose audience is the SCIM endpoint), behind a
 * recording proxy. It refuses members in POST and PUT of a group, so group members arrive by PATCH.
 */
class KeycloakScimTargetIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KeycloakAdmin admin;
    private static KeycloakScimRealm app;
    private static ScimFaultProxy proxy;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        app = KeycloakScimRealm.create(admin, "kcapp");
        proxy = new ScimFaultProxy(app.scimBase());
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void addTarget(String realm, String deprovision) {
        ObjectNode t = app.target("keycloak-app");
        t.put("baseUrl", proxy.baseUrl()).put("pushGroups", true).put("deprovision", deprovision);
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/targets", t));
    }

    @Test
    void jitLoginArrivesWithTheGroupsThatGaveItsRoleAndSeat() {
        JitRealm jit = JitRealm.create(admin, "kcjit", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 5, "standard", 5),
                Map.of("premium", List.of("acme-premium"))));
        addTarget(jit.name(), "deactivate");
        assertThat(jit.loginWithGroups("hopper", List.of("acme-admins", "acme-premium")).loggedIn()).isTrue();
        String userName = KeycloakAdmin.ok(admin.get("/admin/realms/" + jit.name() + "/users/"
                + jit.userId("hopper"))).json().get("username").asText();
        JsonNode arrived = await(() -> app.user(userName), "user " + userName + " at the Keycloak target");
        assertThat(arrived.get("email").asText()).isEqualTo("hopper@example.test");
        assertThat(arrived.get("lastName").asText()).isEqualTo("Test");
        assertThat(arrived.get("enabled").asBoolean()).isTrue();
        await(() -> List.of(userName).equals(app.groupMembers("acme-admins")) ? true : null, "acme-admins");
        await(() -> List.of(userName).equals(app.groupMembers("acme-premium")) ? true : null, "acme-premium");
        // the token came from the client-credentials grant; the groups were created without members, then patched
        assertThat(proxy.seen().stream().filter(s -> s.method().equals("POST") && s.path().equals("/Groups")))
                .isNotEmpty().allMatch(s -> !s.body().contains("\"members\""));
        assertThat(proxy.seen().stream().filter(s -> s.method().equals("PATCH") && s.path().startsWith("/Groups/")))
                .isNotEmpty();
    }

    @Test
    void scimPushedMemberArrivesInItsGroupAndLeavingItIsSentAsAPatch() {
        ScimRealm upstream = ScimRealm.create(admin, "kcscimup", p -> JitRealm.map(p, "scim", true,
                Map.of("admin", List.of("eng-admins"), "user", List.of("eng")), Map.of("premium", 5, "standard", 50),
                Map.of()));
        addTarget(upstream.name(), "deactivate");
        String groupId = upstream.createGroup("eng-admins");
        String other = upstream.createGroup("eng");
        String userName = ScimRealm.uniqueUserName("kcgroup");
        String userId = upstream.createUser(Map.of("userName", userName, "name",
                Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", userName, "type", "work", "primary", true))));
        patchMembers(upstream, other, "add", userId);
        patchMembers(upstream, groupId, "add", userId);
        await(() -> app.user(userName), "user " + userName);
        await(() -> List.of(userName).equals(app.groupMembers("eng-admins")) ? true : null, "eng-admins member");
        String remoteUser = app.user(userName).get("id").asText();

        HttpResult removed = upstream.scim().patch("/Groups/" + groupId, ScimRealm.patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}]"));
        assertThat(removed.status()).as(removed.toString()).isIn(200, 204);
        await(() -> List.of().equals(app.groupMembers("eng-admins")) ? true : null, "eng-admins emptied");
        assertThat(proxy.seen()).anyMatch(s -> s.method().equals("PATCH") && s.path().startsWith("/Groups/")
                && s.body().contains("\"remove\"") && s.body().contains(remoteUser));
        // still a member of eng: still a user there, in that group
        assertThat(app.groupMembers("eng")).containsExactly(userName);
        assertThat(app.user(userName).get("enabled").asBoolean()).isTrue();
    }

    @Test
    void deletedMemberIsDeactivatedAndLeavesItsGroups() {
        ScimRealm upstream = ScimRealm.create(admin, "kcscimdel", p -> JitRealm.map(p, "scim", true,
                Map.of("user", List.of("staff")), Map.of("premium", 5, "standard", 50), Map.of()));
        addTarget(upstream.name(), "deactivate");
        String groupId = upstream.createGroup("staff");
        String userName = ScimRealm.uniqueUserName("kcdel");
        String userId = upstream.createUser(Map.of("userName", userName, "name",
                Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", userName, "type", "work", "primary", true))));
        patchMembers(upstream, groupId, "add", userId);
        await(() -> List.of(userName).equals(app.groupMembers("staff")) ? true : null, "staff member");
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + upstream.name() + "/users/" + userId));
        await(() -> app.user(userName).get("enabled").asBoolean() ? null : true, "deactivation of " + userName);
        await(() -> List.of().equals(app.groupMembers("staff")) ? true : null, "staff emptied");
    }

    private static void patchMembers(ScimRealm realm, String groupId, String op, String userId) {
        HttpResult r = realm.scim().patch("/Groups/" + groupId, ScimRealm.patch("[{\"op\":\"" + op
                + "\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}]"));
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    private static <T> T await(Supplier<T> probe, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; the target was sent " + proxy.seen());
    }
}
