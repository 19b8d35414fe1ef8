package io.kcprovisioning.store.jpa;

import io.kcprovisioning.policy.MemberState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Nationalized;

/**
 * A user's standing in a realm: state, role, seat tier, why, and the IdP groups last seen. The state and the groups
 * are typed here and stored through converters ({@link MemberStateConverter}, {@link IdpGroupsConverter}) in the
 * same values as ever; queries compare the state through parameters, never through string literals.
 */
@Entity
@Table(name = "PROV_MEMBER")
@NamedQueries({
        @NamedQuery(name = "provMemberByUser",
                query = "select m from MemberEntity m where m.realmId = :realmId and m.userId = :userId"),
        @NamedQuery(name = "provCountByStateOfTier",
                query = "select count(m) from MemberEntity m where m.realmId = :realmId and m.state = :state"
                        + " and m.tierKey = :tierKey"),
        @NamedQuery(name = "provCountByStateAndTier",
                query = "select m.state, m.tierKey, count(m) from MemberEntity m where m.realmId = :realmId"
                        + " group by m.state, m.tierKey"),
        @NamedQuery(name = "provDeleteMembersByRealm",
                query = "delete from MemberEntity m where m.realmId = :realmId"),
})
public class MemberEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Convert(converter = MemberStateConverter.class)
    @Column(name = "STATE", length = 16, nullable = false)
    private MemberState state;

    @Column(name = "ROLE_KEY", length = 64)
    private String roleKey;

    @Column(name = "TIER_KEY", length = 64)
    private String tierKey;

    @Column(name = "SOURCE", length = 16)
    private String source;

    @Column(name = "REASON_CODE", length = 32)
    private String reasonCode;

    @Nationalized
    @Column(name = "REASON", length = 2000)
    private String reason;

    @Nationalized
    @Convert(converter = IdpGroupsConverter.class)
    @Column(name = "IDP_GROUPS")
    private List<String> idpGroups;

    @Column(name = "STATE_SINCE", nullable = false)
    private long stateSince;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public MemberState getState() {
        return state;
    }

    public void setState(MemberState state) {
        this.state = state;
    }

    public String getRoleKey() {
        return roleKey;
    }

    public void setRoleKey(String roleKey) {
        this.roleKey = roleKey;
    }

    public String getTierKey() {
        return tierKey;
    }

    public void setTierKey(String tierKey) {
        this.tierKey = tierKey;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getReasonCode() {
        return reasonCode;
    }

    public void setReasonCode(String reasonCode) {
        this.reasonCode = reasonCode;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    /** The IdP groups last seen, an empty list when none were stored. */
    public List<String> getIdpGroups() {
        return idpGroups == null ? List.of() : idpGroups;
    }

    public void setIdpGroups(List<String> idpGroups) {
        this.idpGroups = idpGroups;
    }

    public long getStateSince() {
        return stateSince;
    }

    public void setStateSince(long stateSince) {
        this.stateSince = stateSince;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
