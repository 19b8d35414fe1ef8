package io.kcprovisioning.members;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.PolicyEngine;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatAvailability;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The one place where a member's standing changes: JIT logins, SCIM pushes, Sync now and admins all go through
 * {@link #provision} and {@link #deprovision}, inside the caller's transaction. It decides with the policy engine,
 * takes and frees seats atomically in the database, records the member, and grants the decided role and tier
 * (revoking every other catalog role). A later outbound-provisioning outbox row belongs here, in the same
 * transaction.
 */
public final class MembershipService {

    private static final Logger LOG = Logger.getLogger(MembershipService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SEAT_RACE_RETRIES = 5;
    private static final int MAX_GROUPS_STORED = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MemberStore store;
    private final SeatTaking seatTaking;

    /** Seats taken at once: the caller learns whether the seat was free (logins, admins, Sync). */
    public MembershipService(KeycloakSession session, RealmModel realm) {
        this(session, realm, SeatTaking.NOW);
    }

    public MembershipService(KeycloakSession session, RealmModel realm, SeatTaking seatTaking) {
        this.session = session;
        this.realm = realm;
        this.store = new MemberStore(session);
        this.seatTaking = seatTaking;
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
        for (int attempt = 0; ; attempt++) {
            // First try as if every seat were free: the conditional UPDATE that takes the seat is the arbiter
            // anyway, and when it finds the tier full the loop decides again with the counts read.
            SeatAvailability seats = attempt == 0 ? SeatAvailability.allFree(policy) : availability(policy);
            Decision decision = PolicyEngine.decide(policy, groups, before, seats);
            switch (decision.outcome()) {
                case NOT_MANAGED -> {
                    return counted(source, new MemberChange(decision, before, before));
                }
                case REFUSE -> {
                    if (row.isEmpty() || !deprovisionOnRefusal) {
                        return counted(source, new MemberChange(decision, before, before));
                    }
                    Membership after = applyDeprovision(policy, user, row.get(), decision.reason().wireName(),
                            decision.message(), source, groups);
                    return counted(source, new MemberChange(decision, before, after));
                }
                case PENDING -> {
                    Membership after = applyPending(policy, user, row, decision, source, groups, newUser);
                    return counted(source, new MemberChange(decision, before, after));
                }
                case ADMIT -> {
                    Optional<Membership> after = applyAdmit(policy, user, row, before, decision, source, groups,
                            newUser);
                    if (after.isPresent()) {
                        return new MemberChange(decision, before, after.get());
                    }
                    if (attempt >= MAX_SEAT_RACE_RETRIES) {
                        Decision pending = new Decision(Outcome.PENDING, decision.roleKey(), decision.tierKey(),
                                io.kcprovisioning.policy.ReasonCode.NO_SEAT_AVAILABLE,
                                decision.message() + " (seat taken concurrently)", decision.roleGroups(),
                                decision.tierGroups());
                        return counted(source, new MemberChange(pending, before, applyPending(policy, user, row,
                                pending, source, groups, newUser)));
                    }
                    // the seat went to a concurrent login or push: decide again with fresh availability
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
            List<String> stored = readGroups(row.get());
            if (!java.util.Set.copyOf(stored).equals(java.util.Set.copyOf(groups))) {
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
                return counted(sync, new MemberChange(decision, before, applyDeprovision(policy, user, row.get(),
                        decision.reason().wireName(), decision.message(), sync, groups)));
            }
            case PENDING -> {
                return counted(sync, new MemberChange(decision, before, applyPending(policy, user, row, decision,
                        sync, groups, false)));
            }
            default -> {
                Optional<Membership> after = applyAdmit(policy, user, row, before, decision, sync, groups, false);
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
        if (policy.groupMappings() && policy.mode() != io.kcprovisioning.policy.ProvisioningMode.MANUAL) {
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
        Decision decision = new Decision(Outcome.ADMIT, roleKey, tier, io.kcprovisioning.policy.ReasonCode
                .CURRENT_ROLE_KEPT, "Role " + role.name() + (tier == null ? "" : ", seat tier " + tier)
                + " given by an admin", List.of(), List.of());
        Optional<Membership> after = applyAdmit(policy, user, row, before, decision, ProvisioningSource.ADMIN,
                row.map(MembershipService::readGroups).orElse(List.of()), false);
        if (after.isEmpty()) {
            throw new AssignmentRefused("Seat tier '" + tier + "' is full", true);
        }
        return new MemberChange(decision, before, after.get());
    }

    /** The stored standing of a member row, as the engine sees it (see {@link #current}). */
    public Membership currentOf(ProvisioningPolicy policy, MemberEntity row) {
        if (policy.groupMappings() || !MemberState.ACTIVE.name().equals(row.getState())) {
            return new Membership(MemberState.valueOf(row.getState()), row.getRoleKey(), row.getTierKey());
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
        Membership after = applyDeprovision(policy, user, row.get(), reasonCode, reason, source, null);
        return Optional.of(new MemberChange(null, before, after));
    }

    /**
     * Admits the user and counts the decision; empty when the seat was not free (seats taken now). {@code freshUser}:
     * created in this transaction, so holding no catalog role to revoke (none is read).
     */
    private Optional<Membership> applyAdmit(ProvisioningPolicy policy, UserModel user, Optional<MemberEntity> row,
            Membership before, Decision decision, ProvisioningSource source, Collection<String> groups,
            boolean freshUser) {
        String held = row.filter(m -> MemberState.ACTIVE.name().equals(m.getState()))
                .map(MemberEntity::getTierKey).orElse(null);
        String target = decision.tierKey();
        boolean countAtCommit = false;
        if (target != null && !target.equals(held)) {
            int capacity = policy.seatTier(target).map(SeatTierDefinition::capacity).orElse(0);
            if (seatTaking.atCommit()) {
                // counted once the seat is taken: a seat gone by then has the member decided (and counted) again
                countAtCommit = true;
                SeatLedger.of(session).take(new SeatLedger.Take(realm.getId(), user.getId(), target, capacity,
                        () -> count(source, decision),
                        () -> seatLost(policy, user, groups, source)));
            } else if (!store.takeSeat(realm.getId(), target, capacity)) {
                return Optional.empty();
            }
        }
        if (held != null && !held.equals(target)) {
            releaseSeat(user, held);
        }
        MemberEntity m = row.orElseGet(() -> newRow(user));
        boolean stateChanged = !MemberState.ACTIVE.name().equals(m.getState());
        fill(m, MemberState.ACTIVE, decision.roleKey(), target, source, decision.reason().wireName(),
                decision.message(), groups, stateChanged);
        if (row.isEmpty()) {
            store.persist(m);
        }
        syncGrants(policy, user, decision.roleKey(), target, freshUser);
        Membership after = new Membership(MemberState.ACTIVE, decision.roleKey(), target);
        if (!after.equals(before)) {
            LOG.debugf("Member %s of realm %s: %s -> %s (%s)", user.getId(), realm.getName(), before, after,
                    source.wireName());
        }
        if (!countAtCommit) {
            count(source, decision);
        }
        return Optional.of(after);
    }

    /** Counts the change's decision (an admission is counted where its seat is taken, see {@code applyAdmit}). */
    private MemberChange counted(ProvisioningSource source, MemberChange change) {
        count(source, change.decision());
        return change;
    }

    /** The one place a decision is counted; the tier's seat gauges appear on this node with its first decision. */
    private void count(ProvisioningSource source, Decision decision) {
        ProvisioningMetrics.decision(realm.getName(), source, decision);
        ProvisioningMetrics.seatGauges(session.getKeycloakSessionFactory(), realm.getName(), realm.getId(),
                decision.tierKey());
    }

    private Membership applyPending(ProvisioningPolicy policy, UserModel user, Optional<MemberEntity> row,
            Decision decision, ProvisioningSource source, Collection<String> groups,
            boolean freshUser) {
        MemberEntity m = row.orElseGet(() -> newRow(user));
        if (MemberState.ACTIVE.name().equals(m.getState()) && m.getTierKey() != null) {
            releaseSeat(user, m.getTierKey());
        }
        boolean stateChanged = !MemberState.PENDING.name().equals(m.getState());
        fill(m, MemberState.PENDING, decision.roleKey(), decision.tierKey(), source, decision.reason().wireName(),
                decision.message(), groups, stateChanged);
        if (row.isEmpty()) {
            store.persist(m);
        }
        syncGrants(policy, user, null, null, freshUser);
        return new Membership(MemberState.PENDING, decision.roleKey(), decision.tierKey());
    }

    private Membership applyDeprovision(ProvisioningPolicy policy, UserModel user, MemberEntity m,
            String reasonCode, String reason, ProvisioningSource source, Collection<String> groups) {
        if (MemberState.ACTIVE.name().equals(m.getState()) && m.getTierKey() != null) {
            releaseSeat(user, m.getTierKey());
        }
        boolean stateChanged = !MemberState.DEPROVISIONED.name().equals(m.getState());
        fill(m, MemberState.DEPROVISIONED, null, null, source, reasonCode, reason,
                groups == null ? readGroups(m) : groups, stateChanged);
        syncGrants(policy, user, null, null, false);
        return new Membership(MemberState.DEPROVISIONED, null, null);
    }

    /** Frees the seat a member holds (or was to take at commit, which then is simply not taken). */
    private void releaseSeat(UserModel user, String tierKey) {
        SeatLedger ledger = SeatLedger.existing(session);
        if (ledger != null && ledger.dropTake(realm.getId(), user.getId(), tierKey)) {
            return;
        }
        if (seatTaking.atCommit()) {
            SeatLedger.of(session).release(realm.getId(), tierKey);
        } else {
            store.releaseSeat(realm.getId(), tierKey);
        }
    }

    /**
     * A seat to be taken at commit was gone by then: the member holds no seat after all, so they are decided again
     * with the seats actually free (another tier, or pending), seats taken at once, and the caller hears of it.
     */
    private void seatLost(ProvisioningPolicy policy, UserModel user, Collection<String> groups,
            ProvisioningSource source) {
        store.findForUpdate(realm.getId(), user.getId()).ifPresent(m -> m.setState(MemberState.PENDING.name()));
        MemberChange change = new MembershipService(session, realm).provision(policy, user, groups, source, true);
        LOG.debugf("Member %s of realm %s: seat gone at commit, decided again: %s", user.getId(), realm.getName(),
                change.decision());
        seatTaking.redecided().accept(change);
    }

    private MemberEntity newRow(UserModel user) {
        MemberEntity m = new MemberEntity();
        m.setId(KeycloakModelUtils.generateId());
        m.setRealmId(realm.getId());
        m.setUserId(user.getId());
        m.setCreatedAt(System.currentTimeMillis());
        return m;
    }

    private static void fill(MemberEntity m, MemberState state, String role, String tier, ProvisioningSource source,
            String reasonCode, String reason, Collection<String> groups, boolean stateChanged) {
        long now = System.currentTimeMillis();
        m.setState(state.name());
        m.setRoleKey(role);
        m.setTierKey(tier);
        m.setSource(source.wireName());
        m.setReasonCode(reasonCode);
        m.setReason(reason == null ? null : reason.substring(0, Math.min(reason.length(), 2000)));
        m.setIdpGroups(writeGroups(groups));
        if (stateChanged || m.getStateSince() == 0) {
            m.setStateSince(now);
        }
        m.setUpdatedAt(now);
    }

    /**
     * Grants the bindings of the decided role and tier, revokes the bindings of every other catalog entry the
     * user holds directly. Null role and tier revoke all. A Keycloak role bound by two entries is kept when either
     * is decided, and granted once (in Keycloak's batch mode a grant is not flushed, so a second one would fail).
     */
    private void syncGrants(ProvisioningPolicy policy, UserModel user, String roleKey, String tierKey,
            boolean freshUser) {
        java.util.Map<String, RoleModel> bound = new java.util.LinkedHashMap<>();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (RoleDefinition role : policy.roles()) {
            bind(bound, wanted, role.binding(), role.key().equals(roleKey));
        }
        for (SeatTierDefinition tier : policy.seatTiers()) {
            if (tier.binding() != null) {
                bind(bound, wanted, tier.binding(), tier.key().equals(tierKey));
            }
        }
        // one read of the user's role mappings instead of one per catalog entry
        java.util.Set<String> direct = freshUser ? java.util.Set.of() : user.getRoleMappingsStream()
                .map(RoleModel::getId).collect(java.util.stream.Collectors.toSet());
        bound.forEach((id, role) -> {
            boolean grant = wanted.contains(id);
            if (grant && !direct.contains(id)) {
                user.grantRole(role);
            } else if (!grant && direct.contains(id)) {
                user.deleteRoleMapping(role);
            }
        });
    }

    private void bind(java.util.Map<String, RoleModel> bound, java.util.Set<String> wanted, RoleBinding binding,
            boolean grant) {
        RoleModel role = resolve(binding);
        if (role == null) {
            LOG.warnf("Realm %s: role %s bound by the provisioning policy does not exist", realm.getName(), binding);
            return;
        }
        bound.putIfAbsent(role.getId(), role);
        if (grant) {
            wanted.add(role.getId());
        }
    }

    private RoleModel resolve(RoleBinding binding) {
        if (binding.isClientRole()) {
            ClientModel client = realm.getClientByClientId(binding.client());
            return client == null ? null : client.getRole(binding.role());
        }
        return realm.getRole(binding.role());
    }

    /**
     * The engine's view of a stored member. Without group mappings admins change roles in Keycloak, so the role is
     * the most permissive catalog role the user holds directly, whatever the row says.
     */
    private Membership toMembership(ProvisioningPolicy policy, UserModel user, MemberEntity m) {
        MemberState state = MemberState.valueOf(m.getState());
        String role = m.getRoleKey();
        if (!policy.groupMappings() && state == MemberState.ACTIVE) {
            role = null;
            for (RoleDefinition candidate : policy.roles()) {
                RoleModel bound = resolve(candidate.binding());
                if (bound != null && user.hasDirectRole(bound)) {
                    role = candidate.key();
                    break;
                }
            }
        }
        return new Membership(state, role, m.getTierKey());
    }

    static String writeGroups(Collection<String> groups) {
        if (groups == null) {
            return null;
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(groups));
        if (sorted.size() > MAX_GROUPS_STORED) {
            sorted = sorted.subList(0, MAX_GROUPS_STORED);
        }
        try {
            return JSON.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> readGroups(MemberEntity m) {
        if (m.getIdpGroups() == null) {
            return List.of();
        }
        try {
            return JSON.readValue(m.getIdpGroups(), new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
