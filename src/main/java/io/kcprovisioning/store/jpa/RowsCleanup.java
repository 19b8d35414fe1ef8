package io.kcprovisioning.store.jpa;

import io.kcprovisioning.policy.MemberState;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Removes this extension's rows with what they belong to, in the same transaction: a removed user frees their
 * seat and takes their SCIM resource with them, a removed realm takes every row of the extension with it.
 */
final class RowsCleanup {

    private RowsCleanup() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent removed) {
            userRemoved(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            realmRemoved(removed.getKeycloakSession(), removed.getRealm());
        }
    }

    private static void userRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.createNamedQuery("provMemberByUser", MemberEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .getResultList()
                .forEach(m -> {
                    if (m.getState() == MemberState.ACTIVE && m.getTierKey() != null) {
                        em.createNamedQuery("provReleaseSeat")
                                .setParameter("realmId", realm.getId())
                                .setParameter("tierKey", m.getTierKey())
                                .executeUpdate();
                    }
                    em.remove(m);
                });
        // the user's SCIM resource goes with them
        em.createQuery("delete from ScimMemberEntity m where m.userId = :id").setParameter("id", user.getId())
                .executeUpdate();
        em.createQuery("delete from ScimAttributeEntity a where a.resourceId = :id").setParameter("id", user.getId())
                .executeUpdate();
        em.createQuery("delete from ScimUserEntity u where u.id = :id").setParameter("id", user.getId())
                .executeUpdate();
    }

    private static void realmRemoved(KeycloakSession session, RealmModel realm) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.createNamedQuery("provDeleteMembersByRealm").setParameter("realmId", realm.getId()).executeUpdate();
        em.createNamedQuery("provDeleteSeatsByRealm").setParameter("realmId", realm.getId()).executeUpdate();
        for (String entity : new String[] {"ScimMemberEntity", "ScimAttributeEntity", "ScimUserEntity",
                "ScimGroupEntity", "ScimTokenEntity", "SyncJobEntity", "SyncLeaseEntity", "SeenGroupEntity"}) {
            em.createQuery("delete from " + entity + " e where e.realmId = :realmId")
                    .setParameter("realmId", realm.getId()).executeUpdate();
        }
    }
}
