package io.kcprovisioning.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A product profile seeds a realm's role and seat-tier catalogs and says which provisioning modes the plan allows.
 *
 * @param id                 stable identifier ({@code enterprise-seats})
 * @param displayName        human-readable name
 * @param roles              the role catalog it seeds, most permissive first (empty for {@code custom})
 * @param seatTiers          the seat-tier catalog it seeds, highest first (empty when the plan has no tiers)
 * @param allowedModes       modes the plan allows
 * @param tierMappingAllowed whether seat tiers may be mapped to IdP groups (false for single-tier plans)
 * @param seedsCatalog       false for {@code custom}: applying it keeps the realm's current catalogs
 */
public record ProductProfile(
        String id,
        String displayName,
        List<RoleDefinition> roles,
        List<SeatTierDefinition> seatTiers,
        Set<ProvisioningMode> allowedModes,
        boolean tierMappingAllowed,
        boolean seedsCatalog) {

    public ProductProfile {
        roles = List.copyOf(roles);
        seatTiers = List.copyOf(seatTiers);
        allowedModes = Set.copyOf(allowedModes.isEmpty() ? EnumSet.noneOf(ProvisioningMode.class) : allowedModes);
    }

    public boolean allows(ProvisioningMode mode) {
        return allowedModes.contains(mode);
    }
}
