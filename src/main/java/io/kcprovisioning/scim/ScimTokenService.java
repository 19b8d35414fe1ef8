package io.kcprovisioning.scim;

import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Long-lived SCIM connection tokens: {@code kcp_<id>.<secret>}, 256 random bits of secret, shown once, stored as
 * the SHA-256 of the secret (a slow hash adds nothing for 256-bit random secrets), compared in constant time.
 */
public final class ScimTokenService {

    public static final String PREFIX = "kcp_";
    /** Compared against when the presented id is unknown: the hash of no secret anyone can present. */
    private static final String NO_TOKEN_HASH = "0".repeat(64);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often "last used" is written back, at most: a SCIM push of thousands of requests writes it once. */
    private static final long LAST_USED_RESOLUTION_MS = 60_000;

    private final RealmModel realm;
    private final EntityManager em;

    public ScimTokenService(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A newly created token and its secret, which is not stored and cannot be shown again. */
    public record Created(ScimTokenEntity token, String secret) {
    }

    public Created create(String name, Long expiresAtMillis) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ScimTokenEntity token = new ScimTokenEntity();
        token.setId(KeycloakModelUtils.generateId());
        token.setRealmId(realm.getId());
        token.setName(name);
        token.setSecretHash(sha256(secret));
        token.setCreated(System.currentTimeMillis());
        token.setExpires(expiresAtMillis);
        em.persist(token);
        return new Created(token, PREFIX + token.getId() + "." + secret);
    }

    public List<ScimTokenEntity> list() {
        return em.createQuery("select t from ScimTokenEntity t where t.realmId = :realmId order by t.created, t.id",
                        ScimTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .getResultList();
    }

    public Optional<ScimTokenEntity> find(String id) {
        ScimTokenEntity token = em.find(ScimTokenEntity.class, id);
        return token == null || !token.getRealmId().equals(realm.getId()) ? Optional.empty() : Optional.of(token);
    }

    /** Revokes a token of this realm; false when there is none with that id. */
    public boolean revoke(String id) {
        Optional<ScimTokenEntity> token = find(id);
        token.ifPresent(t -> t.setRevoked(true));
        return token.isPresent();
    }

    /**
     * The token a bearer value stands for, if it is this realm's, not revoked and not expired. Records the use.
     */
    public Optional<ScimTokenEntity> authenticate(String bearer) {
        if (bearer == null || !bearer.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = bearer.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1 || rest.length() > 200) {
            return Optional.empty();
        }
        String id = rest.substring(0, dot);
        String presented = sha256(rest.substring(dot + 1));
        // the same hashing and comparison whether or not the id exists, so timing does not tell which ids do
        ScimTokenEntity token = find(id).orElse(null);
        String stored = token == null ? NO_TOKEN_HASH : token.getSecretHash();
        boolean matches = MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
        long now = System.currentTimeMillis();
        if (token == null || !matches || token.isRevoked() || token.getExpires() != null && token.getExpires() <= now) {
            return Optional.empty();
        }
        if (token.getLastUsed() == null || now - token.getLastUsed() > LAST_USED_RESOLUTION_MS) {
            token.setLastUsed(now);
        }
        return Optional.of(token);
    }

    static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
