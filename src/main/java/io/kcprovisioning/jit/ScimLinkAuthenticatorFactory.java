package io.kcprovisioning.jit;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** "Provisioning: SCIM account link", the first broker login flow of realms in SCIM mode. */
public final class ScimLinkAuthenticatorFactory extends ProvisioningAuthenticatorFactory {

    public static final String PROVIDER_ID = "provisioning-scim-link";
    private static final ScimLinkAuthenticator SINGLETON = new ScimLinkAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Provisioning: SCIM account link";
    }

    @Override
    public String getHelpText() {
        return "SCIM mode: links a first brokered login to the account the directory pushed (same userName or"
                + " email), without the 'account already exists' step; refuses anyone else. Creates no user.";
    }
}
