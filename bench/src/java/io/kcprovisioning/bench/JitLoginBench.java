package io.kcprovisioning.bench;

import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 3: brokered login latency (first login and repeat login, p50 and p95) through realms wired for JIT with
 * group mappings and seats, against a realm with the same identity provider and Keycloak's stock broker flows
 * (Manual mode). Same server, same upstream IdP, same scripted client, arms interleaved.
 */
class JitLoginBench {

    private static final int WARMUP = 20;
    private static final int ITERATIONS = 150;

    @Test
    void brokeredLoginWithAndWithoutTheAuthenticators() {
        KeycloakAdmin admin = TestKeycloak.admin();
        Map<String, List<String>> roleGroups = Map.of("owner", List.of("acme-owners"),
                "admin", List.of("acme-admins"), "user", List.of("acme-staff"));
        JitRealm jit = JitRealm.create(admin, "bench-jit", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                roleGroups, Map.of("premium", 100_000, "standard", 100_000), Map.of()));
        JitRealm stock = JitRealm.create(admin, "bench-stock", "enterprise-seats", p -> { });

        Samples jitFirst = new Samples();
        Samples stockFirst = new Samples();
        Samples jitRepeat = new Samples();
        Samples stockRepeat = new Samples();
        List<String> groups = List.of("acme-staff", "acme-admins", "everyone");
        for (int i = 0; i < WARMUP + ITERATIONS; i++) {
            boolean record = i >= WARMUP;
            String user = "user" + i;
            time(record, jitFirst, jit, user, groups);
            time(record, stockFirst, stock, user, groups);
            time(record, jitRepeat, jit, user, groups);
            time(record, stockRepeat, stock, user, groups);
        }

        new BenchTable("jit-login", "JIT: brokered login latency with the extension versus stock flows")
                .row(new BenchTable.Row("first login p50", jitFirst.percentile(50), "stock first login p50",
                        stockFirst.percentile(50), "ms", 1.10, true))
                .row(new BenchTable.Row("first login p95", jitFirst.percentile(95), "stock first login p95",
                        stockFirst.percentile(95), "ms", 1.10, true))
                .row(new BenchTable.Row("repeat login p50", jitRepeat.percentile(50), "stock repeat login p50",
                        stockRepeat.percentile(50), "ms", 1.10, true))
                .row(new BenchTable.Row("repeat login p95", jitRepeat.percentile(95), "stock repeat login p95",
                        stockRepeat.percentile(95), "ms", 1.10, true))
                .note("A login is the whole browser round trip: Keycloak authorization endpoint, mock-oauth2-server"
                        + " login form with a groups claim, broker callback, first-broker-login (and post-broker-login)"
                        + " flows, code-to-token exchange. " + ITERATIONS + " logins per arm after " + WARMUP
                        + " warm-up ones, arms interleaved, one client thread; Keycloak start-dev (H2) and the mock"
                        + " IdP share the machine.")
                .publish();
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
