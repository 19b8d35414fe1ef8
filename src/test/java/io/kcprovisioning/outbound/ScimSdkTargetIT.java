package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.ScimSdkServer;
import io.kcprovisioning.testing.TestKeycloak;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SCIM SDK server in its own JVM (in-memory Users and Groups, a static bearer token) as a real downstream
 * target: members and the policy's groups arrive, a deleted member is deleted there, and the
 * {@code membership-by-single-patch} quirk changes group members one PATCH per member, as the server records.
 */
class ScimSdkTargetIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KeycloakAdmin admin;
    /** This test's own server, so that no two tests' groups of one name meet at one server. */
    private ScimSdkServer server;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
    }

    @BeforeEach
    void startServer() {
        server = ScimSdkServer.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ScimRealm upstream(String prefix, ScimSdkServer server, String deprovision, String... quirks) {
        ScimRealm realm = ScimRealm.create(admin, prefix, p -> JitRealm.map(p, "scim", true,
                Map.of("admin", List.of("ops"), "user", List.of("staff", "base")), Map.of("premium", 5, "standard", 50),
                Map.of("premium", List.of("ops"))));
        ObjectNode t = OutboundTargetsIT.target("sdk-app", server.baseUrl(), server.token());
        t.put("pushGroups", true).put("deprovision", deprovision);
        quirks(t, quirks);
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/provisioning/targets", t));
        return realm;
    }

    private static void quirks(ObjectNode t, String... quirks) {
        var array = t.putArray("quirks");
        for (String q : quirks) {
            array.add(q);
        }
    }

    private static String createUser(ScimRealm realm, String userName) {
        return realm.createUser(Map.of("userName", userName, "name", Map.of("givenName", "Ada", "familyName",
                "Lovelace"), "emails", List.of(Map.of("value", userName, "type", "work", "primary", true))));
    }

    private static void members(ScimRealm realm, String groupId, String op, List<String> userIds) {
        String body;
        if (op.equals("add")) {
            body = ScimRealm.patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":" + Json.write(userIds.stream()
                    .map(id -> Map.of("value", id)).toList()) + "}]");
        } else {
            List<String> ops = userIds.stream().map(id -> "{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                    + id + "\\\"]\"}").toList();
            body = ScimRealm.patch("[" + String.join(",", ops) + "]");
        }
        HttpResult r = realm.scim().patch("/Groups/" + groupId, body);
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    private static JsonNode user(ScimSdkServer server, String userName) {
        JsonNode list = server.get("/Users?filter=" + ScimRealm.enc("userName eq \"" + userName + "\"")).json();
        return list.path("Resources").isEmpty() ? null : list.path("Resources").get(0);
    }

    /** The userNames of the members of the group of that displayName at the server; null: no such group. */
    private static List<String> groupMembers(ScimSdkServer server, String displayName) {
        JsonNode list = server.get("/Groups?filter=" + ScimRealm.enc("displayName eq \"" + displayName + "\"")).json();
        if (list.path("Resources").isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode m : list.path("Resources").get(0).path("members")) {
            JsonNode u = server.get("/Users/" + m.get("value").asText()).json();
            names.add(u.path("userName").asText("?" + m.get("value").asText()));
        }
        return names.stream().sorted().toList();
    }

    @Test
    void membersArriveWithRoleAndSeatAndGroupsWithTheirMembers() {
        ScimRealm realm = upstream("sdkup", server, "deactivate");
        String ops = realm.createGroup("ops");
        String staff = realm.createGroup("staff");
        String ada = ScimRealm.uniqueUserName("sdkada");
        String bob = ScimRealm.uniqueUserName("sdkbob");
        String adaId = createUser(realm, ada);
        String bobId = createUser(realm, bob);
        members(realm, staff, "add", List.of(adaId, bobId));
        members(realm, ops, "add", List.of(adaId));
        JsonNode pushed = await(() -> {
            JsonNode u = user(server, ada);
            return u != null && u.path("roles").path(0).path("value").asText().equals("admin") ? u : null;
        }, ada + " as admin");
        assertThat(pushed.path("entitlements").get(0).get("value").asText()).isEqualTo("premium");
        assertThat(pushed.get("externalId").asText()).isEqualTo(adaId);
        await(() -> List.of(ada).equals(groupMembers(server, "ops")) ? true : null, "ops with " + ada);
        await(() -> List.of(ada, bob).stream().sorted().toList().equals(groupMembers(server, "staff")) ? true : null,
                "staff with both");
        // groups are created without members, and a member is named only once it exists there
        assertThat(server.received()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/Groups"))
                .isNotEmpty().allMatch(r -> !r.body().contains("\"members\""));
    }

    @Test
    void deletedMemberIsDeletedThereAndLeavesItsGroups() {
        ScimRealm realm = upstream("sdkdel", server, "delete");
        String staff = realm.createGroup("staff");
        String carl = ScimRealm.uniqueUserName("sdkcarl");
        String carlId = createUser(realm, carl);
        members(realm, staff, "add", List.of(carlId));
        String remoteId = await(() -> {
            JsonNode u = user(server, carl);
            return u == null ? null : u.get("id").asText();
        }, carl);
        await(() -> groupMembers(server, "staff") != null && groupMembers(server, "staff").contains(carl) ? true
                : null, "staff with " + carl);
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/users/" + carlId));
        await(() -> user(server, carl) == null ? true : null, "deletion of " + carl);
        assertThat(server.received()).anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/Users/"
                + remoteId));
        assertThat(groupMembers(server, "staff")).doesNotContain(carl);
    }

    @Test
    void singlePatchQuirkAddsAndRemovesOneMemberPerPatch() {
        ScimRealm realm = upstream("sdkquirk", server, "deactivate", "membership-by-single-patch");
        String base = realm.createGroup("base");
        String staff = realm.createGroup("staff");
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String n = ScimRealm.uniqueUserName("sdkq");
            names.add(n);
            ids.add(createUser(realm, n));
        }
        // members through base first, each pushed, so that one delivery of staff has all three to add
        members(realm, base, "add", ids);
        names.forEach(n -> await(() -> user(server, n), n));
        await(() -> names.stream().sorted().toList().equals(groupMembers(server, "base")) ? true : null,
                "base with three");
        int before = server.received().size();
        members(realm, staff, "add", ids);
        await(() -> names.stream().sorted().toList().equals(groupMembers(server, "staff")) ? true : null,
                "staff with three");
        members(realm, staff, "remove", ids.subList(0, 2));
        await(() -> List.of(names.get(2)).equals(groupMembers(server, "staff")) ? true : null, "staff with one");

        List<ScimSdkServer.Received> all = server.received();
        List<ScimSdkServer.Received> groupWrites = all.subList(before, all.size()).stream().filter(r -> r.path().startsWith("/Groups/") && !r.method().equals("GET")).toList();
        assertThat(groupWrites).extracting(ScimSdkServer.Received::method).containsOnly("PATCH");
        int adds = 0;
        int removes = 0;
        for (ScimSdkServer.Received w : groupWrites) {
            JsonNode ops = Json.parse(w.body()).get("Operations");
            assertThat(ops).as(w.body()).hasSize(1);
            JsonNode op = ops.get(0);
            assertThat(op.get("op").asText()).isIn("add", "remove");
            if (op.get("op").asText().equals("add")) {
                assertThat(op.get("value")).as(w.body()).hasSize(1);
                adds++;
            } else {
                assertThat(op.get("path").asText()).startsWith("members[value eq ");
                removes++;
            }
        }
        assertThat(adds).isEqualTo(3);
        assertThat(removes).isEqualTo(2);
        assertThat(StreamSupport.stream(Json.parse(server.get("/Groups").body()).path("Resources").spliterator(),
                false).filter(g -> g.path("displayName").asText().equals("staff"))).hasSize(1);
    }

    @Test
    void keycloakGroupOfAMappedNameAddsAndRemovesItsMembersThere() {
        ScimRealm realm = upstream("sdkkcgroup", server, "deactivate");
        String base = realm.createGroup("base");
        String eve = ScimRealm.uniqueUserName("sdkeve");
        String eveId = createUser(realm, eve);
        members(realm, base, "add", List.of(eveId));
        await(() -> user(server, eve), eve);
        // an admin puts the member into the realm's Keycloak group "ops", a name the policy maps
        String groups = "/admin/realms/" + realm.name() + "/groups";
        KeycloakAdmin.ok(admin.post(groups, Map.of("name", "ops")));
        String opsId = KeycloakAdmin.ok(admin.get(groups + "?exact=true&search=ops")).json().get(0).get("id")
                .asText();
        String membership = "/admin/realms/" + realm.name() + "/users/" + eveId + "/groups/" + opsId;
        KeycloakAdmin.ok(admin.put(membership, Map.of()));
        await(() -> groupMembers(server, "ops") != null && groupMembers(server, "ops").contains(eve) ? true : null,
                "ops with " + eve);
        KeycloakAdmin.ok(admin.delete(membership));
        await(() -> groupMembers(server, "ops").contains(eve) ? null : true, eve + " out of ops");
    }

    @Test
    void groupTheSavedPolicyNoLongerMapsIsDeletedThere() {
        ScimRealm realm = upstream("sdkunmap", server, "deactivate");
        String base = realm.createGroup("base");
        String fay = ScimRealm.uniqueUserName("sdkfay");
        String fayId = createUser(realm, fay);
        members(realm, base, "add", List.of(fayId));
        await(() -> groupMembers(server, "base") != null && groupMembers(server, "base").contains(fay) ? true : null,
                "base with " + fay);
        String policyPath = "/admin/realms/" + realm.name() + "/provisioning/policy";
        ObjectNode policy = (ObjectNode) KeycloakAdmin.ok(admin.get(policyPath)).json();
        for (JsonNode role : policy.get("roles")) {
            if (role.get("key").asText().equals("user")) {
                ((ObjectNode) role).putArray("groups").add("staff").add("everyone");
            }
        }
        KeycloakAdmin.ok(admin.put(policyPath, policy));
        await(() -> groupMembers(server, "base") == null ? true : null, "base deleted there");
        // the newly mapped group is pushed too, with nobody in it yet
        await(() -> groupMembers(server, "everyone"), "everyone pushed");
    }

    @Test
    void withoutPatchSupportTheWholeGroupIsPut() {
        try (ScimSdkServer noPatch = ScimSdkServer.start(false)) {
            ScimRealm realm = upstream("sdkput", noPatch, "deactivate");
            String staff = realm.createGroup("staff");
            String gus = ScimRealm.uniqueUserName("sdkgus");
            String hal = ScimRealm.uniqueUserName("sdkhal");
            String gusId = createUser(realm, gus);
            String halId = createUser(realm, hal);
            members(realm, staff, "add", List.of(gusId, halId));
            await(() -> List.of(gus, hal).stream().sorted().toList().equals(groupMembers(noPatch, "staff")) ? true
                    : null, "staff with both");
            members(realm, staff, "remove", List.of(gusId));
            await(() -> List.of(hal).equals(groupMembers(noPatch, "staff")) ? true : null, "staff with " + hal);
            assertThat(noPatch.received()).noneMatch(r -> r.method().equals("PATCH"));
            assertThat(noPatch.received()).anyMatch(r -> r.method().equals("PUT") && r.path().startsWith("/Groups/")
                    && r.body().contains("\"members\""));
        }
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
        throw new AssertionError("timed out waiting for " + what);
    }
}
