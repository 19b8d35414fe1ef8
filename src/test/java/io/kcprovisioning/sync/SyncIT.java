package io.kcprovisioning.sync;

import static io.kcprovisioning.testing.ScimRealm.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sync now, previews and the lockout guard against the real distribution. */
@Tag(DatabaseServer.TAG)
class SyncIT {

    private final KeycloakAdmin admin = TestKeycloak.admin();

    /** A SCIM realm with group mappings: Owners → owner, Staff → user; Standard seats as given, Premium none. */
    private ScimRealm realm(int standard) {
        return ScimRealm.create(admin, "sync", p -> {
            p.put("groupMappings", true);
            ((ArrayNode) ((ObjectNode) p.get("roles").get(0)).putArray("groups")).add("Owners");
            ((ArrayNode) ((ObjectNode) p.get("roles").get(2)).putArray("groups")).add("Staff");
            ((ObjectNode) p.get("seatTiers").get(0)).put("capacity", 0);
            ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", standard);
        });
    }

    private String base(ScimRealm realm) {
        return "/admin/realms/" + realm.name() + "/provisioning";
    }

    private String userIn(ScimRealm realm, String group, String name) {
        String id = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName(name) + "\"}");
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]")));
        return id;
    }

    private JsonNode waitForSync(ScimRealm realm, String jobId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = KeycloakAdmin.ok(admin.get(base(realm) + "/sync/" + jobId)).json();
            if (!"running".equals(job.get("state").asText())) {
                return job;
            }
            sleep(200);
        }
        throw new AssertionError("Sync " + jobId + " did not finish");
    }

    /** Waits until no Sync of the realm runs (the one a policy save starts, say) and returns the latest. */
    private JsonNode waitForIdle(ScimRealm realm) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode jobs = KeycloakAdmin.ok(admin.get(base(realm) + "/sync")).json();
            boolean running = false;
            for (JsonNode j : jobs) {
                running |= "running".equals(j.get("state").asText());
            }
            if (!running) {
                return jobs.isEmpty() ? null : jobs.get(0);
            }
            sleep(200);
        }
        throw new AssertionError("Syncs did not finish");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode policy(ScimRealm realm) {
        return (ObjectNode) admin.get(base(realm) + "/policy").json();
    }

    @Test
    void syncNowGivesFreedOrAddedSeatsToPendingUsersFirstComeFirstServed() {
        ScimRealm realm = realm(1);
        String staff = realm.createGroup("Staff");
        String first = userIn(realm, staff, "first");
        String second = userIn(realm, staff, "second");
        String third = userIn(realm, staff, "third");
        assertThat(realm.member(second).get("state").asText()).isEqualTo("pending");
        ObjectNode raised = policy(realm);
        ((ObjectNode) raised.get("seatTiers").get(1)).put("capacity", 2);
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy?force=true", raised));
        waitForIdle(realm);

        HttpResult started = admin.post(base(realm) + "/sync", null);
        assertThat(started.status()).isEqualTo(202);
        waitForSync(realm, started.json().get("id").asText());

        assertThat(realm.member(first).get("state").asText()).isEqualTo("active");
        assertThat(realm.member(second).get("state").asText()).isEqualTo("active");
        assertThat(realm.member(third).get("state").asText()).isEqualTo("pending");
    }

    @Test
    void theDecisionsASyncAppliesAreCountedAsSyncDecisions() {
        ScimRealm realm = realm(1);
        String staff = realm.createGroup("Staff");
        userIn(realm, staff, "counted");
        String waiting = userIn(realm, staff, "waiting");
        ObjectNode raised = policy(realm);
        ((ObjectNode) raised.get("seatTiers").get(1)).put("capacity", 2);

        KeycloakAdmin.ok(admin.put(base(realm) + "/policy?force=true", raised)); // the save starts a Sync
        JsonNode job = waitForIdle(realm);

        assertThat(job.get("applied").asLong()).isEqualTo(1);
        assertThat(realm.member(waiting).get("state").asText()).isEqualTo("active");
        String metrics = TestKeycloak.server().metrics();
        assertThat(metrics).contains("provisioning_decisions_total{outcome=\"admit\",realm=\"" + realm.name()
                + "\",source=\"sync\"} 1.0");
        assertThat(metrics).contains("provisioning_decisions_total{outcome=\"admit\",realm=\"" + realm.name()
                + "\",source=\"scim\"} 1.0");
        assertThat(metrics).contains("provisioning_decisions_total{outcome=\"pending\",realm=\"" + realm.name()
                + "\",source=\"scim\"} 1.0");
    }

    @Test
    void aSecondSyncWithNothingChangedChangesNothing() {
        ScimRealm realm = realm(5);
        String staff = realm.createGroup("Staff");
        userIn(realm, staff, "calm");
        waitForIdle(realm);

        JsonNode job = waitForSync(realm, KeycloakAdmin.ok(admin.post(base(realm) + "/sync", null)).json()
                .get("id").asText());

        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(job.get("applied").asLong()).isZero();
        assertThat(job.get("counts").get("unchanged").asLong()).isEqualTo(1);
    }

    @Test
    void previewAndSyncWithoutGroupMappingsReadUsersKeycloakNoLongerCaches() {
        ScimRealm realm = ScimRealm.create(admin, "sync-cold"); // no group mappings: Sync reads the users' roles
        realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("cold") + "\"}");
        realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("cold") + "\"}");
        waitForIdle(realm);
        // as after a restart: the users are read from the database, through Keycloak's user storage
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/clear-user-cache", null));

        HttpResult preview = admin.post(base(realm) + "/policy/preview", policy(realm));
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/clear-user-cache", null));
        JsonNode job = waitForSync(realm, KeycloakAdmin.ok(admin.post(base(realm) + "/sync", null)).json()
                .get("id").asText());

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.get("counts").get("unchanged").asLong()).isEqualTo(2);
    }

    @Test
    void aGroupWriteWhileASyncAppliesIsNotUndoneByTheSync() {
        // 500 Staff members all change role with the policy; the Sync applies them 100 at a time in user-id
        // order, so the last user's change is applied well after the plan was read. Between the two, the IdP adds
        // that user to Owners: before the fix the Sync then applied its plan (admin, from Staff alone).
        ScimRealm realm = realm(1000);
        String staff = realm.createGroup("Staff");
        String owners = realm.createGroup("Owners");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("many") + "\"}"));
        }
        KeycloakAdmin.ok(realm.scim().patch("/Groups/" + staff, patch("[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[" + ids.stream().map(id -> "{\"value\":\"" + id + "\"}")
                        .collect(java.util.stream.Collectors.joining(",")) + "]}]")));
        String last = ids.stream().max(String::compareTo).orElseThrow();
        waitForIdle(realm);
        ObjectNode candidate = policy(realm);
        ((ArrayNode) ((ObjectNode) candidate.get("roles").get(1)).putArray("groups")).add("Staff"); // staff → admin

        KeycloakAdmin.ok(admin.put(base(realm) + "/policy?force=true", candidate));
        long applied = waitForApplying(realm);
        HttpResult toOwners = realm.scim().patch("/Groups/" + owners, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + last + "\"}]}]"));
        JsonNode job = waitForIdle(realm);

        assertThat(applied).as("the Sync had not reached the last user when the group write came").isLessThan(400);
        assertThat(toOwners.status()).as(toOwners.body()).isEqualTo(200);
        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(realm.member(last).get("role").asText()).isEqualTo("owner");
        assertThat(realm.member(ids.get(0).equals(last) ? ids.get(1) : ids.get(0)).get("role").asText())
                .isEqualTo("admin");
    }

    /** Waits until the running Sync of the realm has applied a first batch (its plan is read); returns its count. */
    private long waitForApplying(ScimRealm realm) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode jobs = KeycloakAdmin.ok(admin.get(base(realm) + "/sync")).json();
            if (!jobs.isEmpty() && "running".equals(jobs.get(0).get("state").asText())
                    && jobs.get(0).path("applied").asLong() > 0) {
                return jobs.get(0).get("applied").asLong();
            }
            sleep(20);
        }
        throw new AssertionError("no Sync started applying");
    }

    @Test
    void previewAndTheSyncAfterTheSaveAgreeExactly() {
        ScimRealm realm = realm(3);
        String staff = realm.createGroup("Staff");
        String owners = realm.createGroup("Owners");
        realm.createGroup("Admins");
        userIn(realm, owners, "boss");
        for (int i = 0; i < 4; i++) {
            userIn(realm, staff, "crew");
        }
        waitForIdle(realm);
        ObjectNode candidate = policy(realm);
        ((ArrayNode) ((ObjectNode) candidate.get("roles").get(1)).putArray("groups")).add("Staff"); // staff → admin
        ((ObjectNode) candidate.get("seatTiers").get(1)).put("capacity", 4);

        JsonNode preview = KeycloakAdmin.ok(admin.post(base(realm) + "/policy/preview", candidate)).json();
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy?force=true", candidate));
        JsonNode job = waitForIdle(realm);

        assertThat(job.get("triggeredBy").asText()).isEqualTo("policy");
        for (String kind : List.of("added", "removed", "promoted", "demoted", "moved", "pending", "unchanged")) {
            assertThat(job.get("counts").path(kind).asLong()).as(kind + " in " + job + " vs " + preview)
                    .isEqualTo(preview.get("counts").get(kind).asLong());
        }
        assertThat(preview.get("counts").get("promoted").asLong()).isEqualTo(2); // boss holds the third seat
        assertThat(preview.get("counts").get("added").asLong()).isEqualTo(1);
    }

    @Test
    void aPolicyThatLeavesNoOwnerIsRefusedNamingWhoLosesTheRoleUnlessForced() {
        ScimRealm realm = realm(5);
        String owners = realm.createGroup("Owners");
        String ownerId = userIn(realm, owners, "owner");
        String ownerName = realm.scim().get("/Users/" + ownerId).json().get("userName").asText();
        waitForIdle(realm);
        ObjectNode candidate = policy(realm);
        ((ArrayNode) ((ObjectNode) candidate.get("roles").get(0)).putArray("groups")).add("Nobody-Has-This");

        HttpResult refused = admin.put(base(realm) + "/policy", candidate);
        JsonNode preview = KeycloakAdmin.ok(admin.post(base(realm) + "/policy/preview", candidate)).json();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errorMessage").asText()).contains("no Owner").contains(ownerName);
        assertThat(preview.get("lockout").get("refused").asBoolean()).isTrue();
        assertThat(preview.get("lockout").get("leavesNoTopRole").asBoolean()).isTrue();
        assertThat(preview.get("lockout").get("topRole").asText()).isEqualTo("Owner");
        assertThat(preview.get("lockout").get("losingTopRole").size()).isEqualTo(1);
        assertThat(preview.get("lockout").get("losingTopRole").get(0).asText()).isEqualTo(ownerName);
        assertThat(policy(realm).get("roles").get(0).get("groups").get(0).asText()).isEqualTo("Owners");
        assertThat(admin.put(base(realm) + "/policy?force=true", candidate).status()).isEqualTo(200);
    }

    @Test
    void loweringCapacityBelowUsageEvictsNobodyAndThePreviewSaysSo() {
        ScimRealm realm = realm(3);
        String staff = realm.createGroup("Staff");
        List<String> ids = List.of(userIn(realm, staff, "cap"), userIn(realm, staff, "cap"), userIn(realm, staff, "cap"));
        waitForIdle(realm);
        ObjectNode lowered = policy(realm);
        ((ObjectNode) lowered.get("seatTiers").get(1)).put("capacity", 1);

        JsonNode preview = KeycloakAdmin.ok(admin.post(base(realm) + "/policy/preview", lowered)).json();
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", lowered));
        waitForIdle(realm);

        JsonNode standard = preview.get("seats").get(1);
        assertThat(standard.get("used").asLong()).isEqualTo(3);
        assertThat(standard.get("overCapacity").asLong()).isEqualTo(2);
        assertThat(preview.get("counts").get("removed").asLong()).isZero();
        ids.forEach(id -> assertThat(realm.member(id).get("state").asText()).isEqualTo("active"));
    }

    @Test
    void explainShowsTheGroupsTheMatchingMappingAndTheReason() {
        ScimRealm realm = realm(3);
        String staff = realm.createGroup("Staff");
        String id = userIn(realm, staff, "why");

        JsonNode explain = KeycloakAdmin.ok(admin.get(base(realm) + "/members/" + id + "/explain")).json();

        assertThat(explain.get("groups")).extracting(JsonNode::asText).contains("Staff", staff);
        assertThat(explain.get("member").get("state").asText()).isEqualTo("active");
        assertThat(explain.get("decision").get("role").asText()).isEqualTo("user");
        assertThat(explain.get("decision").get("roleGroups")).extracting(JsonNode::asText).contains("Staff");
        assertThat(explain.get("decision").get("message").asText()).contains("Role User from group");
    }

    @Test
    void anAdminWhoWouldDemoteThemselvesIsToldSoAndNothingChanges() {
        ScimRealm realm = realm(5);
        String owners = realm.createGroup("Owners");
        String founders = realm.createGroup("Founders");
        String staff = realm.createGroup("Staff");
        String bossName = ScimRealm.uniqueUserName("boss");
        String boss = realm.createUser("{\"userName\":\"" + bossName + "\",\"name\":{\"givenName\":\"B\","
                + "\"familyName\":\"O\"},\"emails\":[{\"value\":\"" + bossName + "\",\"primary\":true}]}");
        for (String group : List.of(owners, staff)) {
            KeycloakAdmin.ok(realm.scim().patch("/Groups/" + group, patch(
                    "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + boss + "\"}]}]")));
        }
        userIn(realm, founders, "founder");
        ObjectNode withFounders = policy(realm);
        ((ArrayNode) withFounders.get("roles").get(0).get("groups")).add("Founders");
        KeycloakAdmin.ok(admin.put(base(realm) + "/policy", withFounders));
        waitForIdle(realm);
        KeycloakAdmin.ok(admin.put("/admin/realms/" + realm.name() + "/users/" + boss + "/reset-password",
                java.util.Map.of("type", "password", "value", io.kcprovisioning.testing.RealmSetup.PASSWORD,
                        "temporary", false)));
        String rm = admin.get("/admin/realms/" + realm.name() + "/clients?clientId=realm-management").json().get(0)
                .get("id").asText();
        JsonNode manage = admin.get("/admin/realms/" + realm.name() + "/clients/" + rm + "/roles/manage-realm").json();
        JsonNode view = admin.get("/admin/realms/" + realm.name() + "/clients/" + rm + "/roles/view-realm").json();
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/users/" + boss + "/role-mappings/clients/"
                + rm, List.of(manage, view)));
        KeycloakAdmin asBoss = new KeycloakAdmin(admin.baseUrl(), realm.name(), "admin-cli", bossName,
                io.kcprovisioning.testing.RealmSetup.PASSWORD);
        ObjectNode foundersOnly = policy(realm);
        ((ObjectNode) foundersOnly.get("roles").get(0)).putArray("groups").add("Founders");

        HttpResult refused = asBoss.put(base(realm) + "/policy", foundersOnly);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("errorMessage").asText()).contains("It would demote you")
                .contains("owner").doesNotContain("no Owner");
        assertThat(realm.member(boss).get("role").asText()).isEqualTo("owner");
    }

    @Test
    void anAdminAssignsARoleAndASeatAndAFullTierIsRefused() {
        ScimRealm realm = ScimRealm.create(admin, "assign", p -> {
            ((ObjectNode) p.get("seatTiers").get(0)).put("capacity", 1);
            ((ObjectNode) p.get("seatTiers").get(1)).put("capacity", 5);
        });
        String first = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("as") + "\"}");
        String second = realm.createUser("{\"userName\":\"" + ScimRealm.uniqueUserName("as") + "\"}");

        HttpResult given = admin.put(base(realm) + "/members/" + first,
                java.util.Map.of("role", "admin", "tier", "premium"));
        HttpResult full = admin.put(base(realm) + "/members/" + second,
                java.util.Map.of("role", "admin", "tier", "premium"));
        HttpResult unknown = admin.put(base(realm) + "/members/" + second,
                java.util.Map.of("role", "emperor", "tier", "standard"));

        assertThat(given.status()).as(given.body()).isEqualTo(200);
        assertThat(given.json().get("role").asText()).isEqualTo("admin");
        assertThat(given.json().get("tier").asText()).isEqualTo("premium");
        assertThat(full.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(realm.member(second).get("tier").asText()).isEqualTo("standard");
        assertThat(admin.get(base(realm) + "/seats").json().get(0).get("used").asInt()).isEqualTo(1);
    }

    @Test
    void withGroupMappingsAdminsCannotAssignRoles() {
        ScimRealm realm = realm(3);
        String staff = realm.createGroup("Staff");
        String id = userIn(realm, staff, "mapped");

        HttpResult r = admin.put(base(realm) + "/members/" + id, java.util.Map.of("role", "owner", "tier", "standard"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(realm.member(id).get("role").asText()).isEqualTo("user");
    }
}
