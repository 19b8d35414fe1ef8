package io.kcprovisioning.outbound;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers the provider type of the outbound target components, so Keycloak validates them on every write path. */
public final class OutboundTargetSpi implements Spi {

    public static final String NAME = "provisioning-outbound-target";

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
        return OutboundTargetProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OutboundTargetProviderFactory.class;
    }
}
