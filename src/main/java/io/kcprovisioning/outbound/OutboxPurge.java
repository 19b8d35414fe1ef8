package io.kcprovisioning.outbound;

import org.keycloak.models.KeycloakSession;

/**
 * Deletes the outbox rows of changes delivered (or skipped) longer ago than the retention: only {@link
 * OutboxState#IDLE} rows, never one that is pending, in flight or dead, and never a link (the remote ids outlive
 * the rows). A later change to the resource makes its row again ({@link Outbox#record}). A change recorded while
 * the purge runs is safe: its UPDATE locks the row, the purge's DELETE then finds it pending and leaves it.
 */
final class OutboxPurge {

    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private OutboxPurge() {
    }

    /** Purges, in the caller's transaction; returns how many rows. */
    static int purge(KeycloakSession session, int retentionDays, long now) {
        return Outbox.em(session).createQuery("delete from OutboxEntity o where o.state = :idle"
                        + " and o.updated < :cutoff")
                .setParameter("idle", OutboxState.IDLE).setParameter("cutoff", now - retentionDays * DAY_MILLIS)
                .executeUpdate();
    }
}
