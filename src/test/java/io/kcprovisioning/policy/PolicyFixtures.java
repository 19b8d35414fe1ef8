package io.kcprovisioning.policy;

import java.util.List;
import java.util.Map;

/** Policies for unit tests, built from the real profiles. */
final class PolicyFixtures {

    private PolicyFixtures() {
    }

    /** enterprise-seats: Owner, Admin, User; Premium (cap 2), Standard (cap 3); mappings as given. */
    static ProvisioningPolicy enterpriseSeats(ProvisioningMode mode, boolean mappings) {
        ProvisioningPolicy seeded = ProvisioningPolicy.seededFrom(ProductProfiles.require(
                ProductProfiles.ENTERPRISE_SEATS));
        return seeded.withMode(mode).withGroupMappings(mappings)
                .withRoles(List.of(
                        seeded.roles().get(0).withGroups(List.of("acme-owners")),
                        seeded.roles().get(1).withGroups(List.of("acme-admins", "acme-it")),
                        seeded.roles().get(2).withGroups(List.of("acme-staff"))))
                .withSeatTiers(List.of(
                        seeded.seatTiers().get(0).withCapacity(2).withGroups(List.of("acme-premium")),
                        seeded.seatTiers().get(1).withCapacity(3).withGroups(List.of("acme-standard"))));
    }

    static SeatAvailability free(int premium, int standard) {
        return SeatAvailability.of(Map.of("premium", premium, "standard", standard));
    }
}
