package io.kcprovisioning.jit;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** "Provisioning: JIT login", for the post-broker-login flow: role, tier and seat at every brokered login. */
public final class JitLoginAuthenticatorFactory extends ProvisioningAuthenticatorFactory {

    public static final String PROVIDER_ID = "provisioning-jit-login";
    private static final JitLoginAuthenticator SINGLETON = new JitLoginAuthenticator();

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
        return "Provisioning: JIT login";
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(BrokerFlows::onEvent);
    }

    @Override
    public String getHelpText() {
        return "Applies the realm's provisioning policy at every brokered login: grants the role and seat tier the"
                + " user's IdP groups give, takes a seat, or refuses. Use it in the post broker login flow.";
    }
}
