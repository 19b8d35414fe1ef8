package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.OutboxStateConverter;
import jakarta.persistence.EntityManager;
import java.util.Locale;
import org.hibernate.Session;

/**
 * Makes a missing outbox row in the caller's own transaction, on the databases whose INSERT can leave a row another
 * transaction is making alone ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code ON DUPLICATE KEY UPDATE} on
 * MariaDB and MySQL): the loser of two concurrent first changes waits for the winner's commit and finds the row,
 * with no failed statement and no commit of its own. Elsewhere (H2, ...) {@link Outbox} makes the row in a short
 * transaction of its own instead.
 */
final class OutboxRowInserts {

    private static final String COLUMNS = "(ID, REALM_ID, TARGET_ID, RESOURCE_TYPE, RESOURCE_ID, STATE, SEQ, ATTEMPTS,"
            + " NEXT_ATTEMPT, LEASE_UNTIL, CREATED, UPDATED) values (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, 0, ?7, ?7)";
    private static final String IDLE = new OutboxStateConverter().convertToDatabaseColumn(OutboxState.IDLE);
    private static volatile String insert;

    private OutboxRowInserts() {
    }

    /** Makes the row, idle, unless it exists; false when this database needs a transaction of its own for it. */
    static boolean insertIfAbsent(EntityManager em, String id, String realmId, String targetId, String resourceType,
            String resourceId, long now) {
        String sql = insert(em);
        if (sql.isEmpty()) {
            return false;
        }
        em.createNativeQuery(sql).setParameter(1, id).setParameter(2, realmId).setParameter(3, targetId)
                .setParameter(4, resourceType).setParameter(5, resourceId).setParameter(6, IDLE)
                .setParameter(7, now).executeUpdate();
        return true;
    }

    private static String insert(EntityManager em) {
        String sql = insert;
        if (sql == null) {
            String product = em.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName())
                    .toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                sql = "insert into PROV_OUTBOX " + COLUMNS + " on conflict (ID) do nothing";
            } else if (product.contains("mariadb") || product.contains("mysql")) {
                sql = "insert into PROV_OUTBOX " + COLUMNS + " on duplicate key update ID = ID";
            } else {
                sql = "";
            }
            insert = sql;
        }
        return sql;
    }
}
