package io.kcprovisioning.outbound.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/**
 * One full push or reconcile of one target: what it examined and queued into the outbox, and how it ended.
 * {@code total} is what it has to examine (members in the target's scope, plus the target's links for a
 * reconcile), known once it has counted them.
 */
@Entity
@Table(name = "PROV_PUSH_JOB")
public class PushJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "TARGET_ID", length = 36, nullable = false)
    private String targetId;

    /** {@code full} or {@code reconcile}. */
    @Column(name = "MODE", length = 16, nullable = false)
    private String mode;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Nationalized
    @Column(name = "TRIGGERED_BY", length = 255, nullable = false)
    private String triggeredBy;

    @Column(name = "NODE", length = 255)
    private String node;

    @Column(name = "STARTED", nullable = false)
    private long started;

    @Column(name = "FINISHED")
    private Long finished;

    @Column(name = "EXAMINED", nullable = false)
    private long examined;

    @Column(name = "TOTAL")
    private Long total;

    /** Users captured into the outbox to be sent as they are now. */
    @Column(name = "QUEUED", nullable = false)
    private long queued;

    /** Linked users captured to be deactivated or deleted at the target. */
    @Column(name = "DEPROVISIONED", nullable = false)
    private long deprovisioned;

    @Nationalized
    @Column(name = "ERROR", length = 2000)
    private String error;

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

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getTriggeredBy() {
        return triggeredBy;
    }

    public void setTriggeredBy(String triggeredBy) {
        this.triggeredBy = triggeredBy;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public long getStarted() {
        return started;
    }

    public void setStarted(long started) {
        this.started = started;
    }

    public Long getFinished() {
        return finished;
    }

    public void setFinished(Long finished) {
        this.finished = finished;
    }

    public long getExamined() {
        return examined;
    }

    public void setExamined(long examined) {
        this.examined = examined;
    }

    public Long getTotal() {
        return total;
    }

    public void setTotal(Long total) {
        this.total = total;
    }

    public long getQueued() {
        return queued;
    }

    public void setQueued(long queued) {
        this.queued = queued;
    }

    public long getDeprovisioned() {
        return deprovisioned;
    }

    public void setDeprovisioned(long deprovisioned) {
        this.deprovisioned = deprovisioned;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
