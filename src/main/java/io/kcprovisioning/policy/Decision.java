package io.kcprovisioning.policy;

import java.util.List;

/**
 * The outcome of {@link PolicyEngine#decide}.
 *
 * @param outcome      admit, pending, refuse or not managed
 * @param roleKey      the decided role (null when refused or not managed)
 * @param tierKey      the decided seat tier; for PENDING the tier waited for (null: any tier); null when the realm
 *                     has no seat tiers
 * @param reason       machine-readable reason
 * @param message      human-readable explanation for admins, in English
 * @param roleGroups   the user's groups that matched the decided role's mapping
 * @param tierGroups   the user's groups that matched the decided tier's mapping
 */
public record Decision(
        Outcome outcome,
        String roleKey,
        String tierKey,
        ReasonCode reason,
        String message,
        List<String> roleGroups,
        List<String> tierGroups) {

    public Decision {
        roleGroups = roleGroups == null ? List.of() : List.copyOf(roleGroups);
        tierGroups = tierGroups == null ? List.of() : List.copyOf(tierGroups);
    }

    public boolean admitted() {
        return outcome == Outcome.ADMIT;
    }
}
