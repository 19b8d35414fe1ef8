package io.kcprovisioning.members;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which Keycloak roles a decided role and tier want, among the roles the policy's catalogs bind: the bindings of the
 * decided role and tier are wanted, those of every other catalog entry are not. A Keycloak role bound by two entries
 * is wanted when either is decided, and appears once. Roles are named by id; a binding that resolves to no role is
 * left out.
 */
final class RoleGrantPlan {

    /** A role mapping to add ({@code grant}) or remove. */
    record Change(String roleId, boolean grant) {
    }

    private final Set<String> bound = new LinkedHashSet<>();
    private final Set<String> wanted = new HashSet<>();

    private RoleGrantPlan() {
    }

    /**
     * The plan for a decided role and tier; null for both wants none. {@code roleId} resolves a binding to its
     * Keycloak role's id, or null when there is no such role.
     */
    static RoleGrantPlan of(ProvisioningPolicy policy, String roleKey, String tierKey,
            Function<RoleBinding, String> roleId) {
        RoleGrantPlan plan = new RoleGrantPlan();
        for (RoleDefinition role : policy.roles()) {
            plan.bind(roleId.apply(role.binding()), role.key().equals(roleKey));
        }
        for (SeatTierDefinition tier : policy.seatTiers()) {
            if (tier.binding() != null) {
                plan.bind(roleId.apply(tier.binding()), tier.key().equals(tierKey));
            }
        }
        return plan;
    }

    private void bind(String id, boolean grant) {
        if (id == null) {
            return;
        }
        bound.add(id);
        if (grant) {
            wanted.add(id);
        }
    }

    /**
     * What changes a user's direct role mappings ({@code direct}, role ids) into the plan, in catalog order: wanted
     * roles not held are granted, unwanted catalog roles held are revoked, roles outside the catalogs are left alone.
     */
    List<Change> changes(Set<String> direct) {
        List<Change> out = new ArrayList<>();
        for (String id : bound) {
            boolean grant = wanted.contains(id);
            if (grant && !direct.contains(id)) {
                out.add(new Change(id, true));
            } else if (!grant && direct.contains(id)) {
                out.add(new Change(id, false));
            }
        }
        return out;
    }
}
