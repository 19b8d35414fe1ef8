package io.kcprovisioning.outbound;

import org.keycloak.component.ComponentFactory;

/** Factory type of the target components; see {@link TargetComponentFactory}. */
public interface OutboundTargetProviderFactory extends ComponentFactory<OutboundTargetProvider, OutboundTargetProvider> {
}
