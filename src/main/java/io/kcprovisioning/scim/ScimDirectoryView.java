package io.kcprovisioning.scim;

import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What Sync and previews read of the SCIM directory, a batch of users at a time. */
public final class ScimDirectoryView {

    private final ScimDirectory directory;

    public ScimDirectoryView(KeycloakSession session, RealmModel realm) {
        this.directory = new ScimDirectory(session, realm);
    }

    /** For each SCIM user among the ids: whether the directory has them active (users not in it are absent). */
    public Map<String, Boolean> activeFlags(Collection<String> userIds) {
        return directory.activeFlags(userIds, false);
    }

    /**
     * {@link #activeFlags}, each SCIM user's row locked for update until commit, as SCIM writes that change the user
     * or their groups lock it ({@code ScimDirectory#activeFlags}): what is read afterwards stays true until then.
     */
    public Map<String, Boolean> lockedActiveFlags(Collection<String> userIds) {
        return directory.activeFlags(userIds, true);
    }

    /** The group names (id, displayName, externalId) of each user's SCIM groups. */
    public Map<String, List<String>> groupNames(Collection<String> userIds) {
        Map<String, List<String>> out = new HashMap<>();
        directory.groupsOfUsers(userIds).forEach((userId, groups) -> {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (ScimGroupEntity g : groups) {
                names.add(g.getId());
                names.add(g.getDisplayName());
                if (g.getExternalId() != null) {
                    names.add(g.getExternalId());
                }
            }
            out.put(userId, List.copyOf(names));
        });
        return out;
    }

    /** SCIM users that have no member row yet, by id after {@code afterId}. */
    public List<ScimUserEntity> usersWithoutMemberRow(String afterId, int max) {
        return directory.entityManager().createQuery("select u from ScimUserEntity u where u.realmId = :realmId"
                        + " and u.id > :after and not exists (select m from MemberEntity m where m.realmId ="
                        + " u.realmId and m.userId = u.id) order by u.id", ScimUserEntity.class)
                .setParameter("realmId", directory.realmId())
                .setParameter("after", afterId)
                .setMaxResults(max)
                .getResultList();
    }
}
