package io.kcprovisioning.outbound.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How one target's deliveries have gone, cluster-wide: counts of delivered changes and failed attempts, failures in
 * a row, the last error and delivery, and since when the target is paused (its circuit open). Written only by
 * atomic UPDATEs ({@code x = x + 1}) in the transaction that records each delivery result, so nodes never overwrite
 * each other's counts (see {@code TargetHealth}).
 */
@Entity
@Table(name = "PROV_OUTBOUND_HEALTH")
public class TargetHealthEntity {

    @Id
    @Column(name = "TARGET_ID", length = 36)
    private String targetId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "DELIVERED", nullable = false)
    private long delivered;

    @Column(name = "FAILED", nullable = false)
    private long failed;

    @Column(name = "CONSECUTIVE_FAILURES", nullable = false)
    private int consecutiveFailures;

    @Column(name = "LAST_ERROR", length = 2000)
    private String lastError;

    @Column(name = "LAST_ERROR_AT")
    private Long lastErrorAt;

    @Column(name = "LAST_DELIVERED")
    private Long lastDelivered;

    /** Set when the circuit opened (nothing is claimed for the target until an admin resumes it), else null. */
    @Column(name = "PAUSED_SINCE")
    private Long pausedSince;

    public String getTargetId() {
        return targetId;
    }

    public void setTargetId(String targetId) {
        this.targetId = targetId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getDelivered() {
        return delivered;
    }

    public long getFailed() {
        return failed;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public String getLastError() {
        return lastError;
    }

    public Long getLastErrorAt() {
        return lastErrorAt;
    }

    public Long getLastDelivered() {
        return lastDelivered;
    }

    public Long getPausedSince() {
        return pausedSince;
    }
}
