package io.kcprovisioning.scim.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Nationalized;

/**
 * One flattened attribute value of a SCIM resource, for filters on attributes that have no column of their own.
 * {@code path} is the lowercase attribute path without the core schema URN ({@code emails.value},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber}); {@code idx} is the element of
 * a multi-valued attribute the value belongs to (0 for single-valued ones), so that value paths
 * ({@code emails[type eq "work"].value}) compare sub-attributes of the same element.
 */
@Entity
@Table(name = "PROV_SCIM_ATTR")
public class ScimAttributeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "RESOURCE_ID", length = 36, nullable = false)
    private String resourceId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PATH", length = 255, nullable = false)
    private String path;

    @Column(name = "IDX", nullable = false)
    private int idx;

    @Nationalized
    @Column(name = "VALUE_LOWER", length = 1024)
    private String valueLower;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getResourceId() {
        return resourceId;
    }

    public void setResourceId(String resourceId) {
        this.resourceId = resourceId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public int getIdx() {
        return idx;
    }

    public void setIdx(int idx) {
        this.idx = idx;
    }

    public String getValueLower() {
        return valueLower;
    }

    public void setValueLower(String valueLower) {
        this.valueLower = valueLower;
    }
}
