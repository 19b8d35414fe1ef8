package io.kcprovisioning.bench;

import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 3: brokered login latency (first login and repeat login, p50 and p95) through a realm wired for JIT with
 * group mappings and seats, against the same flows without the extension's authenticators (a second realm wired
 * the same way, with both provisioning executions DISABLED). A third realm with Keycloak's default broker flows (no
 * post-broker-login flow at all) is reported for information: the difference to it is the cost of Keycloak's
 * post-broker-login round trip. Same server, same upstream IdP, same scripted client, arms interleaved.
 */
class JitLoginBench {

    private static final int WARMUP = 30;
    private static final int ITERATIONS = 500;

    @Test
    void brokeredLoginWithAndWithoutTheAuthenticators() {
        KeycloakAdmin admin = TestKeycloak.admin();
        Map<String, List<String>> roleGroups = JitRealm.ACME_ROLE_GROUPS;
        JitRealm jit = JitRealm.create(admin, "bench-jit", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                roleGroups, Map.of("premium", 100_000, "standard", 100_000), Map.of()));
        JitRealm stock = JitRealm.create(admin, "bench-stock", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                roleGroups, Map.of("premium", 100_000, "standard", 100_000), Map.of()));
        disableProvisioningExecutions(admin, stock.name());
        JitRealm plain = JitRealm.create(admin, "bench-plain", "enterprise-seats", p -> { });

        Samples jitFirst = new Samples();
        Samples stockFirst = new Samples();
        Samples jitRepeat = new Samples();
        Samples stockRepeat = new Samples();
        Samples plainFirst = new Samples();
        Samples plainRepeat = new Samples();
        List<String> groups = List.of("acme-staff", "acme-admins", "everyone");
        for (int i = 0; i < WARMUP + ITERATIONS; i++) {
            boolean record = i >= WARMUP;
            String user = "user" + i;
            // the two compared arms take turns going first, so neither always follows the same request
            if (i % 2 == 0) {
                time(record, jitFirst, jit, user, groups);
                time(record, stockFirst, stock, user, groups);
                time(record, jitRepeat, jit, user, groups);
                time(record, stockRepeat, stock, user, groups);
            } else {
                time(record, stockFirst, stock, user, groups);
                time(record, jitFirst, jit, user, groups);
                time(record, stockRepeat, stock, user, groups);
                time(record, jitRepeat, jit, user, groups);
            }
            time(record, plainFirst, plain, user, groups);
            time(record, plainRepeat, plain, user, groups);
        }

        new BenchTable("jit-login", "JIT: brokered login latency with the extension's authenticators versus the"
                + " same flows without them")
                .row(new BenchTable.Row("first login p50", jitFirst.percentile(50), "same flows, no authenticators",
                        stockFirst.percentile(50), "ms", 1.10, true))
                .row(new BenchTable.Row("first login p95", jitFirst.percentile(95), "same flows, no authenticators",
                        stockFirst.percentile(95), "ms", 1.10, true))
                .row(new BenchTable.Row("repeat login p50", jitRepeat.percentile(50), "same flows, no authenticators",
                        stockRepeat.percentile(50), "ms", 1.10, true))
                .row(new BenchTable.Row("repeat login p95", jitRepeat.percentile(95), "same flows, no authenticators",
                        stockRepeat.percentile(95), "ms", 1.10, true))
                .row(new BenchTable.Row("first login p50", jitFirst.percentile(50),
                        "Keycloak default flows (no post-broker flow)", plainFirst.percentile(50), "ms",
                        Double.NaN, true))
                .row(new BenchTable.Row("repeat login p50", jitRepeat.percentile(50),
                        "Keycloak default flows (no post-broker flow)", plainRepeat.percentile(50), "ms",
                        Double.NaN, true))
                .note("A login is the whole browser round trip: Keycloak authorization endpoint, mock-oauth2-server"
                        + " login form with a groups claim, broker callback, first-broker-login (and post-broker-login)"
                        + " flows, code-to-token exchange. " + ITERATIONS + " logins per arm after " + WARMUP
                        + " warm-up ones, arms interleaved (the two compared ones taking turns to go first), one"
                        + " client thread; Keycloak start-dev (H2) and the mock IdP share the machine.")
                .publish();
    }

    /**
     * Sets the two provisioning executions of the realm's provisioning flows to DISABLED. A post-broker-login flow
     * needs one execution that succeeds: Keycloak's built-in "Allow access" takes the place of ours.
     */
    private static void disableProvisioningExecutions(KeycloakAdmin admin, String realm) {
        for (String flow : List.of("provisioning first broker login", "provisioning post broker login")) {
            String path = "/admin/realms/" + realm + "/authentication/flows/"
                    + java.net.URLEncoder.encode(flow, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                    + "/executions";
            if (flow.contains("post")) {
                KeycloakAdmin.ok(admin.post(path + "/execution", "{\"provider\":\"allow-access-authenticator\"}"));
            }
            for (com.fasterxml.jackson.databind.JsonNode e : KeycloakAdmin.ok(admin.get(path)).json()) {
                String provider = e.path("providerId").asText();
                com.fasterxml.jackson.databind.node.ObjectNode update =
                        (com.fasterxml.jackson.databind.node.ObjectNode) e;
                if (provider.startsWith("provisioning-jit-")) {
                    update.put("requirement", "DISABLED");
                    KeycloakAdmin.ok(admin.put(path, update));
                } else if (provider.equals("allow-access-authenticator")) {
                    update.put("requirement", "REQUIRED");
                    KeycloakAdmin.ok(admin.put(path, update));
                }
            }
        }
        if (KeycloakAdmin.ok(admin.get("/admin/realms/" + realm + "/provisioning/broker-flows")).json().get(0)
                .get("wired").asBoolean()) {
            throw new IllegalStateException("the baseline realm still runs the provisioning authenticators");
        }
    }

    private static void time(boolean record, Samples samples, JitRealm realm, String user, List<String> groups) {
        long start = System.nanoTime();
        BrokeredLogin.Result r = realm.loginWithGroups(user, groups);
        long elapsed = System.nanoTime() - start;
        if (!r.loggedIn()) {
            throw new IllegalStateException("login of " + user + " in " + realm.name() + " failed: " + r.status());
        }
        if (record) {
            samples.addNanos(elapsed);
        }
    }
}
