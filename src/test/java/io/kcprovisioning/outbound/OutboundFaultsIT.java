package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The faults a downstream SCIM server shows in production, each ending with the target equal to Keycloak and no
 * user made twice: throttling with {@code Retry-After}, answers slower than the call timeout, connections closed
 * without an answer after the target made the change, the target down for over a minute, and a thousand changes to
 * one user while it is down. The target is a second realm's inbound SCIM endpoint of the test Keycloak (it refuses a
 * second user of the same userName, so a duplicate would show as a 409 the delivery must not need), behind a fault
 * proxy; every test has its own upstream realm, proxy and target.
 */
class OutboundFaultsIT {

    /** Longer than the delivery's backoff up to its 1-minute step (1+2+5+15+30+60 s, ±25 %) and a circuit probe. */
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static KeycloakAdmin admin;
    private static ScimRealm downstream;
    private ScimFaultProxy proxy;
    private ScimRealm upstream;
    private String targetId;

    @BeforeAll
    static void downstream() {
        admin = TestKeycloak.admin();
        downstream = ScimRealm.create(admin, "faults-down");
    }

    @BeforeEach
    void peer() {
        proxy = new ScimFaultProxy(downstream.scim().base());
        upstream = ScimRealm.create(admin, "faults-up");
        ObjectNode t = OutboundTargetsIT.target("faulty-app", proxy.baseUrl(), downstream.scim().token());
        targetId = KeycloakAdmin.ok(admin.post("/admin/realms/" + upstream.name() + "/provisioning/targets", t))
                .json().get("id").asText();
    }

    /** A first user delivered: the target's ServiceProviderConfig is read and cached, so faults hit user calls. */
    private void warmUp() {
        String userName = ScimRealm.uniqueUserName("warm");
        create(userName);
        awaitDownstream(userName, u -> true);
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void aThrottledTargetIsCalledAgainOnlyAfterItsRetryAfter() {
        warmUp();
        String userName = ScimRealm.uniqueUserName("throttled");
        proxy.throttle(1, 4);
        create(userName);

        awaitDownstream(userName, u -> true);

        List<ScimFaultProxy.Seen> seen = proxy.seen();
        ScimFaultProxy.Seen throttled = seen.stream().filter(s -> s.status() == 429).findFirst().orElseThrow();
        ScimFaultProxy.Seen next = seen.get(seen.indexOf(throttled) + 1);
        // the backoff's first step is 1 s (±25 %): only the target's Retry-After explains a wait of 4 s
        assertThat(next.at() - throttled.at()).as("wait after the 429").isGreaterThanOrEqualTo(3_900);
        assertOnceDownstream(userName);
    }

    @Test
    void aTargetSlowerThanTheTimeoutIsRetriedAndTheUserIsMadeOnce() {
        warmUp();
        String userName = ScimRealm.uniqueUserName("slow");
        // the test server's call timeout is 5 s: the create gives up, the target still makes the user after
        proxy.hang(1, Duration.ofSeconds(8), "POST");
        create(userName);

        awaitDownstream(userName, u -> true);
        await(() -> proxy.inFlight() == 0 ? Boolean.TRUE : null, "the hung request to end");

        assertOnceDownstream(userName);
        assertThat(proxy.mentioning(userName).stream().filter(s -> s.method().equals("POST") && s.status() == 0))
                .as("the create given up").hasSize(1);
        assertLinkedTo(userName);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerAfterTheTargetMadeTheUserIsAdoptedNotDuplicated() {
        warmUp();
        String userName = ScimRealm.uniqueUserName("lost-reply");
        proxy.dropReplies(1, "POST");
        String id = create(userName);

        await(() -> linkedRemoteId(id), "the link of " + userName);

        assertOnceDownstream(userName);
        List<ScimFaultProxy.Seen> posts = proxy.mentioning(userName).stream()
                .filter(s -> s.method().equals("POST")).toList();
        // the create reached the target and its answer was lost; the retry found the user by userName
        assertThat(posts).extracting(ScimFaultProxy.Seen::status).containsExactly(0);
        assertLinkedTo(userName);
    }

    @Test
    void aTargetDownForOverAMinuteGetsEveryChangeWhenItIsBack() {
        proxy.down();
        List<String> userNames = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Instant downSince = Instant.now();
        try {
            for (int i = 0; i < 5; i++) {
                String userName = ScimRealm.uniqueUserName("outage");
                userNames.add(userName);
                ids.add(create(userName));
            }
            sleep(Duration.ofSeconds(70).minus(Duration.between(downSince, Instant.now())).toMillis());
            // a change made late in the outage is not lost either
            HttpResult renamed = upstream.scim().patch("/Users/" + ids.get(0), ScimRealm.patch(
                    "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Late\"}]"));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
            JsonNode counts = outbox(null).get("counts");
            assertThat(counts.get("pending").asLong() + counts.get("in_flight").asLong()).as(counts.toString())
                    .isEqualTo(5);
            // some thirty failed attempts in a row: past circuit-after (20), the target is paused
            assertThat(status().get("circuit").asText()).as(status().toString()).isEqualTo("open");
        } finally {
            proxy.up();
        }

        awaitDownstream(userNames.get(0), u -> "Late".equals(u.path("name").path("givenName").asText()));
        for (String userName : userNames) {
            awaitDownstream(userName, u -> true);
            assertOnceDownstream(userName);
        }
        await(() -> outbox("pending").get("counts").get("pending").asLong() == 0 ? Boolean.TRUE : null,
                "the pending rows to be delivered");
        // nobody resumed it: a probe a minute after the last failure went through and closed the circuit
        assertThat(status().get("circuit").asText()).isEqualTo("closed");
    }

    private JsonNode status() {
        return KeycloakAdmin.ok(admin.get("/admin/realms/" + upstream.name() + "/provisioning/targets/" + targetId
                + "/status")).json();
    }

    @Test
    void aThousandChangesToOneUserWhileTheTargetIsDownArriveAsOneWrite() {
        String userName = ScimRealm.uniqueUserName("thousand");
        proxy.down();
        String id;
        try {
            id = create(userName);
            for (int i = 1; i <= 1000; i++) {
                HttpResult r = upstream.scim().patch("/Users/" + id, ScimRealm.patch(
                        "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"v" + i + "\"}]"));
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        } finally {
            proxy.up();
        }

        JsonNode pushed = awaitDownstream(userName, u -> "v1000".equals(u.path("name").path("givenName").asText()));

        assertThat(pushed.get("active").asBoolean()).isTrue();
        assertThat(proxy.mentioning(userName).stream().filter(s -> !s.method().equals("GET")))
                .as("writes for 1,001 changes").hasSize(1);
        JsonNode row = outboxRow(id);
        assertThat(row.get("changes").asLong()).isGreaterThanOrEqualTo(1001);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private String create(String userName) {
        return upstream.createUser(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", userName, "name", Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", userName, "type", "work", "primary", true))));
    }

    private static List<JsonNode> downstreamUsers(String userName) {
        HttpResult r = downstream.filterUsers("userName eq \"" + userName + "\"");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> users = new ArrayList<>();
        r.json().path("Resources").forEach(users::add);
        return users;
    }

    private static void assertOnceDownstream(String userName) {
        assertThat(downstreamUsers(userName)).as("users named " + userName + " downstream").hasSize(1);
    }

    private JsonNode awaitDownstream(String userName, Predicate<JsonNode> until) {
        return await(() -> {
            List<JsonNode> users = downstreamUsers(userName);
            return !users.isEmpty() && until.test(users.get(0)) ? users.get(0) : null;
        }, "downstream user " + userName);
    }

    private JsonNode outbox(String state) {
        return KeycloakAdmin.ok(admin.get("/admin/realms/" + upstream.name() + "/provisioning/targets/" + targetId
                + "/outbox" + (state == null ? "" : "?state=" + state))).json();
    }

    private JsonNode outboxRow(String userId) {
        for (JsonNode r : outbox(null).get("rows")) {
            if (r.get("resourceId").asText().equals(userId)) {
                return r;
            }
        }
        throw new AssertionError("no outbox row for " + userId);
    }

    /** The remote id the user is linked to, once the delivery recorded it; null before. */
    private String linkedRemoteId(String userId) {
        JsonNode row = outboxRow(userId);
        return row.get("state").asText().equals("idle") && row.hasNonNull("remoteId")
                ? row.get("remoteId").asText() : null;
    }

    /** The user's link is to the one downstream user of its userName. */
    private void assertLinkedTo(String userName) {
        String id = upstream.scim().get("/Users?filter=" + ScimRealm.enc("userName eq \"" + userName + "\""))
                .json().get("Resources").get(0).get("id").asText();
        String remoteId = await(() -> linkedRemoteId(id), "the link of " + userName);
        assertThat(remoteId).isEqualTo(downstreamUsers(userName).get(0).get("id").asText());
    }

    private <T> T await(Supplier<T> probe, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; proxy saw " + proxy.seen());
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
