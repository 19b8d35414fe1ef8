package io.kcprovisioning.admin.resource;

import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import java.time.Instant;

/**
 * A SCIM connection token as the admin API shows it. {@code token} (the secret) is present only in the answer to
 * the request that created it.
 */
record ScimTokenRepresentation(String id, String name, String token, String created, String expiresAt,
        String lastUsed, boolean revoked, boolean expired) {

    static ScimTokenRepresentation of(ScimTokenEntity t, String secret) {
        long now = System.currentTimeMillis();
        return new ScimTokenRepresentation(t.getId(), t.getName(), secret, iso(t.getCreated()), iso(t.getExpires()),
                iso(t.getLastUsed()), t.isRevoked(), t.getExpires() != null && t.getExpires() <= now);
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** The body of a token creation request. */
    record CreateRequest(String name, String expiresAt) {
    }
}
