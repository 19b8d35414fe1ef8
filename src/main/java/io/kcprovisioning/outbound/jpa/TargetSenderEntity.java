package io.kcprovisioning.outbound.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Which node sends a target's changes: at most one node at a time per target, so the target's rate limit and the
 * order of its changes hold in the cluster. The node holds this row's lease while it has the target's changes to
 * send, renews it at every claim, and hands it back when it has none left; a crashed node's lease runs out
 * (see {@code TargetSenders}).
 */
@Entity
@Table(name = "PROV_OUTBOUND_SENDER")
public class TargetSenderEntity {

    @Id
    @Column(name = "TARGET_ID", length = 36)
    private String targetId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NODE", length = 255)
    private String node;

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

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }
}
