package io.kcprovisioning.scim.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/** A group pushed over SCIM: a directory group that admins can map to roles and seat tiers. */
@Entity
@Table(name = "PROV_SCIM_GROUP")
public class ScimGroupEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Nationalized
    @Column(name = "DISPLAY_NAME", length = 512, nullable = false)
    private String displayName;

    @Nationalized
    @Column(name = "DISPLAY_NAME_LOWER", length = 512, nullable = false)
    private String displayNameLower;

    @Nationalized
    @Column(name = "EXTERNAL_ID", length = 512)
    private String externalId;

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

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getDisplayNameLower() {
        return displayNameLower;
    }

    public void setDisplayNameLower(String displayNameLower) {
        this.displayNameLower = displayNameLower;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
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
