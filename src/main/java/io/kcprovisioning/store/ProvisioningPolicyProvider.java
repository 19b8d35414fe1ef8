package io.kcprovisioning.store;

import io.kcprovisioning.policy.ProvisioningPolicy;
import org.keycloak.provider.Provider;

/**
 * The provider type of the realm component that stores a realm's provisioning policy. The component (one per
 * realm) carries the policy JSON in its {@code policy} config entry, so it is exported and imported with the realm
 * and replicated across nodes by Keycloak's realm cache.
 */
public interface ProvisioningPolicyProvider extends Provider {

    ProvisioningPolicy policy();

    @Override
    default void close() {
    }
}
