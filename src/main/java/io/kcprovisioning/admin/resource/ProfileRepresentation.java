package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import java.util.List;

/** A product profile as the admin API lists it. */
record ProfileRepresentation(
        String id,
        String displayName,
        List<String> allowedModes,
        boolean tierMappingAllowed,
        boolean seedsCatalog,
        List<PolicyJson.RoleRepresentation> roles,
        List<PolicyJson.SeatTierRepresentation> seatTiers) {

    static ProfileRepresentation of(ProductProfile profile) {
        PolicyJson.PolicyRepresentation seeded = PolicyJson.toRepresentation(ProvisioningPolicy.seededFrom(profile));
        List<String> modes = java.util.Arrays.stream(ProvisioningMode.values())
                .filter(profile::allows)
                .map(ProvisioningMode::wireName)
                .toList();
        return new ProfileRepresentation(profile.id(), profile.displayName(), modes, profile.tierMappingAllowed(),
                profile.seedsCatalog(), seeded.roles(), seeded.seatTiers());
    }
}
