package io.kcprovisioning.members;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The one place a decided standing is applied to a member, in the caller's transaction: the seat moved
 * ({@link SeatMoves}), the row recorded ({@link MemberRows}), the Keycloak roles granted and revoked
 * ({@link RoleGrants}), then the {@link MemberChangeListener} told. Deciding is {@link MembershipService}'s job; the
 * caller holds the member row's lock.
 */
final class MemberChanges {

    private static final Logger LOG = Logger.getLogger(MemberChanges.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MemberStore store;
    private final SeatMoves seats;
    private final RoleGrants grants;
    private final MemberChangeListener listener;

    MemberChanges(KeycloakSession session, RealmModel realm, MemberStore store, SeatMoves seats, RoleGrants grants,
            MemberChangeListener listener) {
        this.session = session;
        this.realm = realm;
        this.store = store;
        this.seats = seats;
        this.grants = grants;
        this.listener = listener;
    }

    /**
     * Admits the member with the decided role and tier, or answers empty, changing nothing, when the tier is known
     * to be full now. The decision is counted where its seat is taken (at once, or at commit); {@code seatLost} runs
     * when a seat to be taken at commit is gone by then. {@code freshUser}: created in this transaction, so holding
     * no catalog role to revoke (none is read).
     */
    Optional<Membership> admit(ProvisioningPolicy policy, UserModel user, Optional<MemberEntity> row,
            Membership before, Decision decision, ProvisioningSource source, Collection<String> groups,
            boolean freshUser, Runnable seatLost) {
        String held = row.filter(m -> m.getState() == MemberState.ACTIVE).map(MemberEntity::getTierKey).orElse(null);
        String target = decision.tierKey();
        Runnable counted = () -> ProvisioningMetrics.count(session, realm, source, decision);
        boolean seatMoves = target != null && !target.equals(held);
        if (seatMoves) {
            int capacity = policy.seatTier(target).map(SeatTierDefinition::capacity).orElse(0);
            if (!seats.take(new SeatTake(realm.getId(), user.getId(), target, capacity, counted, seatLost))) {
                return Optional.empty();
            }
        }
        if (held != null && !held.equals(target)) {
            seats.release(realm.getId(), user.getId(), held);
        }
        write(row, user, MemberState.ACTIVE, decision.roleKey(), target, source,
                decision.reason().wireName(), decision.message(), groups);
        grants.apply(policy, user, decision.roleKey(), target, freshUser);
        if (!seatMoves) {
            counted.run();
        }
        return Optional.of(applied(user, before, Membership.active(decision.roleKey(), target), source));
    }

    /** Keeps the member waiting for a seat of the decided tier: any seat held is freed, every catalog role revoked. */
    Membership pending(ProvisioningPolicy policy, UserModel user, Optional<MemberEntity> row, Membership before,
            Decision decision, ProvisioningSource source, Collection<String> groups, boolean freshUser) {
        row.ifPresent(this::releaseHeldSeat);
        write(row, user, MemberState.PENDING, decision.roleKey(), decision.tierKey(), source,
                decision.reason().wireName(), decision.message(), groups);
        grants.apply(policy, user, null, null, freshUser);
        return applied(user, before, Membership.pending(decision.roleKey(), decision.tierKey()), source);
    }

    /**
     * Removes the member's access: frees the seat, revokes every catalog role, keeps the row as DEPROVISIONED with
     * {@code groups} (null: the groups it holds).
     */
    Membership deprovision(ProvisioningPolicy policy, UserModel user, MemberEntity row, Membership before,
            String reasonCode, String reason, ProvisioningSource source, Collection<String> groups) {
        releaseHeldSeat(row);
        write(Optional.of(row), user, MemberState.DEPROVISIONED, null, null, source, reasonCode, reason,
                groups == null ? row.getIdpGroups() : groups);
        grants.apply(policy, user, null, null, false);
        return applied(user, before, new Membership(MemberState.DEPROVISIONED, null, null), source);
    }

    private void releaseHeldSeat(MemberEntity row) {
        if (row.getState() == MemberState.ACTIVE && row.getTierKey() != null) {
            seats.release(realm.getId(), row.getUserId(), row.getTierKey());
        }
    }

    private void write(Optional<MemberEntity> row, UserModel user, MemberState state, String role,
            String tier, ProvisioningSource source, String reasonCode, String reason, Collection<String> groups) {
        long now = System.currentTimeMillis();
        MemberEntity m = row.orElseGet(() -> MemberRows.newRow(realm.getId(), user.getId(), now));
        List<String> groupsBefore = row.isPresent() ? m.getIdpGroups() : List.of();
        MemberRows.record(m, state, role, tier, source, reasonCode, reason, groups, now);
        if (row.isEmpty()) {
            store.persist(m);
        }
        if (!groupsBefore.equals(m.getIdpGroups())) {
            listener.groupsChanged(realm, user, groupsBefore, m.getIdpGroups(), source);
        }
    }

    private Membership applied(UserModel user, Membership before, Membership after, ProvisioningSource source) {
        if (!Objects.equals(before, after)) {
            LOG.debugf("Member %s of realm %s: %s -> %s (%s)", user.getId(), realm.getName(), before, after,
                    source.wireName());
        }
        listener.applied(realm, user, before, after, source);
        return after;
    }
}
