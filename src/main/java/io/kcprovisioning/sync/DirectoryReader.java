package io.kcprovisioning.sync;

import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.policy.DirectoryUser;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.scim.ScimDirectoryView;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import io.kcprovisioning.store.jpa.MemberEntity;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Streams a realm's directory users to a consumer, {@value #BATCH} at a time, each batch read in a transaction of
 * its own so that memory stays bounded whatever the realm's size:
 * <ul>
 * <li>every member (in JIT mode, deprovisioned members are left to their next login);</li>
 * <li>in SCIM mode, SCIM users with no member row yet. The groups of a SCIM user are their SCIM groups; anyone
 * else's are the IdP groups last seen at login.</li>
 * </ul>
 * The standing of each user is judged against {@code current} (the policy in force); the groups against whatever
 * policy the consumer plans for.
 */
final class DirectoryReader {

    static final int BATCH = 500;

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final ProvisioningPolicy current;

    DirectoryReader(KeycloakSessionFactory factory, String realmId, ProvisioningPolicy current) {
        this.factory = factory;
        this.realmId = realmId;
        this.current = current;
    }

    void read(ProvisioningMode mode, Consumer<DirectoryUser> consumer) {
        String[] after = {""};
        boolean more = true;
        while (more) {
            more = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> memberBatch(session, mode,
                    after, consumer));
        }
        if (mode == ProvisioningMode.SCIM) {
            after[0] = "";
            more = true;
            while (more) {
                more = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> scimBatch(session,
                        after, consumer));
            }
        }
    }

    private boolean memberBatch(KeycloakSession session, ProvisioningMode mode, String[] after,
            Consumer<DirectoryUser> consumer) {
        RealmModel realm = bind(session);
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<MemberEntity> rows = em.createQuery("select m from MemberEntity m where m.realmId = :realmId"
                        + " and m.userId > :after order by m.userId", MemberEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("after", after[0])
                .setMaxResults(BATCH)
                .getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        List<String> ids = rows.stream().map(MemberEntity::getUserId).toList();
        ScimDirectoryView scim = new ScimDirectoryView(session, realm);
        Map<String, Boolean> scimActive = scim.activeFlags(ids);
        Map<String, List<String>> scimGroups = mode == ProvisioningMode.SCIM ? scim.groupNames(ids) : Map.of();
        MembershipService members = new MembershipService(session, realm);
        for (MemberEntity row : rows) {
            boolean scimUser = scimActive.containsKey(row.getUserId());
            boolean deprovisioned = row.getState() == MemberState.DEPROVISIONED;
            if (deprovisioned && !(mode == ProvisioningMode.SCIM && Boolean.TRUE.equals(scimActive.get(
                    row.getUserId())))) {
                continue;
            }
            Membership standing = members.currentOf(current, row);
            List<String> groups = scimUser && mode == ProvisioningMode.SCIM
                    ? scimGroups.getOrDefault(row.getUserId(), List.of()) : row.getIdpGroups();
            consumer.accept(new DirectoryUser(row.getUserId(), groups, standing, row.getStateSince(),
                    scimUser && !scimActive.get(row.getUserId())));
        }
        after[0] = rows.get(rows.size() - 1).getUserId();
        return rows.size() == BATCH;
    }

    private boolean scimBatch(KeycloakSession session, String[] after, Consumer<DirectoryUser> consumer) {
        RealmModel realm = bind(session);
        ScimDirectoryView scim = new ScimDirectoryView(session, realm);
        List<ScimUserEntity> rows = scim.usersWithoutMemberRow(after[0], BATCH);
        if (rows.isEmpty()) {
            return false;
        }
        Map<String, List<String>> groups = scim.groupNames(rows.stream().map(ScimUserEntity::getId).toList());
        for (ScimUserEntity row : rows) {
            consumer.accept(new DirectoryUser(row.getId(), groups.getOrDefault(row.getId(), List.of()), null,
                    row.getCreated(), !row.isActive()));
        }
        after[0] = rows.get(rows.size() - 1).getId();
        return rows.size() == BATCH;
    }

    /**
     * The realm, also set as the session's: a user that Keycloak's user cache does not hold is read through its
     * user storage, which asks the organization provider, which needs the session bound to a realm.
     */
    private RealmModel bind(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        return realm;
    }
}
