package io.kcprovisioning.tokens;

import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.store.PolicySavedEvent;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderEvent;

/**
 * The client scope {@value #SCOPE} that carries the role and seat-tier claims. Created the first time a realm's
 * policy leaves Manual mode, as a realm default scope and on every existing OpenID Connect client; after that it is
 * the operator's (claim names are set on its mapper; removing it from a client is respected).
 */
public final class TokenClaimsScope {

    public static final String SCOPE = "provisioning";
    private static final Logger LOG = Logger.getLogger(TokenClaimsScope.class);

    private TokenClaimsScope() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof PolicySavedEvent saved && saved.policy().mode() != ProvisioningMode.MANUAL) {
            ensure(saved.session(), saved.realm());
        }
    }

    static void ensure(KeycloakSession session, RealmModel realm) {
        boolean exists = realm.getClientScopesStream().anyMatch(s -> SCOPE.equals(s.getName()));
        if (exists) {
            return;
        }
        ClientScopeModel scope = realm.addClientScope(SCOPE);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("Keycloak Provisioning: the member's role and seat tier");
        scope.setIncludeInTokenScope(false);
        scope.setDisplayOnConsentScreen(false);
        scope.addProtocolMapper(MembershipClaimsMapper.create("provisioning role and seat tier",
                MembershipClaimsMapper.DEFAULT_ROLE_CLAIM, MembershipClaimsMapper.DEFAULT_TIER_CLAIM));
        realm.addDefaultClientScope(scope, true);
        session.clients().getClientsStream(realm)
                .filter(c -> OIDCLoginProtocol.LOGIN_PROTOCOL.equals(c.getProtocol()) || c.getProtocol() == null)
                .filter(c -> !c.isBearerOnly())
                .forEach(c -> c.addClientScope(scope, true));
        LOG.infof("Realm %s: client scope '%s' created for the provisioning token claims", realm.getName(), SCOPE);
    }
}
