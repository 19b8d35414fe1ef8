package io.kcprovisioning.outbound;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderEvent;

/** Removes a target's rows with the target, and every outbound row of a realm with the realm, in that transaction. */
final class TargetRows {

    private static final Logger LOG = Logger.getLogger(TargetRows.class);

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

    /**
     * Makes a target's one row of {@code type} ({@code make} builds it) if it is not there yet, in a transaction
     * of its own, once per node ({@code made}: the targets whose row this node has seen made); two nodes making it
     * at once: the loser finds it made.
     */
    static void ensure(KeycloakSessionFactory factory, java.util.Set<String> made, String targetId, Class<?> type,
            java.util.function.Supplier<Object> make) {
        if (made.contains(targetId)) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = em(s);
                if (em.find(type, targetId) == null) {
                    em.persist(make.get());
                }
            });
            made.add(targetId);
        } catch (RuntimeException raced) {
            LOG.debugf("%s of target %s made concurrently: %s", type.getSimpleName(), targetId, raced.toString());
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
