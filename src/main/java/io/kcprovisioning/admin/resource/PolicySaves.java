package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.sync.SyncService;
import java.util.List;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one path a policy is saved through, whoever saves it (the admin API, a profile switch, the admin-console
 * tab): the realm-aware validation, then the lockout guard unless forced, then the store.
 */
public final class PolicySaves {

    private PolicySaves() {
    }

    /** The lockout guard refused the save; {@link #guard()} says why and names who would lose the role. */
    public static final class Refused extends RuntimeException {
        private final transient LockoutGuard guard;

        Refused(LockoutGuard guard) {
            super(guard.message());
            this.guard = guard;
        }

        public LockoutGuard guard() {
            return guard;
        }
    }

    /**
     * Validates and stores {@code candidate}.
     *
     * @param actingUserIds the acting admin, when they are a user of this realm (so a policy could demote them)
     * @throws InvalidPolicyException when the policy is invalid for this realm
     * @throws Refused when the lockout guard refuses it and {@code force} is false
     */
    public static ProvisioningPolicy save(KeycloakSession session, RealmModel realm, ProvisioningPolicy candidate,
            boolean force, Set<String> actingUserIds) {
        check(session, realm, candidate, force, actingUserIds);
        return RealmPolicyStore.save(realm, candidate);
    }

    /**
     * What {@link #save} checks, without storing: for callers that must refuse before anything is written (the
     * admin-console tab, in its component's validation).
     *
     * @throws InvalidPolicyException when the policy is invalid for this realm
     * @throws Refused when the lockout guard refuses it and {@code force} is false
     */
    public static void check(KeycloakSession session, RealmModel realm, ProvisioningPolicy candidate,
            boolean force, Set<String> actingUserIds) {
        RealmPolicyStore.validate(session, realm, candidate);
        if (!force && candidate.mode() != ProvisioningMode.MANUAL) {
            LockoutGuard guard = guard(session, realm, candidate, actingUserIds);
            if (guard.refused()) {
                throw new Refused(guard);
            }
        }
    }

    /** What the lockout guard says of saving {@code candidate} now. */
    public static LockoutGuard guard(KeycloakSession session, RealmModel realm, ProvisioningPolicy candidate,
            Set<String> actingUserIds) {
        SyncService.Report report = SyncService.preview(session.getKeycloakSessionFactory(), realm.getId(),
                RealmPolicyStore.get(realm), candidate, 0, actingUserIds);
        return guard(session, realm, candidate, report);
    }

    static LockoutGuard guard(KeycloakSession session, RealmModel realm, ProvisioningPolicy candidate,
            SyncService.Report report) {
        List<String> losing = report.losingTopRole().stream()
                .map(id -> session.users().getUserById(realm, id))
                .map(u -> u == null ? "?" : u.getUsername())
                .toList();
        return LockoutGuard.of(candidate, report, losing);
    }
}
