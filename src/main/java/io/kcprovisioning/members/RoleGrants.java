package io.kcprovisioning.members;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** A member's Keycloak role mappings for the policy's catalogs: granted as decided, and read back. */
final class RoleGrants {

    private static final Logger LOG = Logger.getLogger(RoleGrants.class);

    private final RealmModel realm;

    RoleGrants(RealmModel realm) {
        this.realm = realm;
    }

    /**
     * Grants the bindings of the decided role and tier and revokes the bindings of every other catalog entry the user
     * holds directly (see {@link RoleGrantPlan}); null role and tier revoke all. A role bound twice is granted once
     * (in Keycloak's batch mode a grant is not flushed, so a second one would fail). {@code freshUser}: created in
     * this transaction, so holding no role to revoke, and none is read.
     */
    void apply(ProvisioningPolicy policy, UserModel user, String roleKey, String tierKey, boolean freshUser) {
        Map<String, RoleModel> roles = new HashMap<>();
        RoleGrantPlan plan = RoleGrantPlan.of(policy, roleKey, tierKey, binding -> {
            RoleModel role = resolve(binding);
            if (role == null) {
                LOG.warnf("Realm %s: role %s bound by the provisioning policy does not exist", realm.getName(),
                        binding);
                return null;
            }
            roles.putIfAbsent(role.getId(), role);
            return role.getId();
        });
        // one read of the user's role mappings instead of one per catalog entry
        Set<String> direct = freshUser ? Set.of()
                : user.getRoleMappingsStream().map(RoleModel::getId).collect(Collectors.toSet());
        for (RoleGrantPlan.Change change : plan.changes(direct)) {
            RoleModel role = roles.get(change.roleId());
            if (change.grant()) {
                user.grantRole(role);
            } else {
                user.deleteRoleMapping(role);
            }
        }
    }

    /** The key of the most permissive catalog role whose binding the user holds directly, or null. */
    String heldRole(ProvisioningPolicy policy, UserModel user) {
        for (RoleDefinition candidate : policy.roles()) {
            RoleModel bound = resolve(candidate.binding());
            if (bound != null && user.hasDirectRole(bound)) {
                return candidate.key();
            }
        }
        return null;
    }

    private RoleModel resolve(RoleBinding binding) {
        if (binding.isClientRole()) {
            ClientModel client = realm.getClientByClientId(binding.client());
            return client == null ? null : client.getRole(binding.role());
        }
        return realm.getRole(binding.role());
    }
}
