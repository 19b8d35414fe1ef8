package io.kcprovisioning.store;

import io.kcprovisioning.policy.ProvisioningPolicy;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published (inside the saving transaction) whenever a realm's policy is created or changed, by any write path,
 * and after a realm that carries a policy was imported. Features react to it: JIT wires its flows.
 */
public record PolicySavedEvent(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy)
        implements ProviderEvent {
}
