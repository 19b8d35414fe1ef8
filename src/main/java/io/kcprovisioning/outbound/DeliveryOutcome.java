package io.kcprovisioning.outbound;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What one delivery attempt came to, and what follows: delivered; retried later (408, 429, 5xx, network errors,
 * timeouts: the target may recover, so back off and try again, honouring Retry-After); or a dead letter (any other
 * 4xx: sending the same again will not help, so it waits for an admin, with the target's answer).
 *
 * @param retryAfterMillis the target's Retry-After in milliseconds, or -1
 * @param error            what went wrong, for the admin (the target's status and answer, cut short), or null
 */
public record DeliveryOutcome(Kind kind, long retryAfterMillis, String error) {

    public static final int MAX_ERROR = 2000;
    public static final long MAX_RETRY_AFTER_SECONDS = 24 * 3600;

    public enum Kind { DELIVERED, RETRY, DEAD }

    public static DeliveryOutcome delivered() {
        return new DeliveryOutcome(Kind.DELIVERED, -1, null);
    }

    public static DeliveryOutcome retry(String error) {
        return new DeliveryOutcome(Kind.RETRY, -1, cut(error));
    }

    public static DeliveryOutcome dead(String error) {
        return new DeliveryOutcome(Kind.DEAD, -1, cut(error));
    }

    /** The outcome of a target's answer to the last call of an attempt. */
    public static DeliveryOutcome of(String what, TargetHttp.Reply reply) {
        Kind kind = classify(reply.status());
        if (kind == Kind.DELIVERED) {
            return delivered();
        }
        String error = what + ": " + reply.status() + (reply.body() == null || reply.body().isBlank() ? ""
                : " " + reply.body().strip());
        long retryAfter = reply.retryAfterSeconds() == null ? -1 : reply.retryAfterSeconds() * 1000;
        return new DeliveryOutcome(kind, kind == Kind.RETRY ? retryAfter : -1, cut(error));
    }

    public static Kind classify(int status) {
        if (status >= 200 && status < 300) {
            return Kind.DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Kind.RETRY;
        }
        return Kind.DEAD;
    }

    /** Retry-After as seconds from now: delta-seconds or an HTTP date; null when unreadable; at most a day. */
    public static Long retryAfterSeconds(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.min(Math.max(0, (at - nowMillis + 999) / 1000), MAX_RETRY_AFTER_SECONDS);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    static String cut(String s) {
        if (s == null) {
            return null;
        }
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= MAX_ERROR ? flat : flat.substring(0, MAX_ERROR - 1) + "…";
    }
}
