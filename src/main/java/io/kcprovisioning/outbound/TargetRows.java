package io.kcprovisioning.outbound;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/** Removes a target's rows with the target, and every outbound row of a realm with the realm, in that transaction. */
final class TargetRows {

    private static final String[] ENTITIES = {"TargetSecretEntity", "OutboxEntity", "OutboxLinkEntity",
            "TargetHealthEntity", "TargetSenderEntity", "PushJobEntity", "PushLeaseEntity"};

    private TargetRows() {
    }

    static void targetRemoved(KeycloakSession session, String targetId) {
        EntityManager em = em(session);
        for (String entity : ENTITIES) {
            em.createQuery("delete from " + entity + " e where e.targetId = :id").setParameter("id", targetId)
                    .executeUpdate();
        }
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmRemovedEvent removed) {
            EntityManager em = em(removed.getKeycloakSession());
            for (String entity : ENTITIES) {
                em.createQuery("delete from " + entity + " e where e.realmId = :realmId")
                        .setParameter("realmId", removed.getRealm().getId()).executeUpdate();
            }
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
