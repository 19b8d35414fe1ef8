package io.kcprovisioning.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB server of the database tests: a local server (Debian's mariadb-server, started by {@code .ci/run})
 * with a user that may create databases. Each test class that asks gets a database of its own, in utf8mb4 with the
 * server's default collation, as an operator's {@code CREATE DATABASE} gives it.
 */
public final class Mariadb {

    public static final String HOST = System.getProperty("it.mariadb.host", "127.0.0.1");
    public static final String PORT = System.getProperty("it.mariadb.port", "3306");
    public static final String USER = System.getProperty("it.mariadb.user", "keycloak");
    public static final String PASSWORD = System.getProperty("it.mariadb.password", "keycloak");
    /** Driver options for every connection, Keycloak's too: {@code ?transactionIsolation=READ_COMMITTED}, say. */
    public static final String URL_OPTIONS = System.getProperty("it.mariadb.url-options", "");

    private Mariadb() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + PORT + "/" + database + URL_OPTIONS;
    }

    /** Creates a fresh, empty database (dropping one of that name first) and returns its JDBC URL. */
    public static String freshDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(""), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB is needed at " + jdbcUrl("") + " as " + USER
                    + " with the right to create databases (.ci/run sets it up): " + e.getMessage(), e);
        }
    }

    /** Drops a database the tests created (after its servers stopped). */
    public static void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(""), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            // left behind: the next run of the same name drops it first
        }
    }
}
