package io.kcprovisioning.testing;

/**
 * The Keycloak server that integration tests share: started once per test JVM ({@code start-dev}, embedded H2,
 * the features the demo uses, outbound SCIM targets allowed on loopback over http, since the test peers run there)
 * and stopped when the JVM exits. With {@code -Dit.db=postgres} or {@code -Dit.db=mariadb} it runs on a fresh
 * database of that server instead ({@code build}, then {@code start --optimized}, local caches), dropped at exit.
 */
public final class TestKeycloak {

    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    /** Why the server did not start: every later test fails at once with it, instead of starting it again. */
    private static RuntimeException failed;

    private TestKeycloak() {
    }

    public static synchronized KeycloakServer server() {
        if (failed != null) {
            throw new IllegalStateException("the shared test server did not start", failed);
        }
        if (server == null) {
            try {
                server = start();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        return server;
    }

    private static KeycloakServer start() {
        DatabaseServer db = DatabaseServer.chosen();
        if (db == null) {
            KeycloakServer started = KeycloakServer.builder("kc-dev").dev().outboundToLoopback().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-keycloak"));
            return started;
        }
        String database = "kc_shared_" + ProcessHandle.current().pid();
        String url = db.freshDatabase(database);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server != null) {
                server.stop();
            }
            db.dropDatabase(database);
        }, "stop-keycloak"));
        return KeycloakServer.builder("kc-" + db.kcDb()).database(db, url).arg("--cache=local")
                .outboundToLoopback().start();
    }

    /** The master realm's admin on the shared server. */
    public static synchronized KeycloakAdmin admin() {
        if (admin == null) {
            admin = KeycloakAdmin.master(server());
        }
        return admin;
    }
}
