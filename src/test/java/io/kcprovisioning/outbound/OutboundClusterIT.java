package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.HttpResult;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakCluster;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimFaultProxy;
import io.kcprovisioning.testing.ScimRealm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Outbound delivery with two Keycloak nodes on one database (PostgreSQL; the node killed on MariaDB too, in the
 * {@code mariadb} run): both nodes capture and deliver, claims with {@code FOR UPDATE SKIP LOCKED} and leases, one
 * node sending to a target at a time (so its rate limit holds for the cluster), and the sending node killed with
 * SIGKILL while its calls are in flight. Each test ends with the target equal to Keycloak and every user made there
 * once. The target is a realm of the same cluster served by this extension's inbound SCIM endpoint, behind a fault
 * proxy (forwarding through the node that stays up).
 */
class OutboundClusterIT {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final int LEASE_SECONDS = 5;
    private static final int RATE_LIMIT = 4;

    private static KeycloakCluster cluster;
    private static KeycloakAdmin nodeA;
    private static KeycloakAdmin nodeB;
    private static ScimRealm downstream;
    private static ScimFaultProxy proxy;
    /** The downstream realm's SCIM endpoint through the node the proxy forwards to. */
    private static ScimClient downstreamVia;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start("kc_outbound_cluster_" + ProcessHandle.current().pid(), 0,
                // the circuit stays closed: under the load of two nodes and their target on two cores, calls time
                // out in runs of twenty, and a paused target would turn this test of claims and leases into one of
                // the circuit (OutboundHealthIT and OutboundFaultsIT test that)
                b -> b.outboundToLoopback()
                        .arg("--spi-provisioning-outbound-target--provisioning-scim-target--lease-seconds="
                                + LEASE_SECONDS)
                        .arg("--spi-provisioning-outbound-target--provisioning-scim-target--circuit-after=0"));
        nodeA = KeycloakAdmin.master(cluster.node(0));
        nodeB = KeycloakAdmin.master(cluster.node(1));
        // served by node B: the target stays up while node A is killed
        downstream = ScimRealm.create(nodeB, "cluster-down");
        proxy = new ScimFaultProxy(downstream.scim().base());
        downstreamVia = downstream.scim();
    }

    @AfterAll
    static void stopCluster() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void changesMadeOnBothNodesAllArriveOnceWithTheirLastState() throws Exception {
        ScimRealm upstream = ScimRealm.create(nodeA, "cluster-up");
        String targetId = addTarget(upstream);
        ScimClient onB = new ScimClient(cluster.node(1).baseUrl(), upstream.name(), upstream.scim().token());
        List<String> userNames = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String userName = ScimRealm.uniqueUserName("both");
                userNames.add(userName);
                ScimClient node = i % 2 == 0 ? upstream.scim() : onB;
                created.add(pool.submit(() -> create(node, userName)));
            }
            for (Future<String> f : created) {
                ids.add(f.get());
            }
            // each user changed again on the node that did not create it, at once
            List<Future<HttpResult>> renamed = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                ScimClient node = i % 2 == 0 ? onB : upstream.scim();
                String id = ids.get(i);
                renamed.add(pool.submit(() -> node.patch("/Users/" + id, ScimRealm.patch(
                        "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Second\"}]"))));
            }
            for (Future<HttpResult> f : renamed) {
                assertThat(f.get().status()).as(f.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        for (String userName : userNames) {
            awaitDownstream(userName, u -> "Second".equals(u.path("name").path("givenName").asText()),
                    () -> notDelivered(upstream.name(), targetId));
            assertThat(downstreamUsers(userName)).as(userName).hasSize(1);
            assertThat(proxy.mentioning(userName).stream().filter(s -> s.method().equals("POST")))
                    .as("creates of " + userName).hasSize(1);
        }
        await(() -> counts(nodeB, upstream.name(), targetId).get("idle").asLong() == 30 ? Boolean.TRUE : null,
                "every row delivered");
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void aNodeKilledWhileItsCallsAreInFlightLeavesNothingUndeliveredNorDuplicated() {
        ScimRealm upstream = ScimRealm.create(nodeA, "cluster-kill");
        String targetId = addTarget(upstream);
        // the sending node's calls hang until after it is dead: the target makes those users, the node never
        // records it
        proxy.hang(4, Duration.ofSeconds(4), "POST");
        List<String> userNames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String userName = ScimRealm.uniqueUserName("killed");
            userNames.add(userName);
            create(upstream.scim(), userName);
        }
        await(() -> proxy.inFlight() > 0 ? Boolean.TRUE : null, "calls in flight");
        // one node sends to the target at a time: that one is killed, and the target is reached through the other
        String sender = await(() -> {
            JsonNode s = KeycloakAdmin.ok(nodeA.get("/admin/realms/" + upstream.name() + "/provisioning/targets/"
                    + targetId + "/status")).json().get("sender");
            return s.isNull() ? null : s.asText();
        }, "the sending node");
        int victim = sender.equals(outboundNode(nodeA)) ? 0 : 1;
        assertThat(sender).as("the sender is one of the two nodes")
                .isEqualTo(outboundNode(victim == 0 ? nodeA : nodeB));
        KeycloakAdmin survivor = victim == 0 ? nodeB : nodeA;
        downstreamVia = new ScimClient(cluster.node(1 - victim).baseUrl(), downstream.name(),
                downstream.scim().token());
        proxy.forwardTo(downstreamVia.base());
        JsonNode before = counts(survivor, upstream.name(), targetId);

        long killedAt = System.currentTimeMillis();
        cluster.node(victim).kill();

        try {
            // the survivor hands back the dead node's expired leases, takes the target over and delivers
            for (String userName : userNames) {
                awaitDownstream(userName, u -> true);
            }
            await(() -> counts(survivor, upstream.name(), targetId).get("idle").asLong() == userNames.size()
                    ? Boolean.TRUE : null, "every row delivered by the surviving node");
        } finally {
            cluster.node(victim).restart();
            downstreamVia = downstream.scim();
            proxy.forwardTo(downstream.scim().base());
        }
        assertThat(before.get("in_flight").asLong()).as("rows in flight when the node was killed: " + before)
                .isPositive();
        for (String userName : userNames) {
            assertThat(downstreamUsers(userName)).as(userName).hasSize(1);
        }
        // the creates the dead node had in flight reached the target after it died (sent before, answered after);
        // the survivor, once their leases ran out, found those users by userName and linked them instead of
        // making them again
        assertThat(proxy.seen().stream().filter(s -> s.method().equals("POST") && s.arrived() < killedAt
                && s.at() > killedAt)).as("creates whose caller died").isNotEmpty();
        JsonNode rows = KeycloakAdmin.ok(survivor.get("/admin/realms/" + upstream.name() + "/provisioning/targets/"
                + targetId + "/outbox?max=100")).json().get("rows");
        for (JsonNode row : rows) {
            String userName = KeycloakAdmin.ok(survivor.get("/admin/realms/" + upstream.name() + "/users/"
                    + row.get("resourceId").asText())).json().get("username").asText();
            assertThat(row.get("remoteId").asText()).as("link of " + userName)
                    .isEqualTo(downstreamUsers(userName).get(0).get("id").asText());
        }
        // the killed node, back, finds nothing left to do and the queue stays delivered
        assertThat(counts(KeycloakAdmin.master(cluster.node(victim)), upstream.name(), targetId).get("idle")
                .asLong()).isEqualTo(userNames.size());
    }

    @Test
    void aTargetsRateLimitHoldsForTheClusterWithOneNodeSendingAtATime() throws Exception {
        ScimRealm upstream = ScimRealm.create(nodeA, "cluster-rate");
        ObjectNode t = OutboundTargetsIT.target("rated-app", proxy.baseUrl(), downstream.scim().token());
        t.put("rateLimit", RATE_LIMIT);
        String targetId = KeycloakAdmin.ok(nodeA.post("/admin/realms/" + upstream.name()
                + "/provisioning/targets", t)).json().get("id").asText();
        ScimClient onB = new ScimClient(cluster.node(1).baseUrl(), upstream.name(), upstream.scim().token());
        List<String> userNames = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            // half the users made on each node, at once: both nodes are kicked to deliver
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String userName = ScimRealm.uniqueUserName("rated");
                userNames.add(userName);
                ScimClient node = i % 2 == 0 ? upstream.scim() : onB;
                created.add(pool.submit(() -> create(node, userName)));
            }
            for (Future<String> f : created) {
                f.get();
            }
            for (String userName : userNames) {
                JsonNode status = KeycloakAdmin.ok(nodeB.get("/admin/realms/" + upstream.name()
                        + "/provisioning/targets/" + targetId + "/status")).json();
                if (!status.get("sender").isNull()) {
                    senders.add(status.get("sender").asText());
                }
                awaitDownstream(userName, u -> true, () -> notDelivered(upstream.name(), targetId));
            }
        } finally {
            pool.shutdownNow();
        }

        // every call for these users, from either node, paced as one: at most rateLimit a second, give or take the
        // edges of a window (two nodes pacing on their own would reach twice that)
        List<Long> calls = proxy.seen().stream()
                .filter(s -> userNames.stream().anyMatch(u -> java.net.URLDecoder.decode(s.path(),
                        java.nio.charset.StandardCharsets.UTF_8).contains(u) || s.body().contains(u)))
                .map(ScimFaultProxy.Seen::arrived).sorted().toList();
        assertThat(calls).as("calls for the users: a lookup and a create each").hasSizeGreaterThanOrEqualTo(48);
        // and over the whole run, near rateLimit: a node taking the target over paces from its own clock, so each
        // hand-over may save up to one interval; two nodes sending at once would take half the time
        assertThat(calls.get(calls.size() - 1) - calls.get(0)).as("the calls' span, ms; all at ms " + calls)
                .isGreaterThanOrEqualTo(calls.size() * 750L / RATE_LIMIT);
        int most = 0;
        for (int i = 0, j = 0; i < calls.size(); i++) {
            while (calls.get(i) - calls.get(j) >= 2000) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        assertThat(most).as("calls in the busiest 2 s; all at ms " + calls).isLessThanOrEqualTo(2 * RATE_LIMIT + 2);
        for (String userName : userNames) {
            assertThat(proxy.mentioning(userName).stream().filter(s -> s.method().equals("POST")))
                    .as("creates of " + userName).hasSize(1);
        }
        assertThat(senders).as("a node named as the target's sender while it delivered").isNotEmpty();
        // with nothing left to send, the node hands the target back
        await(() -> KeycloakAdmin.ok(nodeA.get("/admin/realms/" + upstream.name() + "/provisioning/targets/"
                + targetId + "/status")).json().get("sender").isNull() ? Boolean.TRUE : null,
                "the sender lease handed back");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The name the node goes by in outbound leases (in the extension's server info). */
    private static String outboundNode(KeycloakAdmin node) {
        return KeycloakAdmin.ok(node.get("/admin/serverinfo")).json().get("providers").get("realm-restapi-extension")
                .get("providers").get("provisioning").get("operationalInfo").get("outboundNode").asText();
    }

    private static String addTarget(ScimRealm upstream) {
        ObjectNode t = OutboundTargetsIT.target("cluster-app", proxy.baseUrl(), downstream.scim().token());
        return KeycloakAdmin.ok(nodeA.post("/admin/realms/" + upstream.name() + "/provisioning/targets", t))
                .json().get("id").asText();
    }

    private static String create(ScimClient scim, String userName) {
        HttpResult r = scim.post("/Users", Json.write(Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", userName,
                "name", Map.of("givenName", "First", "familyName", "Node"),
                "emails", List.of(Map.of("value", userName, "type", "work", "primary", true)))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode counts(KeycloakAdmin node, String realm, String targetId) {
        return KeycloakAdmin.ok(node.get("/admin/realms/" + realm + "/provisioning/targets/" + targetId
                + "/outbox?max=1")).json().get("counts");
    }

    private static List<JsonNode> downstreamUsers(String userName) {
        HttpResult r = downstreamVia.get("/Users?filter=" + java.net.URLEncoder.encode("userName eq \"" + userName
                + "\"", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> users = new ArrayList<>();
        r.json().path("Resources").forEach(users::add);
        return users;
    }

    private static JsonNode awaitDownstream(String userName, java.util.function.Predicate<JsonNode> until) {
        return awaitDownstream(userName, until, () -> "");
    }

    private static JsonNode awaitDownstream(String userName, java.util.function.Predicate<JsonNode> until,
            Supplier<String> diagnosis) {
        try {
            return await(() -> {
                List<JsonNode> users = downstreamUsers(userName);
                return !users.isEmpty() && until.test(users.get(0)) ? users.get(0) : null;
            }, "downstream user " + userName);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; downstream: " + downstreamUsers(userName) + "; "
                    + diagnosis.get() + "; proxy answers: " + proxy.seen().stream().filter(r -> r.path()
                    .contains(userName) || r.body().contains(userName)).map(r -> r.method() + " " + r.status())
                    .toList(), e);
        }
    }

    /** The target's rows that are not delivered, with their state and last error, for a failure's message. */
    private static String notDelivered(String realm, String targetId) {
        StringBuilder out = new StringBuilder("rows not idle:");
        KeycloakAdmin.ok(nodeB.get("/admin/realms/" + realm + "/provisioning/targets/" + targetId
                + "/outbox?max=100")).json().get("rows").forEach(r -> {
                    if (!r.get("state").asText().equals("idle")) {
                        out.append(' ').append(r);
                    }
                });
        return out.toString();
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
        throw new AssertionError("timed out waiting for " + what + "; proxy saw " + proxy.seen().size()
                + " requests");
    }
}
