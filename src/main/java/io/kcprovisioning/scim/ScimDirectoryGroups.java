package io.kcprovisioning.scim;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The groups the directory pushed, as admins see them when they map groups to roles and seat tiers. */
public final class ScimDirectoryGroups {

    /** One pushed group; any of id, externalId and displayName can be used in a mapping. */
    public record DirectoryGroup(String id, String displayName, String externalId, long members) {
    }

    private ScimDirectoryGroups() {
    }

    /** Groups whose displayName starts with {@code prefix} (case-insensitive; null for all), by name, paged. */
    public static List<DirectoryGroup> list(KeycloakSession session, RealmModel realm, String prefix, int first,
            int max) {
        ScimDirectory dir = new ScimDirectory(session, realm);
        String like = prefix == null || prefix.isBlank() ? "%"
                : ScimDirectory.lower(prefix.trim()).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return dir.entityManager().createQuery("select new " + DirectoryGroup.class.getName()
                        + "(g.id, g.displayName, g.externalId, (select count(m) from ScimMemberEntity m"
                        + " where m.groupId = g.id)) from ScimGroupEntity g where g.realmId = :realmId"
                        + " and g.displayNameLower like :prefix escape '!' order by g.displayNameLower, g.id",
                        DirectoryGroup.class)
                .setParameter("realmId", realm.getId())
                .setParameter("prefix", like)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }
}
