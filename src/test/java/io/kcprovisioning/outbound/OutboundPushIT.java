package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Full push and reconcile of a target, against the real distribution, with as the downstream SCIM server a second
 * realm of the test Keycloak served by this extension's inbound SCIM endpoint (static token), behind a proxy that
 * records what reaches it.
 */
class OutboundPushIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KeycloakAdmin admin;
    private static ScimRealm downstream;
    private static ScimFaultProxy proxy;

    @BeforeAll
    static void setUp() {
        admin = TestKeycloak.admin();
        downstream = ScimRealm.create(admin, "pushed-to");
        proxy = new ScimFaultProxy(downstream.scim().base());
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String targets(ScimRealm realm) {
        return "/admin/realms/" + realm.name() + "/provisioning/targets";
    }

    private static String addTarget(ScimRealm realm, String deprovision) {
        ObjectNode t = OutboundTargetsIT.target("pushed-app", proxy.baseUrl(), downstream.scim().token());
        t.put("deprovision", deprovision);
        return KeycloakAdmin.ok(admin.post(targets(realm), t)).json().get("id").asText();
    }

    private static void setEnabled(ScimRealm realm, String targetId, boolean enabled) {
        ObjectNode rep = (ObjectNode) KeycloakAdmin.ok(admin.get(targets(realm) + "/" + targetId)).json();
        rep.put("enabled", enabled);
        ((ObjectNode) rep.get("auth")).remove("secretSet");
        KeycloakAdmin.ok(admin.put(targets(realm) + "/" + targetId, rep));
    }

    private static HttpResult push(ScimRealm realm, String targetId, String mode) {
        return admin.post(targets(realm) + "/" + targetId + "/push", Map.of("mode", mode));
    }

    /** Starts a push and waits until its job ends; returns the ended job. */
    private static JsonNode pushAndWait(ScimRealm realm, String targetId, String mode) {
        HttpResult started = push(realm, targetId, mode);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String jobId = started.json().get("id").asText();
        assertThat(started.header("Location")).endsWith("/provisioning/targets/" + targetId + "/push/" + jobId);
        return awaitJob(realm, targetId, jobId);
    }

    private static JsonNode awaitJob(ScimRealm realm, String targetId, String jobId) {
        return await(() -> {
            JsonNode job = KeycloakAdmin.ok(admin.get(targets(realm) + "/" + targetId + "/push/" + jobId)).json();
            return job.get("state").asText().equals("running") ? null : job;
        }, "push " + jobId);
    }

    private static JsonNode downstreamUser(String userName) {
        HttpResult r = downstream.filterUsers("userName eq \"" + userName + "\"");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode resources = r.json().path("Resources");
        return resources.isEmpty() ? null : resources.get(0);
    }

    private static JsonNode awaitDownstream(String userName, Predicate<JsonNode> until) {
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
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String member(ScimRealm realm, String userName) {
        return realm.createUser(Map.of("userName", userName, "name", Map.of("givenName", "Ada", "familyName", "Byron"),
                "emails", List.of(Map.of("value", userName, "type", "work", "primary", true))));
    }

    private static List<ScimFaultProxy.Seen> writes(String text) {
        return proxy.mentioning(text).stream().filter(s -> !s.method().equals("GET")).toList();
    }

    @Test
    void membersFromBeforeTheTargetArriveWithRoleAndTierAfterAFullPush() {
        ScimRealm realm = ScimRealm.create(admin, "pushfull");
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(ScimRealm.uniqueUserName("before"));
            ids.add(member(realm, names.get(i)));
        }
        String targetId = addTarget(realm, "deactivate");
        // a target sends only the changes made after it exists
        assertThat(proxy.mentioning(names.get(0))).isEmpty();

        JsonNode job = pushAndWait(realm, targetId, "full");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.get("mode").asText()).isEqualTo("full");
        assertThat(job.get("target").asText()).isEqualTo(targetId);
        assertThat(job.get("triggeredBy").asText()).isEqualTo("admin");
        assertThat(job.get("examined").asLong()).isEqualTo(3);
        assertThat(job.get("total").asLong()).isEqualTo(3);
        assertThat(job.get("queued").asLong()).isEqualTo(3);
        assertThat(job.get("deprovisioned").asLong()).isZero();
        assertThat(job.get("finished").isNull()).isFalse();
        assertThat(job.get("error").isNull()).isTrue();
        for (int i = 0; i < 3; i++) {
            JsonNode local = realm.member(ids.get(i));
            JsonNode pushed = awaitDownstream(names.get(i), u -> true);
            assertThat(pushed.path("roles").get(0).get("value").asText()).isEqualTo(local.get("role").asText());
            assertThat(pushed.path("entitlements").get(0).get("value").asText()).isEqualTo(local.get("tier").asText());
            assertThat(pushed.get("externalId").asText()).isEqualTo(ids.get(i));
            assertThat(pushed.get("active").asBoolean()).isTrue();
        }
        String first = names.get(0);
        await(() -> writes(first).size() == 1 ? Boolean.TRUE : null, "the first push's write of " + first);

        // linked and up to date: a second full push sends the current state again, to the same remote user
        JsonNode again = pushAndWait(realm, targetId, "full");
        assertThat(again.get("queued").asLong()).isEqualTo(3);
        String remoteId = downstreamUser(first).get("id").asText();
        await(() -> proxy.seen().stream().filter(s -> !s.method().equals("GET"))
                .filter(s -> s.body().contains(first) || s.path().contains(remoteId)).count() >= 2
                ? Boolean.TRUE : null, "the second push's write of " + first);
        assertThat(downstream.filterUsers("userName eq \"" + first + "\"").json().get("totalResults").asInt())
                .isEqualTo(1);

        JsonNode listed = KeycloakAdmin.ok(admin.get(targets(realm) + "/" + targetId + "/push")).json();
        assertThat(listed.get("jobs")).hasSize(2);
        assertThat(listed.get("jobs").get(0).get("id").asText()).isEqualTo(again.get("id").asText());
        JsonNode events = admin.get("/admin/realms/" + realm.name()
                + "/admin-events?resourceTypes=CUSTOM&operationTypes=ACTION").json();
        List<String> paths = new ArrayList<>();
        events.forEach(e -> paths.add(e.get("resourcePath").asText()));
        assertThat(paths).contains("provisioning/targets/" + targetId + "/push/" + job.get("id").asText());
    }

    @Test
    void aFullPushAdoptsTheUsersTheTargetHoldsAndCreatesTheOthersWithoutALookupEach() {
        ScimRealm realm = ScimRealm.create(admin, "pushlisted");
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(ScimRealm.uniqueUserName("listed"));
            ids.add(member(realm, names.get(i)));
        }
        // the application has one of them already, made by someone else
        String theirs = downstream.createUser(Map.of("userName", names.get(0), "emails",
                List.of(Map.of("value", names.get(0), "primary", true))));
        String targetId = addTarget(realm, "deactivate");

        JsonNode job = pushAndWait(realm, targetId, "full");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");

        // adopted: updated in place (it gets Keycloak's id as externalId), never created a second time
        JsonNode adopted = awaitDownstream(names.get(0), u -> ids.get(0).equals(u.path("externalId").asText()));
        assertThat(adopted.get("id").asText()).isEqualTo(theirs);
        assertThat(downstream.filterUsers("userName eq \"" + names.get(0) + "\"").json().get("totalResults")
                .asInt()).isEqualTo(1);
        assertThat(writes(names.get(0)).stream().filter(w -> w.method().equals("POST"))).isEmpty();
        // the others: one create each, and no lookup by userName (the push listed the target once)
        for (int i = 1; i < 3; i++) {
            awaitDownstream(names.get(i), u -> true);
            String name = names.get(i);
            assertThat(writes(name).stream().filter(w -> w.method().equals("POST"))).as(name).hasSize(1);
            assertThat(proxy.seen().stream().filter(g -> g.method().equals("GET") && java.net.URLDecoder
                    .decode(g.path(), java.nio.charset.StandardCharsets.UTF_8).contains(name))).as(name).isEmpty();
        }
        assertThat(proxy.seen().stream().filter(g -> g.method().equals("GET")
                && g.path().startsWith("/Users?attributes=userName&startIndex=1"))).isNotEmpty();
    }

    @Test
    void reconcileDeactivatesWhatLeftOrWasDeletedAndLeavesTheTargetsOwnUsersAlone() {
        reconcile("deactivate");
    }

    @Test
    void reconcileDeletesWhatLeftOrWasDeletedForADeleteTarget() {
        reconcile("delete");
    }

    private void reconcile(String deprovision) {
        ScimRealm realm = ScimRealm.create(admin, "reconcile");
        String stays = ScimRealm.uniqueUserName("stays");
        String leaves = ScimRealm.uniqueUserName("leaves");
        String deleted = ScimRealm.uniqueUserName("deleted");
        member(realm, stays);
        String leavesId = member(realm, leaves);
        String deletedId = member(realm, deleted);
        String theirs = ScimRealm.uniqueUserName("theirs");
        String theirsId = downstream.createUser(Map.of("userName", theirs, "emails",
                List.of(Map.of("value", theirs, "primary", true))));
        String targetId = addTarget(realm, deprovision);
        assertThat(pushAndWait(realm, targetId, "full").get("queued").asLong()).isEqualTo(3);
        for (String name : List.of(stays, leaves, deleted)) {
            awaitDownstream(name, u -> u.get("active").asBoolean());
        }

        // while the target is disabled, nothing is captured for it: one member leaves, another is deleted
        setEnabled(realm, targetId, false);
        KeycloakAdmin.ok(realm.scim().patch("/Users/" + leavesId,
                ScimRealm.patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
        assertThat(realm.member(leavesId).get("state").asText()).isEqualTo("deprovisioned");
        KeycloakAdmin.ok(admin.delete("/admin/realms/" + realm.name() + "/users/" + deletedId));
        setEnabled(realm, targetId, true);
        JsonNode pending = KeycloakAdmin.ok(admin.get(targets(realm) + "/" + targetId + "/outbox?state=pending"))
                .json();
        assertThat(pending.get("counts").get("pending").asLong()).as(pending.toString()).isZero();
        assertThat(downstreamUser(leaves).get("active").asBoolean()).isTrue();

        JsonNode job = pushAndWait(realm, targetId, "reconcile");

        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");
        assertThat(job.get("mode").asText()).isEqualTo("reconcile");
        // one member in scope, three links
        assertThat(job.get("total").asLong()).isEqualTo(4);
        assertThat(job.get("examined").asLong()).isEqualTo(4);
        assertThat(job.get("queued").asLong()).isEqualTo(1);
        assertThat(job.get("deprovisioned").asLong()).isEqualTo(2);
        if (deprovision.equals("delete")) {
            await(() -> downstreamUser(leaves) == null && downstreamUser(deleted) == null ? Boolean.TRUE : null,
                    "deletion of " + leaves + " and " + deleted);
        } else {
            awaitDownstream(leaves, u -> !u.get("active").asBoolean());
            awaitDownstream(deleted, u -> !u.get("active").asBoolean());
        }
        assertThat(awaitDownstream(stays, u -> true).get("active").asBoolean()).isTrue();
        JsonNode own = downstreamUser(theirs);
        assertThat(own).isNotNull();
        assertThat(own.get("active").asBoolean()).isTrue();
        assertThat(writes(theirs)).isEmpty();
        assertThat(writes(theirsId)).isEmpty();
    }

    @Test
    void secondPushWhileOneRunsAnswersTheRunningJob() throws Exception {
        ScimRealm realm = ScimRealm.create(admin, "pushbusy");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<String>> made = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                made.add(CompletableFuture.supplyAsync(() -> realm.createUser(
                        "{\"userName\":\"" + ScimRealm.uniqueUserName("busy") + "\"}"), pool));
            }
            made.forEach(CompletableFuture::join);
            String targetId = addTarget(realm, "deactivate");
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<HttpResult>> starts = new ArrayList<>();
            for (String mode : List.of("full", "reconcile")) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return push(realm, targetId, mode);
                }, pool));
            }
            HttpResult a = starts.get(0).join();
            HttpResult b = starts.get(1).join();
            assertThat(a.status()).as(a.toString()).isEqualTo(202);
            assertThat(b.status()).as(b.toString()).isEqualTo(202);
            String jobId = a.json().get("id").asText();
            assertThat(b.json().get("id").asText()).isEqualTo(jobId);
            assertThat(b.header("Location")).endsWith("/push/" + jobId);

            JsonNode job = awaitJob(realm, targetId, jobId);
            assertThat(job.get("state").asText()).isEqualTo("done");
            assertThat(job.get("queued").asLong() + job.get("deprovisioned").asLong()).isEqualTo(400);
            assertThat(KeycloakAdmin.ok(admin.get(targets(realm) + "/" + targetId + "/push")).json().get("jobs"))
                    .hasSize(1);
            // once it ended, the next push is a new job
            assertThat(pushAndWait(realm, targetId, "full").get("id").asText()).isNotEqualTo(jobId);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badPushRequestsAreRefusedInTheCallersLanguageAndStartNothing() {
        ScimRealm realm = ScimRealm.create(admin, "pushbad");
        String targetId = addTarget(realm, "deactivate");
        String push = targets(realm) + "/" + targetId + "/push";

        HttpResult mode = admin.post(push, Map.of("mode", "everything"), "Accept-Language", "fr");
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.json().get("field").asText()).isEqualTo("mode");
        assertThat(mode.json().get("errorMessage").asText()).isEqualTo("mode vaut full ou reconcile.");
        HttpResult english = admin.post(push, Map.of());
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.json().get("errorMessage").asText()).isEqualTo("mode must be full or reconcile.");

        HttpResult notJson = KeycloakAdmin.send(HttpRequest.newBuilder(URI.create(admin.baseUrl() + push))
                .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "application/json")
                .header("Accept-Language", "id").POST(HttpRequest.BodyPublishers.ofString("mode=full")).build());
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        assertThat(notJson.json().get("errorMessage").asText())
                .startsWith("Isi permintaan harus berupa objek JSON dengan mode (full atau reconcile)");

        HttpResult unknown = admin.post(targets(realm) + "/no-such-target/push", Map.of("mode", "full"),
                "Accept-Language", "id");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorMessage").asText())
                .isEqualTo("Tidak ada target keluar no-such-target di realm ini.");
        assertThat(admin.get(targets(realm) + "/no-such-target/push").status()).isEqualTo(404);
        HttpResult noJob = admin.get(push + "/no-such-job");
        assertThat(noJob.status()).isEqualTo(404);
        assertThat(noJob.json().get("errorMessage").asText()).isEqualTo("No push no-such-job of this target.");

        setEnabled(realm, targetId, false);
        HttpResult disabled = admin.post(push, Map.of("mode", "full"), "Accept-Language", "fr");
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.json().get("errorMessage").asText())
                .isEqualTo("La cible « pushed-app » est désactivée : activez-la avant de lui envoyer les membres.");

        assertThat(KeycloakAdmin.ok(admin.get(push)).json().get("jobs")).isEmpty();
    }
}
