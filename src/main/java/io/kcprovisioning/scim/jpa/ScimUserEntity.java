package io.kcprovisioning.scim.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/**
 * A user pushed over SCIM. The id is the Keycloak user's id. Columns hold what filters, sorting and uniqueness
 * need; the resource itself is kept as JSON.
 */
@Entity
@Table(name = "PROV_SCIM_USER")
public class ScimUserEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Nationalized
    @Column(name = "USER_NAME", length = 255, nullable = false)
    private String userName;

    @Nationalized
    @Column(name = "USER_NAME_LOWER", length = 255, nullable = false)
    private String userNameLower;

    @Nationalized
    @Column(name = "EXTERNAL_ID", length = 512)
    private String externalId;

    @Nationalized
    @Column(name = "DISPLAY_NAME", length = 512)
    private String displayName;

    @Nationalized
    @Column(name = "GIVEN_NAME", length = 255)
    private String givenName;

    @Nationalized
    @Column(name = "FAMILY_NAME", length = 255)
    private String familyName;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    @Nationalized
    @Column(name = "RESOURCE")
    private String resource;

    @Column(name = "VERSION", nullable = false)
    private long version;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "LAST_MODIFIED", nullable = false)
    private long lastModified;

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

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getUserNameLower() {
        return userNameLower;
    }

    public void setUserNameLower(String userNameLower) {
        this.userNameLower = userNameLower;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getGivenName() {
        return givenName;
    }

    public void setGivenName(String givenName) {
        this.givenName = givenName;
    }

    public String getFamilyName() {
        return familyName;
    }

    public void setFamilyName(String familyName) {
        this.familyName = familyName;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public String getResource() {
        return resource;
    }

    public void setResource(String resource) {
        this.resource = resource;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public long getLastModified() {
        return lastModified;
    }

    public void setLastModified(long lastModified) {
        this.lastModified = lastModified;
    }
}
