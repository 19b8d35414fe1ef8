package io.kcprovisioning.members;

import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.store.jpa.MemberEntity;
import io.kcprovisioning.store.jpa.RowCreation;
import io.kcprovisioning.store.jpa.SeatUsageEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** JPA access to members and seat usage; every write happens in the caller's Keycloak transaction. */
final class MemberStore implements SeatCounters {

    private final KeycloakSession session;
    private final EntityManager em;

    MemberStore(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * The member row, locked for update until the end of the transaction. Its id is found first without a lock, then
     * the row is locked and read by id: on MySQL and MariaDB (REPEATABLE READ) a locking read that finds no row locks
     * the gap where it would go, and two first provisionings whose rows fall in one gap deadlock on their inserts.
     */
    Optional<MemberEntity> findForUpdate(String realmId, String userId) {
        return em.createQuery("select m.id from MemberEntity m where m.realmId = :realmId and m.userId = :userId",
                        String.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultList().stream().findFirst()
                .map(id -> em.find(MemberEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    Optional<MemberEntity> find(String realmId, String userId) {
        return em.createNamedQuery("provMemberByUser", MemberEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultList().stream().findFirst();
    }

    void persist(MemberEntity member) {
        em.persist(member);
    }

    /** Seats used per tier. */
    Map<String, Integer> seatsUsed(String realmId) {
        Map<String, Integer> used = new HashMap<>();
        em.createNamedQuery("provSeatsByRealm", SeatUsageEntity.class)
                .setParameter("realmId", realmId)
                .getResultList()
                .forEach(s -> used.put(s.getTierKey(), s.getUsed()));
        return used;
    }

    /** Seats used of one tier. */
    int seatsUsed(String realmId, String tierKey) {
        SeatUsageEntity usage = em.find(SeatUsageEntity.class, new SeatUsageEntity.Key(realmId, tierKey));
        return usage == null ? 0 : usage.getUsed();
    }

    @Override
    public boolean takeSeat(String realmId, String tierKey, int capacity) {
        if (capacity <= 0) {
            return false;
        }
        // the counter is made before the first UPDATE of it, never after: on MySQL and MariaDB (REPEATABLE READ) an
        // UPDATE that finds no row locks the gap where the row would go, until commit, and the insert in
        // createSeatRow's own transaction would wait for that lock, held by the transaction waiting for it
        if (!seatRowExists(realmId, tierKey)) {
            createSeatRow(realmId, tierKey);
        }
        return takeSeatOnce(realmId, tierKey, capacity) == 1;
    }

    /** Whether the tier's counter row exists, read without a lock (and without loading it). */
    private boolean seatRowExists(String realmId, String tierKey) {
        return !em.createQuery("select s.tierKey from SeatUsageEntity s where s.realmId = :realmId"
                        + " and s.tierKey = :tierKey", String.class)
                .setParameter("realmId", realmId)
                .setParameter("tierKey", tierKey)
                .getResultList().isEmpty();
    }

    private int takeSeatOnce(String realmId, String tierKey, int capacity) {
        return em.createNamedQuery("provTakeSeat")
                .setParameter("realmId", realmId)
                .setParameter("tierKey", tierKey)
                .setParameter("capacity", capacity)
                .executeUpdate();
    }

    @Override
    public void releaseSeat(String realmId, String tierKey) {
        em.createNamedQuery("provReleaseSeat")
                .setParameter("realmId", realmId)
                .setParameter("tierKey", tierKey)
                .executeUpdate();
    }

    private void createSeatRow(String realmId, String tierKey) {
        RowCreation.createIfMissing(session.getKeycloakSessionFactory(), SeatUsageEntity.class,
                new SeatUsageEntity.Key(realmId, tierKey), () -> {
                    SeatUsageEntity row = new SeatUsageEntity();
                    row.setRealmId(realmId);
                    row.setTierKey(tierKey);
                    row.setUsed(0);
                    return row;
                });
    }

    /** Members of a realm matching the optional filters, oldest state change first, paged in the database. */
    List<MemberEntity> list(String realmId, MemberState state, String roleKey, String tierKey, int first, int max) {
        StringBuilder jpql = new StringBuilder("select m from MemberEntity m where m.realmId = :realmId");
        if (state != null) {
            jpql.append(" and m.state = :state");
        }
        if (roleKey != null) {
            jpql.append(" and m.roleKey = :roleKey");
        }
        if (tierKey != null) {
            jpql.append(" and m.tierKey = :tierKey");
        }
        jpql.append(" order by m.stateSince, m.id");
        var query = em.createQuery(jpql.toString(), MemberEntity.class).setParameter("realmId", realmId);
        if (state != null) {
            query.setParameter("state", state);
        }
        if (roleKey != null) {
            query.setParameter("roleKey", roleKey);
        }
        if (tierKey != null) {
            query.setParameter("tierKey", tierKey);
        }
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    boolean anyActiveWithRole(String realmId, String roleKey) {
        return !em.createQuery("select m.id from MemberEntity m where m.realmId = :realmId and m.state = :active"
                        + " and m.roleKey = :roleKey", String.class)
                .setParameter("realmId", realmId)
                .setParameter("roleKey", roleKey)
                .setParameter("active", MemberState.ACTIVE)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** Members of the realm in this state for this tier. */
    long countInState(String realmId, MemberState state, String tierKey) {
        return em.createNamedQuery("provCountByStateOfTier", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("state", state)
                .setParameter("tierKey", tierKey)
                .getSingleResult();
    }

    /** Member counts by state and tier (tier null for members without one). */
    List<Object[]> countByStateAndTier(String realmId) {
        return em.createNamedQuery("provCountByStateAndTier", Object[].class)
                .setParameter("realmId", realmId)
                .getResultList();
    }
}
