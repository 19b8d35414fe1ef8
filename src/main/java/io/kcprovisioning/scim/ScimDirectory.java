package io.kcprovisioning.scim;

import io.kcprovisioning.scim.jpa.ScimAttributeEntity;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimMemberEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** JPA access to the SCIM directory of one realm: users, groups, memberships and the flattened attributes. */
final class ScimDirectory {

    /** Longest externalId and displayName kept (their columns); longer ones are refused. */
    static final int MAX_NAME = 512;
    /** Ids per {@code in (...)} list. */
    private static final int IN_LIST_CHUNK = 500;

    private final EntityManager em;
    private final String realmId;

    ScimDirectory(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realm.getId();
    }

    EntityManager entityManager() {
        return em;
    }

    String realmId() {
        return realmId;
    }

    // users

    Optional<ScimUserEntity> user(String id, boolean forUpdate) {
        ScimUserEntity u = forUpdate ? em.find(ScimUserEntity.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em.find(ScimUserEntity.class, id);
        return u == null || !realmId.equals(u.getRealmId()) ? Optional.empty() : Optional.of(u);
    }

    /** Which of these users exist in this realm; with {@code lock}, locked as {@link #activeFlags} says. */
    java.util.Set<String> existingUsers(Collection<String> ids, boolean lock) {
        return activeFlags(ids, lock).keySet();
    }

    /**
     * Whether each of these users that exists in this realm is active (the others are absent). With {@code lock},
     * each row is locked for update until commit, in id order, a chunk at a time (two writers never wait on each
     * other in a cycle): a group write locks every user whose membership it changes, as user writes lock their own
     * row, so that the re-decision of a user reads their final groups (two concurrent group writes adding one user
     * to two mapped groups each saw only its own group, and the one committed last decided) and a user DELETE
     * cannot leave a membership of theirs behind.
     */
    java.util.Map<String, Boolean> activeFlags(Collection<String> ids, boolean lock) {
        List<String> sorted = ids.stream().distinct().sorted().toList();
        java.util.Map<String, Boolean> found = new java.util.HashMap<>();
        for (int from = 0; from < sorted.size(); from += IN_LIST_CHUNK) {
            jakarta.persistence.TypedQuery<Object[]> query = em.createQuery("select u.id, u.active"
                            + " from ScimUserEntity u where u.realmId = :realmId and u.id in :ids order by u.id",
                            Object[].class)
                    .setParameter("realmId", realmId)
                    .setParameter("ids", sorted.subList(from, Math.min(sorted.size(), from + IN_LIST_CHUNK)));
            if (lock) {
                query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
            }
            query.getResultList().forEach(row -> found.put((String) row[0], (Boolean) row[1]));
        }
        return found;
    }

    Optional<ScimUserEntity> userByUserName(String userName) {
        return em.createQuery("select u from ScimUserEntity u where u.realmId = :realmId"
                        + " and u.userNameLower = :name", ScimUserEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("name", lower(userName))
                .getResultList().stream().findFirst();
    }

    void persist(Object entity) {
        em.persist(entity);
    }

    void remove(Object entity) {
        em.remove(entity);
    }

    // groups

    Optional<ScimGroupEntity> group(String id, boolean forUpdate) {
        ScimGroupEntity g = forUpdate ? em.find(ScimGroupEntity.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em.find(ScimGroupEntity.class, id);
        return g == null || !realmId.equals(g.getRealmId()) ? Optional.empty() : Optional.of(g);
    }

    Optional<ScimGroupEntity> groupByDisplayName(String displayName) {
        return em.createQuery("select g from ScimGroupEntity g where g.realmId = :realmId"
                        + " and g.displayNameLower = :name", ScimGroupEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("name", lower(displayName))
                .getResultList().stream().findFirst();
    }

    // memberships

    List<String> memberIds(String groupId) {
        return em.createQuery("select m.userId from ScimMemberEntity m where m.groupId = :groupId"
                        + " order by m.userId", String.class)
                .setParameter("groupId", groupId)
                .getResultList();
    }

    /** A group's member as a Group shows it: the user's id and the name to display (RFC 7643 section 4.2). */
    record MemberView(String userId, String display) {
    }

    /** A group's members with their display names (displayName, else userName), by user id. */
    List<MemberView> members(String groupId) {
        return em.createQuery("select m.userId, u.displayName, u.userName from ScimMemberEntity m"
                        + " left join ScimUserEntity u on u.id = m.userId where m.groupId = :groupId"
                        + " order by m.userId", Object[].class)
                .setParameter("groupId", groupId)
                .getResultList().stream()
                .map(r -> new MemberView((String) r[0], r[1] != null && !((String) r[1]).isBlank() ? (String) r[1]
                        : (String) r[2]))
                .toList();
    }

    /** The groups of a user (not deleted), in a stable order. */
    List<ScimGroupEntity> groupsOf(String userId) {
        return em.createQuery("select g from ScimGroupEntity g, ScimMemberEntity m where m.userId = :userId"
                        + " and m.groupId = g.id order by g.displayNameLower, g.id",
                        ScimGroupEntity.class)
                .setParameter("userId", userId)
                .getResultList();
    }

    /** The groups of several users at once (one query), by user id. */
    java.util.Map<String, List<ScimGroupEntity>> groupsOfUsers(Collection<String> userIds) {
        java.util.Map<String, List<ScimGroupEntity>> out = new java.util.HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createQuery("select m.userId, g from ScimGroupEntity g, ScimMemberEntity m"
                        + " where m.userId in :userIds and m.groupId = g.id order by g.displayNameLower, g.id",
                        Object[].class)
                .setParameter("userIds", userIds)
                .getResultList();
        for (Object[] row : rows) {
            out.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((ScimGroupEntity) row[1]);
        }
        return out;
    }

    void addMember(String groupId, String userId) {
        if (em.find(ScimMemberEntity.class, new ScimMemberEntity.Key(groupId, userId)) == null) {
            ScimMemberEntity m = new ScimMemberEntity();
            m.setGroupId(groupId);
            m.setUserId(userId);
            m.setRealmId(realmId);
            em.persist(m);
        }
    }

    void removeMember(String groupId, String userId) {
        ScimMemberEntity m = em.find(ScimMemberEntity.class, new ScimMemberEntity.Key(groupId, userId));
        if (m != null) {
            em.remove(m);
        }
    }

    /** Removes every membership of a user; returns the ids of the groups they were in. */
    List<String> removeUserFromAllGroups(String userId) {
        List<ScimMemberEntity> rows = em.createQuery("select m from ScimMemberEntity m where m.userId = :userId",
                ScimMemberEntity.class).setParameter("userId", userId).getResultList();
        List<String> groups = new ArrayList<>();
        for (ScimMemberEntity m : rows) {
            groups.add(m.getGroupId());
            em.remove(m);
        }
        return groups;
    }

    /** Removes every membership of a group; returns the ids of its members. */
    List<String> removeAllMembers(String groupId) {
        List<ScimMemberEntity> rows = em.createQuery("select m from ScimMemberEntity m where m.groupId = :groupId",
                ScimMemberEntity.class).setParameter("groupId", groupId).getResultList();
        List<String> users = new ArrayList<>();
        for (ScimMemberEntity m : rows) {
            users.add(m.getUserId());
            em.remove(m);
        }
        return users;
    }

    // flattened attributes

    void replaceAttributes(String resourceId, Collection<FlatValue> values) {
        em.createQuery("delete from ScimAttributeEntity a where a.resourceId = :id")
                .setParameter("id", resourceId).executeUpdate();
        insertAttributes(resourceId, values);
    }

    /** For a resource that has no flattened rows yet. */
    void insertAttributes(String resourceId, Collection<FlatValue> values) {
        for (FlatValue v : values) {
            ScimAttributeEntity a = new ScimAttributeEntity();
            a.setId(KeycloakModelUtils.generateId());
            a.setResourceId(resourceId);
            a.setRealmId(realmId);
            a.setPath(v.path());
            a.setIdx(v.idx());
            a.setValueLower(v.valueLower());
            em.persist(a);
        }
    }

    /** One flattened value to store. */
    record FlatValue(String path, int idx, String valueLower) {
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
