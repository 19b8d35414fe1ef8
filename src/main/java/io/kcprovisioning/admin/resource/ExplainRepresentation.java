package io.kcprovisioning.admin.resource;

import io.kcprovisioning.members.MemberView;
import io.kcprovisioning.policy.Decision;
import java.util.List;

/**
 * Why a user has the standing they have: the IdP groups last seen, the stored standing, and what the policy
 * decides for those groups now (with the mappings that matched and the reason).
 */
record ExplainRepresentation(String userId, String username, List<String> groups, MemberView member,
        DecisionRepresentation decision) {

    record DecisionRepresentation(String outcome, String role, String tier, String reason, String message,
            List<String> roleGroups, List<String> tierGroups) {

        static DecisionRepresentation of(Decision d) {
            return new DecisionRepresentation(d.outcome().name().toLowerCase(java.util.Locale.ROOT), d.roleKey(),
                    d.tierKey(), d.reason().wireName(), d.message(), d.roleGroups(), d.tierGroups());
        }
    }
}
