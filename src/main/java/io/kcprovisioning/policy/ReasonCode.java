package io.kcprovisioning.policy;

/** Machine-readable reason of a decision; also the key of the user-facing message for refusals. */
public enum ReasonCode {
    MANUAL_MODE,
    NO_ROLE_CATALOG,
    LOWEST_ROLE,
    CURRENT_ROLE_KEPT,
    ROLE_FROM_GROUPS,
    NO_MAPPED_GROUP,
    NO_SEAT_AVAILABLE,
    MAPPED_TIER_FULL,
    /** SCIM mode: the user was not pushed by the directory, or was deactivated or deprovisioned by it. */
    NOT_PROVISIONED;

    /** Event-detail and message-key form: {@code no-mapped-group}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
