package io.kcprovisioning.members;

import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Read-only views of members and seats for admins, answered from the database page by page. */
public final class MemberQueries {

    public static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MemberStore store;

    public MemberQueries(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new MemberStore(session);
    }

    /** Per tier of the catalog: capacity, used and pending; plus a row for members pending for any tier. */
    public List<SeatUsage> seats(ProvisioningPolicy policy) {
        Map<String, Integer> used = store.seatsUsed(realm.getId());
        Map<String, Integer> pending = new HashMap<>();
        int pendingAny = 0;
        for (Object[] row : store.countByStateAndTier(realm.getId())) {
            if (row[0] == MemberState.PENDING) {
                int count = ((Number) row[2]).intValue();
                if (row[1] == null) {
                    pendingAny += count;
                } else {
                    pending.merge((String) row[1], count, Integer::sum);
                }
            }
        }
        List<SeatUsage> out = new ArrayList<>();
        for (SeatTierDefinition tier : policy.seatTiers()) {
            out.add(new SeatUsage(tier.key(), tier.name(), tier.capacity(), used.getOrDefault(tier.key(), 0),
                    pending.getOrDefault(tier.key(), 0)));
        }
        if (pendingAny > 0 || policy.hasSeatTiers()) {
            out.add(new SeatUsage(null, "any tier", 0, 0, pendingAny));
        }
        return out;
    }

    /** How many members are in each state (every state present, 0 when none), counted in the database. */
    public Map<MemberState, Long> countByState() {
        Map<MemberState, Long> counts = new EnumMap<>(MemberState.class);
        for (MemberState state : MemberState.values()) {
            counts.put(state, 0L);
        }
        for (Object[] row : store.countByStateAndTier(realm.getId())) {
            counts.merge((MemberState) row[0], ((Number) row[2]).longValue(), Long::sum);
        }
        return counts;
    }

    /** Whether any active member has the role {@code roleKey} on their member row. */
    public boolean anyActiveWithRole(String roleKey) {
        return store.anyActiveWithRole(realm.getId(), roleKey);
    }

    public List<MemberView> list(MemberState state, String roleKey, String tierKey, int first, int max) {
        List<MemberView> out = new ArrayList<>();
        for (MemberEntity m : store.list(realm.getId(), state, roleKey, tierKey,
                Math.max(0, first), Math.min(Math.max(1, max), MAX_PAGE))) {
            out.add(view(m));
        }
        return out;
    }

    public Optional<MemberView> get(String userId) {
        return store.find(realm.getId(), userId).map(this::view);
    }

    /** The IdP groups last seen for a user, or an empty list. */
    public List<String> lastSeenGroups(String userId) {
        return store.find(realm.getId(), userId).map(MemberEntity::getIdpGroups).orElse(List.of());
    }

    private MemberView view(MemberEntity m) {
        UserModel user = session.users().getUserById(realm, m.getUserId());
        return new MemberView(m.getUserId(), user == null ? null : user.getUsername(),
                user == null ? null : user.getEmail(), m.getState().name().toLowerCase(Locale.ROOT), m.getRoleKey(),
                m.getTierKey(), m.getSource(), m.getReasonCode(), m.getReason(), m.getIdpGroups(), m.getStateSince(),
                m.getUpdatedAt());
    }
}
