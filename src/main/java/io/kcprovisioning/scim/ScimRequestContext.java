package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ForbiddenException;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The SCIM SDK's request context, carrying the Keycloak session, the realm and its policy to the handlers. */
final class ScimRequestContext extends Context {

    private final ProvisioningPolicy policy;
    private final String clientAddress;
    private final boolean bulk;
    /** The request's session, or during a Bulk operation the operation's own. */
    private KeycloakSession session;
    private RealmModel realm;

    ScimRequestContext(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy, String tokenId,
            boolean bulk) {
        super(new TokenAuthorization(tokenId));
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.bulk = bulk;
        this.clientAddress = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
    }

    /**
     * Runs a write and flushes it, so that a constraint only the database enforces (an email another Keycloak user
     * holds) is this write's 409 rather than a failed commit after the response. In a Bulk request each operation
     * commits in a transaction of its own: one that fails undoes itself only, and the operations the response
     * reports as done stay done, as RFC 7644 section 3.7 has it (Bulk is not atomic). Any other request writes in
     * the request's transaction.
     */
    <T> T write(Supplier<T> work) {
        return bulk ? inOwnTransaction(() -> flushed(work), "SCIM bulk operation") : flushed(work);
    }

    /**
     * Runs a read. In a Bulk request it reads in a transaction of its own, so that it sees what the operations
     * before it committed: on MySQL and MariaDB (REPEATABLE READ) the request's transaction keeps reading the
     * snapshot it took first, in which a user the Bulk request created a moment ago does not exist.
     */
    <T> T read(Supplier<T> work) {
        return bulk ? inOwnTransaction(work, "SCIM bulk read") : work.get();
    }

    private <T> T inOwnTransaction(Supplier<T> work, String name) {
        KeycloakSession requestSession = session;
        RealmModel requestRealm = realm;
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(requestSession.getKeycloakSessionFactory(),
                    requestSession.getContext(), own -> {
                        session = own;
                        realm = own.realms().getRealm(requestRealm.getId());
                        own.getContext().setRealm(realm);
                        return work.get();
                    }, name);
        } finally {
            session = requestSession;
            realm = requestRealm;
        }
    }

    private <T> T flushed(Supplier<T> work) {
        T result = work.get();
        try {
            session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
        } catch (ModelDuplicateException e) {
            throw new ConflictException("A user or group holding one of these unique values (userName, email,"
                    + " displayName) exists already", ScimType.RFC7644.UNIQUENESS);
        }
        return result;
    }

    void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Whether reading a resource to patch it locks its row. Not in a Bulk request: the patch is written in the
     * operation's own transaction, which locks the row itself (a lock held by the request's transaction would
     * block it).
     */
    boolean lockToPatch() {
        return !bulk;
    }

    /** The client's address, for admin events. */
    String clientAddress() {
        return clientAddress;
    }

    static ScimRequestContext of(Context context) {
        return (ScimRequestContext) context;
    }

    /**
     * Sets the resource URLs when this extension answers a request itself (cursor paging) rather than the SDK.
     *
     * @param base     the endpoint's base URL, up to {@code /scim/v2}
     * @param endpoint {@code Users} or {@code Groups}
     */
    void useBaseUrl(String base, String endpoint) {
        setResourceReferenceUrl(id -> base + "/" + endpoint + "/" + id);
        setCrossResourceReferenceUrl((id, resourceName) -> base + "/"
                + ("Group".equals(resourceName) ? "Groups" : "Users") + "/" + id);
    }

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }

    ProvisioningPolicy policy() {
        return policy;
    }

    /** Writes need the realm to be in SCIM mode. */
    void requireScimMode() {
        if (policy.mode() != ProvisioningMode.SCIM) {
            throw new ForbiddenException("Realm '" + realm.getName() + "' is in provisioning mode '"
                    + policy.mode().wireName() + "': SCIM writes are accepted only in mode 'scim'");
        }
    }

    /** The connection token is the SCIM client; every token may use every endpoint of its realm. */
    private record TokenAuthorization(String tokenId) implements Authorization {

        @Override
        public String getClientId() {
            return tokenId;
        }

        @Override
        public Set<String> getClientRoles() {
            return Set.of();
        }

        @Override
        public boolean authenticate(java.util.Map<String, String> httpHeaders, java.util.Map<String, String> queryParams) {
            return true;
        }
    }
}
