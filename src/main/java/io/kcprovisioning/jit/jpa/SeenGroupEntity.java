package io.kcprovisioning.jit.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/** A group-claim value an identity provider sent at a JIT login in a realm, and when it was last seen. */
@Entity
@Table(name = "PROV_SEEN_GROUP")
public class SeenGroupEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Nationalized
    @Column(name = "GROUP_VALUE", length = 512, nullable = false)
    private String groupValue;

    @Nationalized
    @Column(name = "GROUP_VALUE_LOWER", length = 512, nullable = false)
    private String groupValueLower;

    @Column(name = "LAST_SEEN", nullable = false)
    private long lastSeen;

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

    public String getGroupValue() {
        return groupValue;
    }

    public void setGroupValue(String groupValue) {
        this.groupValue = groupValue;
    }

    public String getGroupValueLower() {
        return groupValueLower;
    }

    public void setGroupValueLower(String groupValueLower) {
        this.groupValueLower = groupValueLower;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long lastSeen) {
        this.lastSeen = lastSeen;
    }
}
