package io.kcprovisioning.outbound;

import org.keycloak.provider.Provider;

/**
 * The provider type of the realm components that hold outbound SCIM targets (one component per target), so they
 * are exported and imported with the realm and replicated across nodes by Keycloak's realm cache.
 */
public interface OutboundTargetProvider extends Provider {

    TargetSettings settings();

    @Override
    default void close() {
    }
}
