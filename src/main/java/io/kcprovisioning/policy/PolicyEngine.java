package io.kcprovisioning.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one decision function that JIT, SCIM, Sync now and previews share, so they cannot disagree.
 *
 * <p>Rules (PRODUCT.md sections 1, 3 and 4):
 * <ul>
 * <li>Manual mode: not managed.</li>
 * <li>Without group mappings: a new user gets the lowest role; a current member keeps the role an admin gave.</li>
 * <li>With group mappings: the most permissive role among the user's mapped groups; no mapped group: refused.</li>
 * <li>Seat tier: the highest tier among the user's mapped tier groups; a user in no tier group keeps the seat
 * they hold, or else gets the highest tier with a free seat. No seat free: pending.</li>
 * </ul>
 * Group names are compared case-insensitively and the result never depends on the order of the groups.
 */
public final class PolicyEngine {

    private PolicyEngine() {
    }

    /**
     * Decides a user's standing.
     *
     * @param policy  the realm's policy
     * @param groups  the user's IdP groups (names, ids or externalIds as the IdP sends them); may be empty
     * @param current the user's current standing, or null for a user who is not known yet
     * @param seats   free seats per tier, not counting a seat the user already holds
     */
    public static Decision decide(ProvisioningPolicy policy, Collection<String> groups, Membership current,
            SeatAvailability seats) {
        if (policy.mode() == ProvisioningMode.MANUAL) {
            return new Decision(Outcome.NOT_MANAGED, null, null, ReasonCode.MANUAL_MODE,
                    "Manual mode: users are added and changed by admins", List.of(), List.of());
        }
        if (policy.roles().isEmpty()) {
            return new Decision(Outcome.REFUSE, null, null, ReasonCode.NO_ROLE_CATALOG,
                    "The role catalog is empty", List.of(), List.of());
        }
        Map<String, String> userGroups = normalize(groups);

        // Role
        RoleDefinition role;
        ReasonCode roleReason;
        List<String> roleGroups = List.of();
        String roleMessage;
        if (policy.groupMappings()) {
            role = null;
            for (RoleDefinition candidate : policy.roles()) {
                List<String> matched = matches(candidate.groups(), userGroups);
                if (!matched.isEmpty()) {
                    role = candidate;
                    roleGroups = matched;
                    break;
                }
            }
            if (role == null) {
                String seen = userGroups.isEmpty() ? "none" : String.join(", ", sorted(userGroups.values()));
                return new Decision(Outcome.REFUSE, null, null, ReasonCode.NO_MAPPED_GROUP,
                        "Not in any group mapped to a role (groups seen: " + seen + ")", List.of(), List.of());
            }
            roleReason = ReasonCode.ROLE_FROM_GROUPS;
            roleMessage = "Role " + role.name() + " from group " + quoteAll(roleGroups)
                    + " (most permissive mapped role)";
        } else if (current != null && current.state() != MemberState.DEPROVISIONED && current.roleKey() != null
                && policy.role(current.roleKey()).isPresent()) {
            role = policy.role(current.roleKey()).get();
            roleReason = ReasonCode.CURRENT_ROLE_KEPT;
            roleMessage = "Role " + role.name() + " kept (group mappings are off: admins change roles)";
        } else {
            role = policy.lowestRole().orElseThrow();
            roleReason = ReasonCode.LOWEST_ROLE;
            roleMessage = "Role " + role.name() + " (lowest role: group mappings are off)";
        }

        if (!policy.hasSeatTiers()) {
            return new Decision(Outcome.ADMIT, role.key(), null, roleReason, roleMessage, roleGroups, List.of());
        }

        // Seat tier
        String held = current == null ? null : current.heldTier();
        if (held != null && policy.seatTier(held).isEmpty()) {
            held = null; // the tier left the catalog: the seat is gone with it
        }
        SeatTierDefinition mapped = null;
        List<String> tierGroups = List.of();
        if (policy.groupMappings()) {
            for (SeatTierDefinition candidate : policy.seatTiers()) {
                List<String> matched = matches(candidate.groups(), userGroups);
                if (!matched.isEmpty()) {
                    mapped = candidate;
                    tierGroups = matched;
                    break;
                }
            }
        }
        if (mapped != null) {
            if (mapped.key().equals(held) || seats.free(mapped.key()) > 0) {
                return new Decision(Outcome.ADMIT, role.key(), mapped.key(), roleReason,
                        roleMessage + "; seat tier " + mapped.name() + " from group " + quoteAll(tierGroups),
                        roleGroups, tierGroups);
            }
            if (held != null) {
                SeatTierDefinition heldTier = policy.seatTier(held).orElseThrow();
                return new Decision(Outcome.ADMIT, role.key(), held, roleReason,
                        roleMessage + "; keeps seat tier " + heldTier.name() + " while mapped tier " + mapped.name()
                                + " is full", roleGroups, tierGroups);
            }
            return new Decision(Outcome.PENDING, role.key(), mapped.key(), ReasonCode.MAPPED_TIER_FULL,
                    roleMessage + "; pending: seat tier " + mapped.name() + " (from group " + quoteAll(tierGroups)
                            + ") has no free seat of " + mapped.capacity(), roleGroups, tierGroups);
        }
        if (held != null) {
            SeatTierDefinition heldTier = policy.seatTier(held).orElseThrow();
            return new Decision(Outcome.ADMIT, role.key(), held, roleReason,
                    roleMessage + "; keeps seat tier " + heldTier.name(), roleGroups, List.of());
        }
        for (SeatTierDefinition candidate : policy.seatTiers()) {
            if (seats.free(candidate.key()) > 0) {
                return new Decision(Outcome.ADMIT, role.key(), candidate.key(), roleReason,
                        roleMessage + "; seat tier " + candidate.name() + " (highest tier with a free seat)",
                        roleGroups, List.of());
            }
        }
        return new Decision(Outcome.PENDING, role.key(), null, ReasonCode.NO_SEAT_AVAILABLE,
                roleMessage + "; pending: no seat is free in any tier", roleGroups, List.of());
    }

    /** Lowercased group name to the first spelling seen, for matching independent of case and order. */
    private static Map<String, String> normalize(Collection<String> groups) {
        Map<String, String> out = new HashMap<>();
        if (groups == null) {
            return out;
        }
        for (String group : groups) {
            if (group == null || group.isBlank()) {
                continue;
            }
            String trimmed = group.trim();
            out.merge(trimmed.toLowerCase(Locale.ROOT), trimmed,
                    (a, b) -> a.compareTo(b) <= 0 ? a : b); // deterministic spelling whatever the order
        }
        return out;
    }

    private static List<String> matches(List<String> mapped, Map<String, String> userGroups) {
        TreeSet<String> found = new TreeSet<>(Comparator.naturalOrder());
        for (String group : mapped) {
            String spelled = userGroups.get(group.trim().toLowerCase(Locale.ROOT));
            if (spelled != null) {
                found.add(spelled);
            }
        }
        return new ArrayList<>(found);
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }

    private static String quoteAll(List<String> groups) {
        return String.join(", ", groups.stream().map(g -> "'" + g + "'").toList());
    }
}
