package io.kcprovisioning.sync;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/** One Sync of one realm: its progress and, when it ended, its counts. */
@Entity
@Table(name = "PROV_SYNC_JOB")
public class SyncJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "TRIGGERED_BY", length = 16, nullable = false)
    private String triggeredBy;

    @Column(name = "NODE", length = 255)
    private String node;

    @Column(name = "STARTED", nullable = false)
    private long started;

    @Column(name = "FINISHED")
    private Long finished;

    @Column(name = "EXAMINED", nullable = false)
    private long examined;

    @Column(name = "APPLIED", nullable = false)
    private long applied;

    /** The changes the Sync's plan has to apply, once planned (null before, and for jobs of older versions). */
    @Column(name = "TOTAL")
    private Long total;

    @Nationalized
    @Column(name = "COUNTS", length = 2000)
    private String counts;

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

    public long getApplied() {
        return applied;
    }

    public void setApplied(long applied) {
        this.applied = applied;
    }

    public String getCounts() {
        return counts;
    }

    public void setCounts(String counts) {
        this.counts = counts;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
