package io.kcprovisioning.testing;

import java.util.Locale;

/**
 * The database server a test's Keycloak runs on, besides the embedded H2 of {@code start-dev}: chosen for the whole
 * test JVM by {@code -Dit.db} ({@code postgres} or {@code mariadb}; unset, the shared test server runs on H2 and the
 * servers and clusters that need a database server run on PostgreSQL). The {@code mariadb} execution of failsafe
 * runs the tests tagged {@link #TAG} with {@code -Dit.db=mariadb}.
 */
public enum DatabaseServer {
    POSTGRES("postgres"),
    MARIADB("mariadb");

    /** The JUnit tag of the tests that run on every database (the ones that touch the extension's tables). */
    public static final String TAG = "databases";

    private final String kcDb;

    DatabaseServer(String kcDb) {
        this.kcDb = kcDb;
    }

    /** The database chosen by {@code -Dit.db}, or null when none is (the shared test server then runs on H2). */
    public static DatabaseServer chosen() {
        String db = System.getProperty("it.db", "").trim().toLowerCase(Locale.ROOT);
        return switch (db) {
            case "", "h2", "dev-file" -> null;
            case "postgres", "postgresql" -> POSTGRES;
            case "mariadb" -> MARIADB;
            default -> throw new IllegalArgumentException("-Dit.db=" + db + ": h2, postgres or mariadb");
        };
    }

    /** The database of servers that need a database server (clusters): the chosen one, PostgreSQL by default. */
    public static DatabaseServer forServers() {
        DatabaseServer chosen = chosen();
        return chosen == null ? POSTGRES : chosen;
    }

    /** Keycloak's {@code --db} value. */
    public String kcDb() {
        return kcDb;
    }

    public String user() {
        return this == POSTGRES ? Postgres.USER : Mariadb.USER;
    }

    public String password() {
        return this == POSTGRES ? Postgres.PASSWORD : Mariadb.PASSWORD;
    }

    public String jdbcUrl(String database) {
        return this == POSTGRES ? Postgres.jdbcUrl(database) : Mariadb.jdbcUrl(database);
    }

    /** Creates a fresh, empty database (dropping one of that name first) and returns its JDBC URL. */
    public String freshDatabase(String name) {
        return this == POSTGRES ? Postgres.freshDatabase(name) : Mariadb.freshDatabase(name);
    }

    /** Drops a database the tests created (after its servers stopped). */
    public void dropDatabase(String name) {
        if (this == POSTGRES) {
            Postgres.dropDatabase(name);
        } else {
            Mariadb.dropDatabase(name);
        }
    }

    @Override
    public String toString() {
        return kcDb;
    }
}
