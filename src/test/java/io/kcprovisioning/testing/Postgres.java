package io.kcprovisioning.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server of the cluster tests: a local server (Debian's postgresql, started by {@code .ci/run})
 * with a role that may create databases. Each test run gets a database of its own.
 */
public final class Postgres {

    public static final String HOST = System.getProperty("it.pg.host", "127.0.0.1");
    public static final String PORT = System.getProperty("it.pg.port", "5432");
    public static final String USER = System.getProperty("it.pg.user", "keycloak");
    public static final String PASSWORD = System.getProperty("it.pg.password", "keycloak");

    private Postgres() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Creates a fresh, empty database (dropping one of that name first) and returns its JDBC URL. */
    public static String freshDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed at " + jdbcUrl("postgres") + " as " + USER
                    + " with CREATEDB (.ci/run sets it up): " + e.getMessage(), e);
        }
    }

    /** Drops a database the tests created (after its servers stopped). */
    public static void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // left behind: the next run of the same name drops it first
        }
    }
}
