package io.kcprovisioning.testing;

import java.util.List;

/**
 * Two Keycloak nodes on one PostgreSQL database ({@code kc.sh build --db=postgres}, {@code start --optimized}),
 * forming one Infinispan cluster over loopback (discovery through the database): how the extension is tested for
 * multi-node use.
 */
public final class KeycloakCluster implements AutoCloseable {

    private final List<KeycloakServer> nodes;

    private KeycloakCluster(List<KeycloakServer> nodes) {
        this.nodes = nodes;
    }

    public static KeycloakCluster start(String database) {
        String url = Postgres.freshDatabase(database);
        KeycloakServer a = node("node-a", url, FreePorts.next());
        try {
            KeycloakServer b = node("node-b", url, FreePorts.next());
            return new KeycloakCluster(List.of(a, b));
        } catch (RuntimeException e) {
            a.stop();
            throw e;
        }
    }

    private static KeycloakServer node(String name, String url, int clusterPort) {
        return KeycloakServer.builder(name)
                .postgres(url, Postgres.USER, Postgres.PASSWORD)
                .arg("--cache=ispn")
                .arg("--cache-embedded-network-bind-address=127.0.0.1")
                .arg("--cache-embedded-network-bind-port=" + clusterPort)
                .start();
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::stop);
    }
}
