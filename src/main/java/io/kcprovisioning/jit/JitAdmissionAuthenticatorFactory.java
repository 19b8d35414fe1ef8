package io.kcprovisioning.jit;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** "Provisioning: JIT admission", for the first-broker-login flow, before the user is created. */
public final class JitAdmissionAuthenticatorFactory extends ProvisioningAuthenticatorFactory {

    public static final String PROVIDER_ID = "provisioning-jit-admission";
    private static final JitAdmissionAuthenticator SINGLETON = new JitAdmissionAuthenticator();

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
        return "Provisioning: JIT admission";
    }

    @Override
    public String getHelpText() {
        return "Refuses, before the user is created, a brokered user whom the realm's provisioning policy refuses"
                + " (in no mapped group). Place it before 'Create User If Unique' in the first broker login flow.";
    }
}
