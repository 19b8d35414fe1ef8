package io.kcprovisioning.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.store.jpa.MemberEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Who is in a policy group, on Keycloak's side: the members whose IdP groups (as the directory or the IdP last sent
 * them, kept on the member row) include it, and the members of the realm's top-level Keycloak group of that name
 * (an admin's assignment, or Keycloak's own IdP mappers). Only members the target's scope holds count.
 */
final class GroupMembers {

    private static final int BATCH = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;

    GroupMembers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = Outbox.em(session);
    }

    /** The group as {@code target} should see it now. */
    GroupSnapshot snapshot(TargetSettings target, String resourceId) {
        OutboxLinkEntity link = em.find(OutboxLinkEntity.class,
                Outbox.rowId(target.id(), Outbox.GROUP, resourceId));
        String remoteId = link == null ? null : link.getRemoteId();
        Optional<String> group = target.pushGroups()
                ? PolicyGroups.byResourceId(RealmPolicyStore.get(realm), resourceId) : Optional.empty();
        if (group.isEmpty()) {
            return new GroupSnapshot(resourceId, null, remoteId, List.of(), 0);
        }
        List<String> members = members(target, group.get());
        Map<String, String> remote = remoteIds(target, members);
        List<String> memberIds = members.stream().map(remote::get).filter(id -> id != null).toList();
        return new GroupSnapshot(resourceId, group.get(), remoteId, memberIds, members.size() - memberIds.size());
    }

    /** The ids of the users in {@code group} that {@code target}'s scope holds, in a stable order. */
    List<String> members(TargetSettings target, String group) {
        Set<String> candidates = new LinkedHashSet<>(byIdpGroup(group));
        keycloakGroup(group).ifPresent(g -> session.users().getGroupMembersStream(realm, g)
                .map(UserModel::getId).forEach(candidates::add));
        List<String> held = new ArrayList<>();
        for (List<String> batch : batches(new ArrayList<>(candidates))) {
            em.createQuery("select m from MemberEntity m where m.realmId = :realmId and m.userId in :ids",
                            MemberEntity.class)
                    .setParameter("realmId", realm.getId()).setParameter("ids", batch).getResultList().stream()
                    .filter(m -> m.getState() == MemberState.ACTIVE
                            && target.scope().holds(m.getRoleKey(), m.getTierKey()))
                    .map(MemberEntity::getUserId).sorted().forEach(held::add);
        }
        return held;
    }

    /** The policy groups a user is in (by IdP group or Keycloak group), whatever its standing. */
    List<String> groupsOf(String userId) {
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        List<String> mapped = PolicyGroups.of(policy);
        if (mapped.isEmpty()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        em.createNamedQuery("provMemberByUser", MemberEntity.class).setParameter("realmId", realm.getId())
                .setParameter("userId", userId).getResultList().forEach(m -> names.addAll(m.getIdpGroups()));
        UserModel user = OutboxClaims.storedUser(session, realm, userId);
        if (user != null) {
            user.getGroupsStream().filter(g -> g.getParentId() == null).map(GroupModel::getName)
                    .forEach(names::add);
        }
        return PolicyGroups.mapped(policy, names);
    }

    /** Members whose recorded IdP groups include {@code group}: found by the stored JSON, then checked exactly. */
    private List<String> byIdpGroup(String group) {
        String quoted;
        try {
            quoted = ScimUserMapping.JSON.writeValueAsString(group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String like = "%" + quoted.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select USER_ID from PROV_MEMBER where REALM_ID = ?1"
                        + " and STATE = 'ACTIVE' and IDP_GROUPS like ?2 escape '!'")
                .setParameter(1, realm.getId()).setParameter(2, like).getResultList();
        List<String> exact = new ArrayList<>();
        for (List<String> batch : batches(ids)) {
            em.createQuery("select m from MemberEntity m where m.realmId = :realmId and m.userId in :ids",
                            MemberEntity.class)
                    .setParameter("realmId", realm.getId()).setParameter("ids", batch).getResultList().stream()
                    .filter(m -> m.getIdpGroups().contains(group)).map(MemberEntity::getUserId)
                    .forEach(exact::add);
        }
        return exact;
    }

    private Optional<GroupModel> keycloakGroup(String name) {
        return Optional.ofNullable(session.groups().getGroupByName(realm, null, name));
    }

    /** The target's ids of those users linked there. */
    private Map<String, String> remoteIds(TargetSettings target, Collection<String> userIds) {
        Map<String, String> remote = new HashMap<>();
        for (List<String> batch : batches(new ArrayList<>(userIds))) {
            em.createQuery("select l from OutboxLinkEntity l where l.targetId = :targetId and l.resourceType = :type"
                            + " and l.localId in :ids", OutboxLinkEntity.class)
                    .setParameter("targetId", target.id()).setParameter("type", Outbox.USER)
                    .setParameter("ids", batch).getResultList()
                    .forEach(l -> remote.put(l.getLocalId(), l.getRemoteId()));
        }
        return remote;
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            out.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
        }
        return out;
    }
}
