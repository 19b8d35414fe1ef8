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

    private TestKeycloak() {
    }

    public static synchronized KeycloakServer server() {
        if (server == null) {
            DatabaseServer db = DatabaseServer.chosen();
            if (db == null) {
                server = KeycloakServer.builder("kc-dev").dev().outboundToLoopback().start();
                KeycloakServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-keycloak"));
            } else {
                String database = "kc_shared_" + ProcessHandle.current().pid();
                server = KeycloakServer.builder("kc-" + db.kcDb()).database(db, db.freshDatabase(database))
                        .buildArg("--cache=local").outboundToLoopback().start();
                KeycloakServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.stop();
                    db.dropDatabase(database);
                }, "stop-keycloak"));
            }
        }
        return server;
    }

    /** The master realm's admin on the shared server. */
    public static synchronized KeycloakAdmin admin() {
        if (admin == null) {
            admin = KeycloakAdmin.master(server());
        }
        return admin;
    }
}
