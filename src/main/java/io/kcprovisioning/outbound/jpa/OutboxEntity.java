package io.kcprovisioning.outbound.jpa;

import io.kcprovisioning.outbound.OutboxState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one row of the outbox per (target, resource): changes to the resource coalesce into it ({@code seq} counts
 * them), and delivery always sends the resource's current state. A change is recorded by an UPDATE in the
 * transaction that makes it (so a rolled-back change leaves no trace); the row itself is made once, beforehand,
 * in a transaction of its own, as {@link OutboxState#IDLE} (see {@code Outbox}).
 */
@Entity
@Table(name = "PROV_OUTBOX")
public class OutboxEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "TARGET_ID", length = 36, nullable = false)
    private String targetId;

    @Column(name = "RESOURCE_TYPE", length = 16, nullable = false)
    private String resourceType;

    @Column(name = "RESOURCE_ID", length = 36, nullable = false)
    private String resourceId;

    @Convert(converter = OutboxStateConverter.class)
    @Column(name = "STATE", length = 16, nullable = false)
    private OutboxState state;

    /** Changes recorded so far; a delivery that started at a lower count is followed by another. */
    @Column(name = "SEQ", nullable = false)
    private long seq;

    /** Failed attempts in a row. */
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT", nullable = false)
    private long nextAttempt;

    @Column(name = "LEASE_OWNER", length = 255)
    private String leaseOwner;

    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

    /** What made the last change (jit, scim, sync, admin, keycloak). */
    @Column(name = "ORIGIN", length = 64)
    private String origin;

    @Column(name = "LAST_ERROR", length = 2000)
    private String lastError;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "UPDATED", nullable = false)
    private long updated;

    @Column(name = "DELIVERED")
    private Long delivered;

    /** When the change not yet delivered was first recorded (set as the row leaves idle or dead), or null. */
    @Column(name = "PENDING_SINCE")
    private Long pendingSince;

    /** When a full push found no user of this userName at the target (its create needs no lookup first), or null. */
    @Column(name = "ABSENT_SINCE")
    private Long absentSince;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getTargetId() {
        return targetId;
    }

    public void setTargetId(String targetId) {
        this.targetId = targetId;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getResourceId() {
        return resourceId;
    }

    public void setResourceId(String resourceId) {
        this.resourceId = resourceId;
    }

    public OutboxState getState() {
        return state;
    }

    public void setState(OutboxState state) {
        this.state = state;
    }

    public long getSeq() {
        return seq;
    }

    public void setSeq(long seq) {
        this.seq = seq;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public long getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(long nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public void setLeaseOwner(String leaseOwner) {
        this.leaseOwner = leaseOwner;
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }

    public String getOrigin() {
        return origin;
    }

    public void setOrigin(String origin) {
        this.origin = origin;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public long getUpdated() {
        return updated;
    }

    public void setUpdated(long updated) {
        this.updated = updated;
    }

    public Long getDelivered() {
        return delivered;
    }

    public void setDelivered(Long delivered) {
        this.delivered = delivered;
    }

    public Long getPendingSince() {
        return pendingSince;
    }

    public void setPendingSince(Long pendingSince) {
        this.pendingSince = pendingSince;
    }

    public Long getAbsentSince() {
        return absentSince;
    }

    public void setAbsentSince(Long absentSince) {
        this.absentSince = absentSince;
    }
}
