package io.kcprovisioning.admin.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcprovisioning.members.SeatUsage;
import java.util.List;

/**
 * The answer of {@code GET overview}: the realm's provisioning at a glance.
 *
 * @param seats      what {@code GET seats} answers
 * @param lastSync   the most recent Sync, as {@code GET sync/{id}} answers it; null when none ran
 * @param nextSyncAt when the schedule next syncs the realm (ISO-8601); null when it is off or the mode is Manual
 */
record OverviewRepresentation(String realm, String mode, String profile, boolean groupMappings,
        List<SeatUsage> seats, Members members, Scim scim,
        @JsonInclude(JsonInclude.Include.ALWAYS) SyncJobRepresentation lastSync,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextSyncAt,
        List<OverviewWarnings.Warning> warnings) {

    /** Members by state, counted in the database. */
    record Members(long active, long pending, long deprovisioned) {
    }

    /**
     * The SCIM connection.
     *
     * @param tokens     tokens that still work (neither revoked nor expired)
     * @param lastUsedAt the most recent use of any token (ISO-8601); null when none was used
     */
    record Scim(String baseUrl, long tokens, @JsonInclude(JsonInclude.Include.ALWAYS) String lastUsedAt) {
    }
}
