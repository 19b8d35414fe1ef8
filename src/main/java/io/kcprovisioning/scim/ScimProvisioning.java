package io.kcprovisioning.scim;

import io.kcprovisioning.members.MemberChange;
import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.common.util.Time;

/**
 * What a SCIM change means for a member, through the shared {@link MembershipService}: a user's SCIM groups (their
 * id, externalId and displayName all count as group names) decide role, tier and seat; deactivation revokes
 * access at once.
 */
final class ScimProvisioning {

    private static final Logger LOG = Logger.getLogger(ScimProvisioning.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ProvisioningPolicy policy;
    private final ScimDirectory directory;

    ScimProvisioning(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy, ScimDirectory directory) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.directory = directory;
    }

    /** The names a user's SCIM groups go by, for the policy's group mappings. */
    List<String> groupNames(String userId) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (ScimGroupEntity g : directory.groupsOf(userId)) {
            names.add(g.getId());
            names.add(g.getDisplayName());
            if (g.getExternalId() != null) {
                names.add(g.getExternalId());
            }
        }
        return List.copyOf(names);
    }

    /** Re-decides a user's standing after any change to them or their groups. */
    Optional<MemberChange> reevaluate(ScimUserEntity row) {
        return reevaluate(row, false);
    }

    /** As {@link #reevaluate(ScimUserEntity)}; {@code created}: the user was created in this transaction. */
    Optional<MemberChange> reevaluate(ScimUserEntity row, boolean created) {
        UserModel user = session.users().getUserById(realm, row.getId());
        if (user == null) {
            return Optional.empty();
        }
        // the SCIM response does not depend on the seat: taken at commit, the tier's counter is locked the least
        MembershipService members = MembershipService.seatsAtCommit(session, realm,
                redecided -> joinOrganizations(user, isMember(redecided)));
        Optional<MemberChange> change;
        if (!row.isActive()) {
            change = members.deprovision(policy, user, "deactivated", "Deactivated by the directory (active=false)",
                    ProvisioningSource.SCIM);
        } else {
            change = Optional.of(created
                    ? members.provisionNewUser(policy, user, List.of(), ProvisioningSource.SCIM)
                    : members.provision(policy, user, groupNames(row.getId()), ProvisioningSource.SCIM, true));
        }
        joinOrganizations(user, change.map(ScimProvisioning::isMember).orElse(false));
        return change;
    }

    private static boolean isMember(MemberChange change) {
        return change.after() != null && change.after().isActive();
    }

    /**
     * Joined organizations: an active member belongs to each Keycloak Organization the policy names
     * ({@code scim.organizations}); anyone else is taken out of them.
     */
    private void joinOrganizations(UserModel user, boolean member) {
        if (policy.scim().organizations().isEmpty() || !realm.isOrganizationsEnabled()) {
            return;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (String alias : policy.scim().organizations()) {
            OrganizationModel organization = organizations.getByAlias(alias);
            if (organization == null) {
                LOG.warnf("Realm %s: organization '%s' named by the provisioning policy does not exist",
                        realm.getName(), alias);
                continue;
            }
            boolean isMember = organizations.isMember(organization, user);
            if (member && !isMember) {
                organizations.addMember(organization, user);
            } else if (!member && isMember) {
                organizations.removeMember(organization, user);
            }
        }
    }

    /** Users re-decided between two flushes of the nested persistence context (Keycloak's realm import uses 64). */
    static final int USERS_PER_FLUSH = 64;

    /**
     * Re-decides every user a group change touched, the way Keycloak's realm import writes its users: in batch mode
     * (no flush per role grant, none before each query), in a persistence context of its own on the same
     * connection and transaction, flushed and cleared every {@link #USERS_PER_FLUSH} users. Keycloak flushes on
     * every role it revokes, and a flush checks every entity the context holds, so without the clearing a PATCH
     * that removes every member of a large mapped group took time growing with the square of its size (1,000
     * members: 18 s, 3,000: about 2 minutes); each user re-decided is not touched again by the request. The caller
     * holds the users' row locks ({@link ScimDirectory#existingUsers}), so the groups read here are final.
     */
    void reevaluate(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        EntityManagers.runInBatch(session, () -> {
            int done = 0;
            for (String id : userIds) {
                directory.user(id, false).ifPresent(this::reevaluate);
                if (++done % USERS_PER_FLUSH == 0) {
                    EntityManagers.flush(session, true);
                }
            }
        }, true);
    }

    /** Cuts a deactivated user off at once: no login, sessions and offline sessions gone, tokens not before now. */
    void cutOff(UserModel user) {
        user.setEnabled(false);
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        session.sessions().removeUserSessions(realm, user);
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        offline.forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
        LOG.debugf("Realm %s: user %s deactivated by SCIM", realm.getName(), user.getId());
    }
}
