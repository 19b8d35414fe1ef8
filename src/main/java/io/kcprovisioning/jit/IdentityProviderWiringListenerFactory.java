package io.kcprovisioning.jit;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Wires an identity provider that an admin adds after the policy was saved (admin console or admin REST), in the
 * same transaction as its creation, so that no IdP of a JIT or SCIM realm is left without the provisioning flows.
 * Keycloak publishes no provider event when an IdP is created, but it hands every admin event to global event
 * listeners, whatever the realm's event settings: this is one, and it acts on nothing but IdP creations.
 */
public final class IdentityProviderWiringListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "provisioning-idp-wiring";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getResourceType() != ResourceType.IDENTITY_PROVIDER
                        || event.getOperationType() != OperationType.CREATE || event.getRealmId() == null) {
                    return;
                }
                RealmModel realm = session.realms().getRealm(event.getRealmId());
                if (realm != null) {
                    BrokerFlows.identityProviderAdded(session, realm);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
