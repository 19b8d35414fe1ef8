package io.kcprovisioning.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * Seats in use per realm and tier. Seats are taken with one conditional UPDATE ({@code used < capacity}), which
 * the database serialises per row: correct under concurrent logins and pushes on any number of nodes.
 */
@Entity
@Table(name = "PROV_SEAT_USAGE")
@IdClass(SeatUsageEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "provSeatsByRealm",
                query = "select s from SeatUsageEntity s where s.realmId = :realmId"),
        @NamedQuery(name = "provTakeSeat",
                query = "update SeatUsageEntity s set s.used = s.used + 1 where s.realmId = :realmId"
                        + " and s.tierKey = :tierKey and s.used < :capacity"),
        @NamedQuery(name = "provReleaseSeat",
                query = "update SeatUsageEntity s set s.used = s.used - 1 where s.realmId = :realmId"
                        + " and s.tierKey = :tierKey and s.used > 0"),
        @NamedQuery(name = "provSetSeatsUsed",
                query = "update SeatUsageEntity s set s.used = :used where s.realmId = :realmId"
                        + " and s.tierKey = :tierKey"),
        @NamedQuery(name = "provDeleteSeatsByRealm",
                query = "delete from SeatUsageEntity s where s.realmId = :realmId"),
})
public class SeatUsageEntity {

    @Id
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Id
    @Column(name = "TIER_KEY", length = 64, nullable = false)
    private String tierKey;

    @Column(name = "USED", nullable = false)
    private int used;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getTierKey() {
        return tierKey;
    }

    public void setTierKey(String tierKey) {
        this.tierKey = tierKey;
    }

    public int getUsed() {
        return used;
    }

    public void setUsed(int used) {
        this.used = used;
    }

    /** Composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String realmId;
        private String tierKey;

        public Key() {
        }

        public Key(String realmId, String tierKey) {
            this.realmId = realmId;
            this.tierKey = tierKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(realmId, k.realmId) && Objects.equals(tierKey, k.tierKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, tierKey);
        }
    }
}
