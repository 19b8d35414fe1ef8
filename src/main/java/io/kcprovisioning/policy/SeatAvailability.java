package io.kcprovisioning.policy;

import java.util.Map;

/**
 * Free seats per tier at the time of a decision, not counting the seat the user being decided already holds.
 */
@FunctionalInterface
public interface SeatAvailability {

    int free(String tierKey);

    static SeatAvailability of(Map<String, Integer> freeByTier) {
        Map<String, Integer> copy = Map.copyOf(freeByTier);
        return tier -> Math.max(0, copy.getOrDefault(tier, 0));
    }

    /** Availability when nobody holds a seat yet: every tier's full capacity. */
    static SeatAvailability allFree(ProvisioningPolicy policy) {
        return tier -> policy.seatTier(tier).map(SeatTierDefinition::capacity).orElse(0);
    }
}
