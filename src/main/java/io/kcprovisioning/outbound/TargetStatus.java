package io.kcprovisioning.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcprovisioning.outbound.jpa.TargetHealthEntity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * A target's health as the admin API and the console show it, from the database (so the same on every node):
 * rows per state, the age of the oldest change not yet delivered (pending or in flight), delivered changes and
 * failed attempts so far, the last delivery and error, the circuit, and the node sending the target's changes now
 * (null when none is).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TargetStatus(Map<String, Long> queue, Long oldestPendingSeconds, long delivered, long failed,
        String lastDelivered, LastError lastError, String circuit, int consecutiveFailures, String pausedSince,
        String sender) {

    public record LastError(String at, String message) {
    }

    public static TargetStatus read(KeycloakSession session, String targetId) {
        long now = System.currentTimeMillis();
        OutboxStatus outbox = new OutboxStatus(session);
        Map<String, Long> queue = new LinkedHashMap<>();
        outbox.counts(targetId).forEach((k, v) -> queue.put(k.name().toLowerCase(Locale.ROOT), v));
        Long oldest = outbox.oldestPending(targetId);
        TargetHealthEntity h = TargetHealth.read(session, targetId).orElse(null);
        Long oldestSeconds = oldest == null ? null : Math.max(0, (now - oldest) / 1000);
        String sender = TargetSenders.sender(session, targetId, now);
        if (h == null) {
            return new TargetStatus(queue, oldestSeconds, 0, 0, null, null, "closed", 0, null, sender);
        }
        return new TargetStatus(queue, oldestSeconds, h.getDelivered(), h.getFailed(), iso(h.getLastDelivered()),
                h.getLastErrorAt() == null ? null : new LastError(iso(h.getLastErrorAt()), h.getLastError()),
                h.getPausedSince() == null ? "closed" : "open", h.getConsecutiveFailures(), iso(h.getPausedSince()),
                sender);
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
