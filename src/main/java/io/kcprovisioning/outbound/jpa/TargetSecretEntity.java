package io.kcprovisioning.outbound.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A target's secret (token, password or client secret), encrypted with the realm's active AES key (AES-GCM, the
 * target's id as associated data). Kept apart from the target's component so that realm exports never carry it.
 */
@Entity
@Table(name = "PROV_OUTBOUND_SECRET")
public class TargetSecretEntity {

    @Id
    @Column(name = "TARGET_ID", length = 36)
    private String targetId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The id of the realm key it is encrypted with. */
    @Column(name = "KID", length = 255, nullable = false)
    private String kid;

    /** Base64 of the nonce followed by the ciphertext and tag. */
    @Column(name = "SECRET", length = 4000, nullable = false)
    private String secret;

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

    public String getKid() {
        return kid;
    }

    public void setKid(String kid) {
        this.kid = kid;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }
}
