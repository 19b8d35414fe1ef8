package io.kcprovisioning.testing;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Two Keycloak nodes on one database ({@code kc.sh build --db=postgres}, {@code start --optimized}; MariaDB with
 * {@code -Dit.db=mariadb}, see {@link DatabaseServer}), forming one Infinispan cluster over loopback (discovery
 * through the database): how the extension is tested for multi-node use.
 */
public final class KeycloakCluster implements AutoCloseable {

    private final List<KeycloakServer> nodes;
    private final DatabaseServer db;
    private final String database;

    private KeycloakCluster(List<KeycloakServer> nodes, DatabaseServer db, String database) {
        this.nodes = nodes;
        this.db = db;
        this.database = database;
    }

    /**
     * @param database         a fresh database of this name is created
     * @param syncIntervalSeconds the provisioning Sync schedule of both nodes
     */
    public static KeycloakCluster start(String database, int syncIntervalSeconds) {
        return start(database, syncIntervalSeconds, b -> b);
    }

    /** As {@link #start(String, int)}, each node's options completed by {@code options}. */
    public static KeycloakCluster start(String database, int syncIntervalSeconds,
            UnaryOperator<KeycloakServer.Builder> options) {
        DatabaseServer db = DatabaseServer.forServers();
        String url = db.freshDatabase(database);
        KeycloakServer a = node(database + "-node-a", db, url, FreePorts.next(), syncIntervalSeconds, options);
        try {
            KeycloakServer b = node(database + "-node-b", db, url, FreePorts.next(), syncIntervalSeconds, options);
            return new KeycloakCluster(List.of(a, b), db, database);
        } catch (RuntimeException e) {
            a.stop();
            throw e;
        }
    }

    private static KeycloakServer node(String name, DatabaseServer db, String url, int clusterPort,
            int syncIntervalSeconds,
            UnaryOperator<KeycloakServer.Builder> options) {
        return options.apply(KeycloakServer.builder(name))
                .arg("--spi-provisioning-policy--provisioning-policy--sync-interval=" + syncIntervalSeconds)
                .database(db, url)
                .arg("--cache=ispn")
                .arg("--cache-embedded-network-bind-address=127.0.0.1")
                .arg("--cache-embedded-network-bind-port=" + clusterPort)
                .start();
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    /** The database server the nodes run on. */
    public DatabaseServer db() {
        return db;
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::stop);
        db.dropDatabase(database);
    }
}
