package io.kcprovisioning.outbound;

/**
 * The results one delivery round recorded for one target, in the order they came, as {@link TargetHealth} writes
 * them in one UPDATE: delivered changes and failed attempts, the failures after the last delivery (the failures in
 * a row this round leaves), and the last error and delivery. A round writes its target's health row once, not once
 * per result: every result waiting on that one row's lock was what held deliveries to a few hundred a second.
 */
final class HealthTally {

    private final String realmId;
    private final String targetName;
    private int delivered;
    private int failed;
    private int failuresSinceDelivery;
    private String lastError;
    private long lastErrorAt;
    private long lastDelivered;

    HealthTally(String realmId, String targetName) {
        this.realmId = realmId;
        this.targetName = targetName;
    }

    void add(DeliveryOutcome outcome, long at) {
        if (outcome.kind() == DeliveryOutcome.Kind.DELIVERED) {
            delivered++;
            failuresSinceDelivery = 0;
            lastDelivered = at;
        } else {
            failed++;
            failuresSinceDelivery++;
            lastError = outcome.error();
            lastErrorAt = at;
        }
    }

    String realmId() {
        return realmId;
    }

    String targetName() {
        return targetName;
    }

    /** Changes delivered this round. */
    int delivered() {
        return delivered;
    }

    /** Failed attempts this round. */
    int failed() {
        return failed;
    }

    /** Failed attempts after this round's last delivery (all of them when nothing was delivered). */
    int failuresSinceDelivery() {
        return failuresSinceDelivery;
    }

    String lastError() {
        return lastError;
    }

    long lastErrorAt() {
        return lastErrorAt;
    }

    long lastDelivered() {
        return lastDelivered;
    }
}
