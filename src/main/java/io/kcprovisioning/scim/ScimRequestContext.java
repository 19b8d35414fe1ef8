package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.exceptions.ForbiddenException;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The SCIM SDK's request context, carrying the Keycloak session, the realm and its policy to the handlers. */
final class ScimRequestContext extends Context {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningPolicy policy;

    ScimRequestContext(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy, String tokenId) {
        super(new TokenAuthorization(tokenId));
        this.session = session;
        this.realm = realm;
        this.policy = policy;
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
