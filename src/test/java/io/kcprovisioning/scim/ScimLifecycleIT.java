package io.kcprovisioning.scim;

import static io.kcprovisioning.testing.ScimRealm.USER_SCHEMAS;
import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SCIM rows of PRODUCT.md end to end: push, change groups, deactivate, restore, delete, with roles, seats and
 * sessions checked in Keycloak.
 */
class ScimLifecycleIT {

    private final KeycloakAdmin admin = TestKeycloak.admin();

    private ScimRealm mappedRealm(int premium, int standard) {
        return ScimRealm.create(admin, "lifecycle", p -> {
            p.put("groupMappings", true);
            ((ArrayNode) ((ObjectNode) p.get("roles").get(0)).putArray("groups")).add("Owners");
            ((ArrayNode) ((ObjectNode) p.get("roles").get(1)).putArray("groups")).add("Admins");
            ((ArrayNode) ((ObjectNode) p.get("roles").get(2)).putArray("groups")).add("Staff");
            ((ObjectNode) p.get("seatTiers").get(0)).put("capacity", premium);
            ((ArrayNode) ((ObjectNode) p.get("seatTiers").get(0)).putArray("groups")).add("Premium");
            ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", standard);
        });
    }

    private static List<String> realmRoles(KeycloakAdmin admin, String realm, String userId) {
        JsonNode roles = admin.get("/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm").json();
        List<String> out = new java.util.ArrayList<>();
        roles.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static void addMember(ScimRealm realm, String group, String user) {
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]")));
    }

    private static void removeMember(ScimRealm realm, String group, String user) {
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]")));
    }

    @Test
    void withMappingsAPushedUserInNoMappedGroupIsNotAMember() {
        ScimRealm realm = mappedRealm(1, 2);

        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("none") + "\"}");

        assertThat(realm.member(id).path("state").asText()).isNotEqualTo("active");
        assertThat(realmRoles(admin, realm.name(), id)).doesNotContain("org-user", "org-admin", "org-owner");
    }

    @Test
    void roleAndTierFollowGroupMembershipChangesImmediately() {
        ScimRealm realm = mappedRealm(1, 2);
        String staff = realm.createGroup("Staff");
        String owners = realm.createGroup("Owners");
        String premium = realm.createGroup("Premium");
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("follow") + "\"}");

        addMember(realm, staff, id);
        assertThat(realm.member(id).get("role").asText()).isEqualTo("user");
        assertThat(realm.member(id).get("tier").asText()).isEqualTo("premium");

        addMember(realm, owners, id);
        assertThat(realm.member(id).get("role").asText()).isEqualTo("owner");
        assertThat(realmRoles(admin, realm.name(), id)).contains("org-owner").doesNotContain("org-user");

        removeMember(realm, owners, id);
        assertThat(realm.member(id).get("role").asText()).isEqualTo("user");
        addMember(realm, premium, id);
        assertThat(realm.member(id).get("tier").asText()).isEqualTo("premium");
    }

    @Test
    void losingEveryMappedGroupDeprovisionsAndFreesTheSeat() {
        ScimRealm realm = mappedRealm(0, 1);
        String staff = realm.createGroup("Staff");
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("lose") + "\"}");
        addMember(realm, staff, id);
        assertThat(realm.member(id).get("state").asText()).isEqualTo("active");

        removeMember(realm, staff, id);

        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");
        assertThat(admin.get("/admin/realms/" + realm.name() + "/provisioning/seats").json().get(1).get("used")
                .asInt()).isZero();
    }

    @Test
    void noFreeSeatLeavesThePushedUserPendingUntilOneIsFreed() {
        ScimRealm realm = mappedRealm(0, 1);
        String staff = realm.createGroup("Staff");
        String first = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("seat1") + "\"}");
        String second = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("seat2") + "\"}");
        addMember(realm, staff, first);

        addMember(realm, staff, second);

        assertThat(realm.member(second).get("state").asText()).isEqualTo("pending");
        assertThat(realm.member(second).get("reasonCode").asText()).isEqualTo("no-seat-available");
        assertThat(realmRoles(admin, realm.name(), second)).doesNotContain("org-user", "org-admin", "org-owner");
        assertThat(realmRoles(admin, realm.name(), first)).contains("org-user");
        assertThat(admin.get("/admin/realms/" + realm.name() + "/provisioning/seats").json().get(1).get("used")
                .asInt()).isEqualTo(1);
    }

    @Test
    void deactivationRevokesSessionsAtOnceAndRestoreGivesAccessBack() {
        ScimRealm realm = ScimRealm.create(admin, "sessions");
        String userName = ScimRealm.uniqueUserName("sess");
        String id = realm.createUser("{\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"S\","
                + "\"familyName\":\"T\"},\"emails\":[{\"value\":\"" + userName + "\",\"primary\":true}]}");
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm.name() + "/users/" + id + "/reset-password",
                Map.of("type", "password", "value", RealmSetup.PASSWORD, "temporary", false)));
        KeycloakAdmin user = new KeycloakAdmin(admin.baseUrl(), realm.name(), "admin-cli", userName,
                RealmSetup.PASSWORD);
        user.token();
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + id + "/sessions").json()).isNotEmpty();

        HttpResult off = realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));
        assertThat(off.status()).isEqualTo(200);
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + id + "/sessions").json()).isEmpty();
        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");

        realm.scim().patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]"));
        assertThat(realm.member(id).get("state").asText()).isEqualTo("active");
        assertThat(new KeycloakAdmin(admin.baseUrl(), realm.name(), "admin-cli", userName, RealmSetup.PASSWORD)
                .token()).isNotBlank();
    }

    @Test
    void deleteWithDeleteActionRemovesTheKeycloakUser() {
        ScimRealm realm = ScimRealm.create(admin, "delete", p -> p.putObject("scim").put("deleteAction", "delete"));
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("gone") + "\"}");

        assertThat(realm.scim().delete("/Users/" + id).status()).isEqualTo(204);

        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + id).status()).isEqualTo(404);
    }

    @Test
    void aUserCreatedBeforeIsAdoptedNotDuplicated() {
        ScimRealm realm = ScimRealm.create(admin, "adopt");
        String userName = ScimRealm.uniqueUserName("adopt");
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/users",
                Map.of("username", userName, "email", userName, "enabled", true)));
        String existing = admin.get("/admin/realms/" + realm.name() + "/users?exact=true&username=" + userName)
                .json().get(0).get("id").asText();

        HttpResult r = realm.scim().post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"externalId\":\"x-9\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo(existing);
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/count").body()).isEqualTo("1");
    }

    @Test
    void everyScimWriteIsAnAdminEvent() {
        ScimRealm realm = ScimRealm.create(admin, "events");
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("ev") + "\"}");

        JsonNode events = admin.get("/admin/realms/" + realm.name()
                + "/admin-events?resourceTypes=CUSTOM&resourcePath=provisioning/scim/*").json();

        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("operationType").asText()).isEqualTo("CREATE");
            assertThat(e.get("resourcePath").asText()).isEqualTo("provisioning/scim/v2/Users/" + id);
            assertThat(e.get("authDetails").get("clientId").asText()).startsWith("scim-token:");
        });
    }

    @Test
    void aMappedGroupOfHundredsGainsAndLosesAllItsMembersInOnePatchEach() {
        // more members than one flush of the re-decision's persistence context (64) and than one removal
        // operation handed to the SCIM SDK (100); Entra's member removal shape
        int count = 250;
        ScimRealm realm = mappedRealm(0, count);
        String staff = realm.createGroup("Staff");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("many") + "\"}"));
        }
        String values = ids.stream().map(id -> "{\"value\":\"" + id + "\"}")
                .collect(java.util.stream.Collectors.joining(","));

        HttpResult added = realm.scim().patch("/Groups/" + staff, patch(
                "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + values + "]}]"));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(membersIn(realm, "active")).isEqualTo(count);
        assertThat(usersWithRole(realm, "org-user")).isEqualTo(count);
        assertThat(admin.get("/admin/realms/" + realm.name() + "/provisioning/seats").json().get(1).get("used")
                .asInt()).isEqualTo(count);

        HttpResult removed = realm.scim().patch("/Groups/" + staff, patch(
                "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[" + values + "]}]"));

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(realm.scim().get("/Groups/" + staff).json().path("members")).isEmpty();
        assertThat(membersIn(realm, "deprovisioned")).isEqualTo(count);
        assertThat(usersWithRole(realm, "org-user")).isZero();
        assertThat(admin.get("/admin/realms/" + realm.name() + "/provisioning/seats").json().get(1).get("used")
                .asInt()).isZero();
    }

    @Test
    void aUserDeletedWhileAGroupWriteAddsThemLeavesNoMembershipBehind() throws Exception {
        // the group write re-decides 150 members (well over a second); the DELETE of one of them starts meanwhile
        ScimRealm realm = mappedRealm(0, 200);
        String staff = realm.createGroup("Staff");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            ids.add(realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("race") + "\"}"));
        }
        String deleted = ids.get(75);
        String values = ids.stream().map(id -> "{\"value\":\"" + id + "\"}")
                .collect(java.util.stream.Collectors.joining(","));

        var added = java.util.concurrent.CompletableFuture.supplyAsync(() -> realm.scim().patch("/Groups/" + staff,
                patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]")));
        Thread.sleep(300);
        HttpResult delete = realm.scim().delete("/Users/" + deleted);

        assertThat(added.get().status()).as(added.get().body()).isEqualTo(200);
        assertThat(delete.status()).as(delete.body()).isEqualTo(204);
        JsonNode members = realm.scim().get("/Groups/" + staff).json().get("members");
        List<String> memberIds = new java.util.ArrayList<>();
        members.forEach(m -> memberIds.add(m.get("value").asText()));
        assertThat(memberIds).hasSize(149).doesNotContain(deleted);
        assertThat(realm.scim().get("/Users/" + deleted).status()).isEqualTo(404);
    }

    private int membersIn(ScimRealm realm, String state) {
        return admin.get("/admin/realms/" + realm.name() + "/provisioning/members?state=" + state + "&max=1000")
                .json().size();
    }

    private int usersWithRole(ScimRealm realm, String role) {
        return admin.get("/admin/realms/" + realm.name() + "/roles/" + role + "/users?max=1000").json().size();
    }
}
