package io.kcprovisioning.store;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the provider type of the policy component, so Keycloak can validate it on every write path. */
public final class ProvisioningPolicySpi implements Spi {

    public static final String NAME = "provisioning-policy";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ProvisioningPolicyProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ProvisioningPolicyProviderFactory.class;
    }
}
