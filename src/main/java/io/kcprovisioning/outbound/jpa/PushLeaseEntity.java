package io.kcprovisioning.outbound.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * At most one push per target runs in the cluster: the node that runs it holds this row's lease (taken with one
 * conditional UPDATE, renewed after every batch, dropped at the end; a crashed node's lease runs out).
 */
@Entity
@Table(name = "PROV_PUSH_LEASE")
public class PushLeaseEntity {

    @Id
    @Column(name = "TARGET_ID", length = 36)
    private String targetId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "JOB_ID", length = 36)
    private String jobId;

    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

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

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }
}
