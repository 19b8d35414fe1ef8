package io.kcprovisioning.members;

import io.kcprovisioning.outbound.OutboxCapture;
import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.PolicyEngine;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.ReasonCode;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatAvailability;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Where a member's standing is decided: JIT logins, SCIM pushes, Sync now and admins all go through
 * {@link #provision}, {@link #applyPlanned}, {@link #assign} and {@link #deprovision}, inside the caller's
 * transaction. It decides with the policy engine (deciding again when a seat went to someone else meanwhile) and
 * hands each decision to {@link MemberChanges}, the one place a change is applied.
 */
public final class MembershipService {

    private static final Logger LOG = Logger.getLogger(MembershipService.class);
    private static final int MAX_SEAT_RACE_RETRIES = 5;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MemberStore store;
    private final RoleGrants grants;
    private final MemberChanges changes;
    private final Consumer<MemberChange> redecided;

    /** Seats taken at once: the caller learns whether the seat was free (logins, admins, Sync). */
    public MembershipService(KeycloakSession session, RealmModel realm) {
        this(session, realm, null, change -> { });
    }

    /**
     * Seats taken and freed just before the transaction commits, for callers whose answer does not depend on the
     * seat (SCIM pushes): the tier's counter row is locked the shortest time (see {@link SeatLedger}).
     * {@code redecided} is told, still in the transaction, of the new decision for a member whose seat was gone at
     * commit.
     */
    public static MembershipService seatsAtCommit(KeycloakSession session, RealmModel realm,
            Consumer<MemberChange> redecided) {
        return new MembershipService(session, realm, SeatLedger.of(session), redecided);
    }

    private MembershipService(KeycloakSession session, RealmModel realm, SeatMoves seatsOrNull,
            Consumer<MemberChange> redecided) {
        this.session = session;
        this.realm = realm;
        this.store = new MemberStore(session);
        this.grants = new RoleGrants(realm);
        SeatMoves seats = seatsOrNull == null ? new ImmediateSeatMoves(store) : seatsOrNull;
        this.changes = new MemberChanges(session, realm, store, seats, grants, new OutboxCapture(session));
        this.redecided = redecided;
    }

    /** The user's standing, as the engine sees it; null for a user who was never provisioned. */
    public Membership current(ProvisioningPolicy policy, UserModel user) {
        return store.find(realm.getId(), user.getId()).map(m -> toMembership(policy, user, m)).orElse(null);
    }

    /** Free seats per tier right now. */
    public SeatAvailability availability(ProvisioningPolicy policy) {
        Map<String, Integer> used = store.seatsUsed(realm.getId());
        Map<String, Integer> free = new HashMap<>();
        for (SeatTierDefinition tier : policy.seatTiers()) {
            free.put(tier.key(), Math.max(0, tier.capacity() - used.getOrDefault(tier.key(), 0)));
        }
        return SeatAvailability.of(free);
    }

    /**
     * Whether the policy admits a user with these groups at all, whatever the seats: the first-broker-login
     * admission check (seats are taken afterwards, atomically, when the user exists). Reads nothing; its tier is
     * the one the policy would give if every seat were free, not a seat the user holds.
     */
    public static Decision admission(ProvisioningPolicy policy, Collection<String> groups) {
        return PolicyEngine.decide(policy, groups, null, SeatAvailability.allFree(policy));
    }

    /** Decides without changing anything (for explain and previews). */
    public Decision preview(ProvisioningPolicy policy, UserModel userOrNull, Collection<String> groups) {
        Membership current = userOrNull == null ? null : current(policy, userOrNull);
        return PolicyEngine.decide(policy, groups, current, availability(policy));
    }

    /**
     * Decides the user's standing from their IdP groups and applies it. A refused member is deprovisioned when
     * {@code deprovisionOnRefusal}; otherwise they keep their standing (the caller still refuses the login).
     */
    public MemberChange provision(ProvisioningPolicy policy, UserModel user, Collection<String> groups,
            ProvisioningSource source, boolean deprovisionOnRefusal) {
        return provision(policy, user, groups, source, deprovisionOnRefusal, false);
    }

    /**
     * {@link #provision} for a user created in this very transaction: there is no member row to lock and no
     * catalog role to revoke, so neither is read.
     */
    public MemberChange provisionNewUser(ProvisioningPolicy policy, UserModel user, Collection<String> groups,
            ProvisioningSource source) {
        return provision(policy, user, groups, source, true, true);
    }

    private MemberChange provision(ProvisioningPolicy policy, UserModel user, Collection<String> groups,
            ProvisioningSource source, boolean deprovisionOnRefusal, boolean newUser) {
        Optional<MemberEntity> row = newUser ? Optional.empty() : store.findForUpdate(realm.getId(), user.getId());
        Membership before = row.map(m -> toMembership(policy, user, m)).orElse(null);
        // tiers whose conditional UPDATE found them full in this provisioning: full whatever the counts read say (on
        // MySQL and MariaDB, REPEATABLE READ, those counts are the transaction's first snapshot, older than the
        // UPDATE, and would offer the same tier again)
        Set<String> foundFull = new HashSet<>();
        for (int attempt = 0; ; attempt++) {
            // First try as if every seat were free: the conditional UPDATE that takes the seat is the arbiter
            // anyway, and when it finds the tier full the loop decides again with the counts read.
            SeatAvailability read = attempt == 0 ? SeatAvailability.allFree(policy) : availability(policy);
            SeatAvailability seats = tier -> foundFull.contains(tier) ? 0 : read.free(tier);
            Decision decision = PolicyEngine.decide(policy, groups, before, seats);
            switch (decision.outcome()) {
                case NOT_MANAGED -> {
                    return counted(source, new MemberChange(decision, before, before));
                }
                case REFUSE -> {
                    if (row.isEmpty() || !deprovisionOnRefusal) {
                        return counted(source, new MemberChange(decision, before, before));
                    }
                    Membership after = changes.deprovision(policy, user, row.get(), before,
                            decision.reason().wireName(), decision.message(), source, groups);
                    return counted(source, new MemberChange(decision, before, after));
                }
                case PENDING -> {
                    Membership after = changes.pending(policy, user, row, before, decision, source, groups, newUser);
                    return counted(source, new MemberChange(decision, before, after));
                }
                case ADMIT -> {
                    Optional<Membership> after = admit(policy, user, row, before, decision, source, groups, newUser);
                    if (after.isPresent()) {
                        return new MemberChange(decision, before, after.get());
                    }
                    if (attempt >= MAX_SEAT_RACE_RETRIES) {
                        Decision pending = new Decision(Outcome.PENDING, decision.roleKey(), decision.tierKey(),
                                ReasonCode.NO_SEAT_AVAILABLE, decision.message() + " (seat taken concurrently)",
                                decision.roleGroups(), decision.tierGroups());
                        return counted(source, new MemberChange(pending, before, changes.pending(policy, user, row,
                                before, pending, source, groups, newUser)));
                    }
                    // the seat went to a concurrent login or push: decide again with fresh availability
                    foundFull.add(decision.tierKey());
                    row = store.findForUpdate(realm.getId(), user.getId());
                }
                default -> throw new IllegalStateException("unexpected outcome " + decision.outcome());
            }
        }
    }

    /**
     * Applies what a Sync planned for a user (see {@code SyncPlanner}). When the planned seat is gone (a login or a
     * push on another node took it meanwhile) the user is decided again like any other provisioning. With
     * {@code groupsFromRow} (the plan read the IdP groups stored at the user's last login), a login since the plan
     * that stored other groups has the user decided again from those.
     */
    public MemberChange applyPlanned(ProvisioningPolicy policy, UserModel user, Decision decision,
            Collection<String> groups, boolean groupsFromRow) {
        ProvisioningSource sync = ProvisioningSource.SYNC;
        Optional<MemberEntity> row = store.findForUpdate(realm.getId(), user.getId());
        if (groupsFromRow && row.isPresent()) {
            List<String> stored = row.get().getIdpGroups();
            if (!Set.copyOf(stored).equals(Set.copyOf(groups))) {
                return provision(policy, user, stored, sync, true);
            }
        }
        Membership before = row.map(m -> toMembership(policy, user, m)).orElse(null);
        switch (decision.outcome()) {
            case NOT_MANAGED -> {
                return counted(sync, new MemberChange(decision, before, before));
            }
            case REFUSE -> {
                if (row.isEmpty()) {
                    return counted(sync, new MemberChange(decision, before, null));
                }
                return counted(sync, new MemberChange(decision, before, changes.deprovision(policy, user, row.get(),
                        before, decision.reason().wireName(), decision.message(), sync, groups)));
            }
            case PENDING -> {
                return counted(sync, new MemberChange(decision, before, changes.pending(policy, user, row, before,
                        decision, sync, groups, false)));
            }
            default -> {
                Optional<Membership> after = admit(policy, user, row, before, decision, sync, groups, false);
                return after.map(a -> new MemberChange(decision, before, a))
                        .orElseGet(() -> provision(policy, user, groups, sync, true));
            }
        }
    }

    /** Why an admin's assignment was refused. */
    public static final class AssignmentRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean conflict;

        AssignmentRefused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        /** True when the tier is full (409), false when the request itself is wrong (400). */
        public boolean conflict() {
            return conflict;
        }
    }

    /**
     * An admin gives a user a role and a seat tier directly (in modes where admins change roles: Manual, or JIT and
     * SCIM without group mappings). The seat is taken atomically; a full tier refuses the assignment.
     */
    public MemberChange assign(ProvisioningPolicy policy, UserModel user, String roleKey, String tierKey) {
        if (policy.groupMappings() && policy.mode() != ProvisioningMode.MANUAL) {
            throw new AssignmentRefused("Group mappings decide roles and seat tiers in this realm: change the user's"
                    + " groups at the IdP or the mappings", false);
        }
        if (policy.role(roleKey).isEmpty()) {
            throw new AssignmentRefused("Unknown role '" + roleKey + "'", false);
        }
        if (policy.hasSeatTiers() && (tierKey == null || policy.seatTier(tierKey).isEmpty())) {
            throw new AssignmentRefused("A seat tier of " + policy.seatTiers().stream()
                    .map(SeatTierDefinition::key).toList() + " is required", false);
        }
        String tier = policy.hasSeatTiers() ? tierKey : null;
        Optional<MemberEntity> row = store.findForUpdate(realm.getId(), user.getId());
        Membership before = row.map(m -> toMembership(policy, user, m)).orElse(null);
        RoleDefinition role = policy.role(roleKey).orElseThrow();
        Decision decision = new Decision(Outcome.ADMIT, roleKey, tier, ReasonCode.CURRENT_ROLE_KEPT,
                "Role " + role.name() + (tier == null ? "" : ", seat tier " + tier) + " given by an admin", List.of(),
                List.of());
        Optional<Membership> after = admit(policy, user, row, before, decision, ProvisioningSource.ADMIN,
                row.map(MemberEntity::getIdpGroups).orElse(List.of()), false);
        if (after.isEmpty()) {
            throw new AssignmentRefused("Seat tier '" + tier + "' is full", true);
        }
        return new MemberChange(decision, before, after.get());
    }

    /** The stored standing of a member row, as the engine sees it (see {@link #current}). */
    public Membership currentOf(ProvisioningPolicy policy, MemberEntity row) {
        if (policy.groupMappings() || row.getState() != MemberState.ACTIVE) {
            return new Membership(row.getState(), row.getRoleKey(), row.getTierKey());
        }
        UserModel user = session.users().getUserById(realm, row.getUserId());
        return user == null ? null : toMembership(policy, user, row);
    }

    /** Removes the user's access: frees the seat, revokes catalog roles, keeps the row as DEPROVISIONED. */
    public Optional<MemberChange> deprovision(ProvisioningPolicy policy, UserModel user, String reasonCode,
            String reason, ProvisioningSource source) {
        Optional<MemberEntity> row = store.findForUpdate(realm.getId(), user.getId());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Membership before = toMembership(policy, user, row.get());
        Membership after = changes.deprovision(policy, user, row.get(), before, reasonCode, reason, source, null);
        return Optional.of(new MemberChange(null, before, after));
    }

    private Optional<Membership> admit(ProvisioningPolicy policy, UserModel user, Optional<MemberEntity> row,
            Membership before, Decision decision, ProvisioningSource source, Collection<String> groups,
            boolean freshUser) {
        return changes.admit(policy, user, row, before, decision, source, groups, freshUser,
                () -> seatLost(policy, user, groups, source));
    }

    /** Counts the change's decision (an admission is counted where its seat is taken, see {@link MemberChanges}). */
    private MemberChange counted(ProvisioningSource source, MemberChange change) {
        ProvisioningMetrics.count(session, realm, source, change.decision());
        return change;
    }

    /**
     * A seat to be taken at commit was gone by then: the member holds no seat after all, so they are decided again
     * with the seats actually free (another tier, or pending), seats taken at once, and the caller hears of it.
     */
    private void seatLost(ProvisioningPolicy policy, UserModel user, Collection<String> groups,
            ProvisioningSource source) {
        store.findForUpdate(realm.getId(), user.getId()).ifPresent(m -> m.setState(MemberState.PENDING));
        MemberChange change = new MembershipService(session, realm).provision(policy, user, groups, source, true);
        LOG.debugf("Member %s of realm %s: seat gone at commit, decided again: %s", user.getId(), realm.getName(),
                change.decision());
        redecided.accept(change);
    }

    /**
     * The engine's view of a stored member. Without group mappings admins change roles in Keycloak, so the role is
     * the most permissive catalog role the user holds directly, whatever the row says.
     */
    private Membership toMembership(ProvisioningPolicy policy, UserModel user, MemberEntity m) {
        String role = !policy.groupMappings() && m.getState() == MemberState.ACTIVE
                ? grants.heldRole(policy, user) : m.getRoleKey();
        return new Membership(m.getState(), role, m.getTierKey());
    }
}
