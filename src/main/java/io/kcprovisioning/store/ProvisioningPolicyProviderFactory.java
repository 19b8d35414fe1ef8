package io.kcprovisioning.store;

import org.keycloak.component.ComponentFactory;

/** Factory type of the policy component; see {@link PolicyComponentFactory}. */
public interface ProvisioningPolicyProviderFactory
        extends ComponentFactory<ProvisioningPolicyProvider, ProvisioningPolicyProvider> {
}
