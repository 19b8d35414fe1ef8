package io.kcprovisioning.members;

import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Writes a member's standing into their row. {@code stateSince} moves only when the state changes (first come, first
 * served among pending members depends on it); the reason is cut to its column and the IdP groups are stored sorted,
 * without duplicates, at most {@value #MAX_GROUPS_STORED}.
 */
final class MemberRows {

    static final int MAX_GROUPS_STORED = 500;
    static final int MAX_REASON = 2000;

    private MemberRows() {
    }

    /** A row for a user who has none yet, with no state until {@link #record} gives it one. */
    static MemberEntity newRow(String realmId, String userId, long now) {
        MemberEntity m = new MemberEntity();
        m.setId(KeycloakModelUtils.generateId());
        m.setRealmId(realmId);
        m.setUserId(userId);
        m.setCreatedAt(now);
        return m;
    }

    /** Records a standing; null {@code groups} store none. */
    static void record(MemberEntity m, MemberState state, String role, String tier, ProvisioningSource source,
            String reasonCode, String reason, Collection<String> groups, long now) {
        boolean stateChanged = m.getState() != state;
        m.setState(state);
        m.setRoleKey(role);
        m.setTierKey(tier);
        m.setSource(source.wireName());
        m.setReasonCode(reasonCode);
        m.setReason(reason == null ? null : reason.substring(0, Math.min(reason.length(), MAX_REASON)));
        m.setIdpGroups(storedGroups(groups));
        if (stateChanged || m.getStateSince() == 0) {
            m.setStateSince(now);
        }
        m.setUpdatedAt(now);
    }

    static List<String> storedGroups(Collection<String> groups) {
        if (groups == null) {
            return null;
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(groups));
        return sorted.size() > MAX_GROUPS_STORED ? List.copyOf(sorted.subList(0, MAX_GROUPS_STORED)) : sorted;
    }
}
