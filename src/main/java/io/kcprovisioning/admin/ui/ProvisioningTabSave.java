package io.kcprovisioning.admin.ui;

import io.kcprovisioning.admin.resource.LockoutGuard;
import io.kcprovisioning.admin.resource.PolicySaves;
import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * A save from the Provisioning tab: the form becomes a candidate policy (the current one with the form's fields
 * replaced) that goes through {@link PolicySaves}, the path {@code PUT /provisioning/policy} takes. Every refusal
 * is a {@link ComponentValidationException} in the admin's language ({@link TabRefusals}), which the console shows
 * in its error toast.
 */
final class ProvisioningTabSave {

    private static final Logger LOG = Logger.getLogger(ProvisioningTabSave.class);

    private ProvisioningTabSave() {
    }

    /** Refuses a save that {@link #store} would refuse, before anything is written. */
    static void check(KeycloakSession session, RealmModel realm, ComponentModel tab) {
        ProvisioningPolicy current = RealmPolicyStore.get(realm);
        Optional<ProvisioningPolicy> candidate = candidate(session, realm, current, tab);
        if (candidate.isEmpty()) {
            return;
        }
        ensureBoundRealmRoles(realm, current, candidate.get());
        try {
            PolicySaves.check(session, realm, candidate.get(), false, actingUserIds(session, realm));
        } catch (InvalidPolicyException e) {
            throw TabRefusals.invalid(session, realm, e);
        } catch (PolicySaves.Refused e) {
            throw lockout(session, realm, e.guard());
        }
    }

    /** Stores the policy the form describes; nothing when it is the current policy. */
    static void store(KeycloakSession session, RealmModel realm, ComponentModel tab) {
        ProvisioningPolicy current = RealmPolicyStore.get(realm);
        Optional<ProvisioningPolicy> candidate = candidate(session, realm, current, tab);
        if (candidate.isEmpty()) {
            return;
        }
        ensureBoundRealmRoles(realm, current, candidate.get());
        try {
            PolicySaves.save(session, realm, candidate.get(), false, actingUserIds(session, realm));
        } catch (InvalidPolicyException e) {
            throw TabRefusals.invalid(session, realm, e);
        } catch (PolicySaves.Refused e) {
            throw lockout(session, realm, e.guard());
        }
        LOG.debugf("Provisioning policy of realm %s saved from the admin-console tab (mode %s, profile %s)",
                realm.getName(), candidate.get().mode().wireName(), candidate.get().profile());
    }

    /** The policy the form describes, or empty when it describes the current policy. */
    private static Optional<ProvisioningPolicy> candidate(KeycloakSession session, RealmModel realm,
            ProvisioningPolicy current, ComponentModel tab) {
        ProvisioningPolicy candidate;
        try {
            candidate = ProvisioningTabForm.toPolicy(current, form(tab));
        } catch (TabFormException e) {
            throw TabRefusals.refusal(session, realm, e.messageKey(), e.params().toArray());
        }
        return candidate.equals(current) ? Optional.empty() : Optional.of(candidate);
    }

    /** The tab component's config, one value per field. */
    static Map<String, String> form(ComponentModel tab) {
        Map<String, String> form = new LinkedHashMap<>();
        if (tab.getConfig() != null) {
            tab.getConfig().forEach((key, values) -> {
                if (values != null && !values.isEmpty()) {
                    form.put(key, values.get(0));
                }
            });
        }
        return form;
    }

    /** A new profile binds its catalogs to realm roles that may not exist yet: create them, as applying it does. */
    private static void ensureBoundRealmRoles(RealmModel realm, ProvisioningPolicy current,
            ProvisioningPolicy candidate) {
        if (candidate.profile().equals(current.profile())) {
            return;
        }
        Stream.concat(candidate.roles().stream().map(RoleDefinition::binding),
                        candidate.seatTiers().stream().map(SeatTierDefinition::binding))
                .filter(b -> b != null && !b.isClientRole() && b.role() != null && !b.role().isBlank())
                .map(RoleBinding::role)
                .filter(role -> realm.getRole(role) == null)
                .forEach(name -> {
                    RoleModel role = realm.addRole(name);
                    role.setDescription("Granted by Keycloak Provisioning");
                });
    }

    /**
     * The admin saving, when they are a user of this realm (so the policy could demote them): Keycloak keeps the
     * admin request's bearer token in the context, and resolves its subject in the token's realm.
     */
    private static Set<String> actingUserIds(KeycloakSession session, RealmModel realm) {
        UserModel user = session.getContext().getUser();
        return user != null && session.users().getUserById(realm, user.getId()) != null ? Set.of(user.getId())
                : Set.of();
    }

    /** The lockout guard's refusal: who would lose the most permissive role, and the admin's own demotion. */
    private static ComponentValidationException lockout(KeycloakSession session, RealmModel realm,
            LockoutGuard guard) {
        Properties messages = TabRefusals.messagesFor(session, realm);
        List<String> reasons = new ArrayList<>();
        if (guard.leavesNoTopRole()) {
            reasons.add(TabRefusals.format(messages, "provisioningTabLockoutNoTopRole", guard.topRole(),
                    String.join(", ", guard.losing())));
        }
        if (guard.selfDemotion() != null) {
            reasons.add(TabRefusals.format(messages, "provisioningTabLockoutSelfDemotion", guard.selfDemotion()));
        }
        if (reasons.isEmpty()) {
            reasons.add(guard.message());
        }
        return TabRefusals.refusal(session, realm, "provisioningTabLockout", String.join(" ", reasons));
    }
}
