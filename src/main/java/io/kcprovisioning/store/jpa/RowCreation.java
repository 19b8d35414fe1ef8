package io.kcprovisioning.store.jpa;

import jakarta.persistence.EntityManager;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Creates a row that several nodes may race to create (a tier's seat counter, a realm's Sync lease) in a short
 * transaction of its own: the loser's insert fails alone, the caller's transaction is untouched, and the row exists
 * either way.
 */
public final class RowCreation {

    private static final Logger LOG = Logger.getLogger(RowCreation.class);

    private RowCreation() {
    }

    public static <T> void createIfMissing(KeycloakSessionFactory factory, Class<T> type, Object id,
            Supplier<T> row) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                if (em.find(type, id) == null) {
                    em.persist(row.get());
                }
            });
        } catch (RuntimeException raced) {
            LOG.debugf("%s %s created concurrently: %s", type.getSimpleName(), id, raced.getMessage());
        }
    }
}
