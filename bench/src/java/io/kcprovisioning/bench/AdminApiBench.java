package io.kcprovisioning.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Foundation: the admin API's policy read and write against Keycloak's own realm read and write, same server,
 * same run, interleaved.
 */
class AdminApiBench {

    private static final int WARMUP = 50;
    private static final int ITERATIONS = 400;

    @Test
    void policyReadAndWriteAgainstRealmReadAndWrite() {
        KeycloakAdmin admin = TestKeycloak.admin();
        String realm = RealmSetup.unique("bench-admin").create(admin);
        String policyPath = "/admin/realms/" + realm + "/provisioning/policy";
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm + "/provisioning/profiles/enterprise-seats/apply", null));
        ObjectNode policy = (ObjectNode) admin.get(policyPath).json();
        ObjectNode realmRep = (ObjectNode) admin.get("/admin/realms/" + realm).json();
        admin.token();

        Samples policyGet = new Samples();
        Samples realmGet = new Samples();
        Samples policyPut = new Samples();
        Samples realmPut = new Samples();
        for (int i = 0; i < WARMUP + ITERATIONS; i++) {
            boolean record = i >= WARMUP;
            // each PUT evicts the realm from Keycloak's cache, so the next request reloads it: an untimed realm read
            // before every timed call lets each one find the realm cached, and the arms take turns to go first
            Runnable warm = () -> KeycloakAdmin.ok(admin.get("/admin/realms/" + realm));
            Runnable getPolicy = () -> time(record, policyGet, () -> KeycloakAdmin.ok(admin.get(policyPath)));
            Runnable getRealm = () -> time(record, realmGet, () -> KeycloakAdmin.ok(admin.get("/admin/realms/"
                    + realm)));
            ((ObjectNode) policy.get("seatTiers").get(0)).put("capacity", i);
            Runnable putPolicy = () -> time(record, policyPut, () -> KeycloakAdmin.ok(admin.put(policyPath, policy)));
            realmRep.put("displayName", "Bench " + i);
            Runnable putRealm = () -> time(record, realmPut, () -> KeycloakAdmin.ok(admin.put("/admin/realms/" + realm,
                    realmRep)));
            boolean policyFirst = i % 2 == 0;
            for (Runnable call : policyFirst ? List.of(getPolicy, getRealm, putPolicy, putRealm)
                    : List.of(getRealm, getPolicy, putRealm, putPolicy)) {
                warm.run();
                call.run();
            }
        }

        new BenchTable("admin-api", "Admin API: policy versus realm (foundation)")
                .row(new BenchTable.Row("GET /provisioning/policy p50", policyGet.percentile(50),
                        "GET /admin/realms/{realm} p50", realmGet.percentile(50), "ms", 1.5, true))
                .row(new BenchTable.Row("GET /provisioning/policy p95", policyGet.percentile(95),
                        "GET /admin/realms/{realm} p95", realmGet.percentile(95), "ms", Double.NaN, true))
                .row(new BenchTable.Row("PUT /provisioning/policy p50", policyPut.percentile(50),
                        "PUT /admin/realms/{realm} p50", realmPut.percentile(50), "ms", 2.0, true))
                .row(new BenchTable.Row("PUT /provisioning/policy p95", policyPut.percentile(95),
                        "PUT /admin/realms/{realm} p95", realmPut.percentile(95), "ms", Double.NaN, true))
                .note(ITERATIONS + " interleaved iterations after " + WARMUP + " warm-up ones, policy and realm"
                        + " taking turns to go first, each call after an untimed realm read (a PUT evicts the realm from"
                        + " Keycloak's cache, which the next request reloads); one client thread, Keycloak start-dev (H2) on the"
                        + " same machine.")
                .publish();
    }

    private static void time(boolean record, Samples samples, Supplier<?> call) {
        long start = System.nanoTime();
        call.get();
        if (record) {
            samples.addNanos(System.nanoTime() - start);
        }
    }
}
