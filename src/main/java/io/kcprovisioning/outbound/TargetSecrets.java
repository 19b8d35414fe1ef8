package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.TargetSecretEntity;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/**
 * A target's secret: a Keycloak vault reference ({@code ${vault.key}}, resolved at each use), or a value stored
 * encrypted in {@code PROV_OUTBOUND_SECRET} with the realm's active AES key. Never returned, exported or logged.
 */
public final class TargetSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeycloakSession session;
    private final RealmModel realm;

    public TargetSecrets(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public boolean isStored(String targetId) {
        return em().find(TargetSecretEntity.class, targetId) != null;
    }

    /** Stores {@code secret} encrypted for the target, replacing any stored before. */
    public void store(String targetId, String secret) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + realm.getName() + " has no active AES key to encrypt with");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key.getSecretKey(), nonce, targetId,
                secret.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        EntityManager em = em();
        TargetSecretEntity row = em.find(TargetSecretEntity.class, targetId);
        boolean fresh = row == null;
        if (fresh) {
            row = new TargetSecretEntity();
            row.setTargetId(targetId);
            row.setRealmId(realm.getId());
        }
        row.setKid(key.getKid());
        row.setSecret(Base64.getEncoder().encodeToString(out));
        if (fresh) {
            em.persist(row);
        }
    }

    public void remove(String targetId) {
        TargetSecretEntity row = em().find(TargetSecretEntity.class, targetId);
        if (row != null) {
            em().remove(row);
        }
    }

    /** The target's secret in clear, for one use; empty when neither a vault reference nor a stored one is there. */
    public Optional<String> resolve(TargetSettings target) {
        String ref = target.auth().secretRef();
        if (ref != null) {
            try (VaultStringSecret vaulted = session.vault().getStringSecret(ref)) {
                return vaulted.get();
            }
        }
        TargetSecretEntity row = em().find(TargetSecretEntity.class, target.id());
        if (row == null) {
            return Optional.empty();
        }
        KeyWrapper key = session.keys().getKey(realm, row.getKid(), KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            return Optional.empty(); // the key it was sealed with was removed: the admin must enter it again
        }
        byte[] in = Base64.getDecoder().decode(row.getSecret());
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(in, 0, nonce, 0, NONCE_BYTES);
        byte[] sealed = new byte[in.length - NONCE_BYTES];
        System.arraycopy(in, NONCE_BYTES, sealed, 0, sealed.length);
        return Optional.of(new String(crypt(Cipher.DECRYPT_MODE, key.getSecretKey(), nonce, target.id(), sealed),
                StandardCharsets.UTF_8));
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String targetId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(targetId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
                    + " a target secret", e);
        }
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
