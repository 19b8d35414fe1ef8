package io.kcprovisioning.console;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The public OIDC client the console signs in with ({@value #CLIENT_ID}): authorization code with PKCE only, its
 * URLs under the realm's console path. Created when missing, in the admin realm at start-up and in any other realm
 * the first time the console is served there; a client with that id that exists already is left as it is, and no
 * other client is touched. Its home URL makes the admin console's Clients list link to the console.
 */
public final class ConsoleClient {

    public static final String CLIENT_ID = "provisioning-console";
    private static final Logger LOG = Logger.getLogger(ConsoleClient.class);

    private ConsoleClient() {
    }

    /** The console's path in a realm, with the trailing slash. */
    static String consolePath(String realmName) {
        return "/realms/" + realmName + "/provisioning/console/";
    }

    /** Creates the client in the admin realm ({@code master}) unless it exists. */
    public static void ensureInAdminRealm(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealmByName(Config.getAdminRealm());
                if (realm != null) {
                    createIfMissing(session, realm);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Client %s not created in the admin realm: %s", CLIENT_ID, e.toString());
        }
    }

    /**
     * Creates the client in {@code realm} unless it exists, in a transaction of its own: a concurrent creation
     * elsewhere makes that transaction fail alone, never the caller's.
     */
    static void ensure(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return;
        }
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                if (r != null) {
                    createIfMissing(s, r);
                }
            });
        } catch (RuntimeException raced) {
            LOG.debugf("Client %s of realm %s created concurrently: %s", CLIENT_ID, realm.getName(),
                    raced.getMessage());
        }
    }

    private static void createIfMissing(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return;
        }
        session.getContext().setRealm(realm);
        ClientManager.createClient(session, realm, representation(realm.getName()));
        LOG.debugf("Created client %s in realm %s", CLIENT_ID, realm.getName());
    }

    static ClientRepresentation representation(String realmName) {
        String path = consolePath(realmName);
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(CLIENT_ID);
        rep.setName("Provisioning console");
        rep.setDescription("Keycloak Provisioning's console: the policy, group mappings, members, Sync, SCIM"
                + " connection and broker flows of the realms an admin manages");
        rep.setProtocol("openid-connect");
        rep.setEnabled(true);
        rep.setPublicClient(true);
        rep.setStandardFlowEnabled(true);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setConsentRequired(false);
        rep.setRootUrl("${authBaseUrl}");
        rep.setBaseUrl(path);
        rep.setRedirectUris(List.of(path + "*"));
        rep.setWebOrigins(List.of("+"));
        // Lightweight access tokens, as the admin console's own client has: a full token carries every role of
        // the admin, one client's worth per realm, and past about a hundred realms its Authorization header is
        // refused with 431 before any API answers. Keycloak's admin REST looks the roles up from the session.
        rep.setAttributes(Map.of(
                "post.logout.redirect.uris", path + "*",
                "pkce.code.challenge.method", "S256",
                Constants.USE_LIGHTWEIGHT_ACCESS_TOKEN_ENABLED, "true"));
        return rep;
    }
}
