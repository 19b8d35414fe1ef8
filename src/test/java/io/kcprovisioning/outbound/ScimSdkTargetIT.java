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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SCIM SDK server in its own JVM (in-memory Users and Groups, a static bearer token) as a real downstream
 * target: members and the policy's groups arrive, a deleted member is deleted there, and the
 * {@code membership-by-single-patch} quirk changes group members one PATCH per member, as the server records.
 */
class ScimSdkTargetIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KeycloakAdmin admin;
    private static ScimSdkServer plain;
    private static ScimSdkServer quirky;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        plain = ScimSdkServer.start();
        quirky = ScimSdkServer.start();
    }

    @AfterAll
    static void tearDown() {
        if (plain != null) {
            plain.close();
        }
        if (quirky != null) {
            quirky.close();
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
        ScimRealm realm = upstream("sdkup", plain, "deactivate");
        String ops = realm.createGroup("ops");
        String staff = realm.createGroup("staff");
        String ada = ScimRealm.uniqueUserName("sdkada");
        String bob = ScimRealm.uniqueUserName("sdkbob");
        String adaId = createUser(realm, ada);
        String bobId = createUser(realm, bob);
        members(realm, staff, "add", List.of(adaId, bobId));
        members(realm, ops, "add", List.of(adaId));
        JsonNode pushed = await(() -> {
            JsonNode u = user(plain, ada);
            return u != null && u.path("roles").path(0).path("value").asText().equals("admin") ? u : null;
        }, ada + " as admin");
        assertThat(pushed.path("entitlements").get(0).get("value").asText()).isEqualTo("premium");
        assertThat(pushed.get("externalId").asText()).isEqualTo(adaId);
        await(() -> List.of(ada).equals(groupMembers(plain, "ops")) ? true : null, "ops with " + ada);
        await(() -> List.of(ada, bob).stream().sorted().toList().equals(groupMembers(plain, "staff")) ? true : null,
                "staff with both");
        // groups are created without members, and a member is named only once it exists there
        assertThat(plain.received()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/Groups"))
                .isNotEmpty().allMatch(r -> !r.body().contains("\"members\""));
    }

    @Test
    void deletedMemberIsDeletedThereAndLeavesItsGroups() {
        ScimRealm realm = upstream("sdkdel", plain, "delete");
        String staff = realm.createGroup("staff");
        String carl = ScimRealm.uniqueUserName("sdkcarl");
        String carlId = createUser(realm, carl);
        members(realm, staff, "add", List.of(carlId));
        String remoteId = await(() -> {
            JsonNode u = user(plain, carl);
            return u == null ? null : u.get("id").asText();
        }, carl);
        await(() -> groupMembers(plain, "staff") != null && groupMembers(plain, "staff").contains(carl) ? true
                : null, "staff with " + carl);
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/users/" + carlId));
        await(() -> user(plain, carl) == null ? true : null, "deletion of " + carl);
        assertThat(plain.received()).anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/Users/"
                + remoteId));
        assertThat(groupMembers(plain, "staff")).doesNotContain(carl);
    }

    @Test
    void singlePatchQuirkAddsAndRemovesOneMemberPerPatch() {
        ScimRealm realm = upstream("sdkquirk", quirky, "deactivate", "membership-by-single-patch");
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
        names.forEach(n -> await(() -> user(quirky, n), n));
        await(() -> names.stream().sorted().toList().equals(groupMembers(quirky, "base")) ? true : null,
                "base with three");
        int before = quirky.received().size();
        members(realm, staff, "add", ids);
        await(() -> names.stream().sorted().toList().equals(groupMembers(quirky, "staff")) ? true : null,
                "staff with three");
        members(realm, staff, "remove", ids.subList(0, 2));
        await(() -> List.of(names.get(2)).equals(groupMembers(quirky, "staff")) ? true : null, "staff with one");

        List<ScimSdkServer.Received> all = quirky.received();
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
        assertThat(StreamSupport.stream(Json.parse(quirky.get("/Groups").body()).path("Resources").spliterator(),
                false).filter(g -> g.path("displayName").asText().equals("staff"))).hasSize(1);
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
