package io.kcprovisioning.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.members.RoleGrantPlan.Change;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleGrantPlanTest {

    /** enterprise-seats: org-owner, org-admin, org-user; seat-premium, seat-standard. */
    private final ProvisioningPolicy policy = ProvisioningPolicy.seededFrom(
            ProductProfiles.require(ProductProfiles.ENTERPRISE_SEATS));

    /** Role ids are the realm role names here. */
    private static RoleGrantPlan plan(ProvisioningPolicy policy, String role, String tier) {
        return RoleGrantPlan.of(policy, role, tier, RoleBinding::role);
    }

    @Test
    void grantsTheDecidedRoleAndTierTheUserDoesNotHold() {
        assertThat(plan(policy, "admin", "premium").changes(Set.of()))
                .containsExactly(new Change("org-admin", true), new Change("seat-premium", true));
    }

    @Test
    void revokesEveryOtherCatalogRoleTheUserHolds() {
        assertThat(plan(policy, "user", "standard").changes(Set.of("org-owner", "org-user", "seat-premium")))
                .containsExactly(new Change("org-owner", false), new Change("seat-premium", false),
                        new Change("seat-standard", true));
    }

    @Test
    void noRoleAndNoTierRevokeEveryCatalogRoleHeld() {
        assertThat(plan(policy, null, null).changes(Set.of("org-admin", "seat-standard")))
                .containsExactlyInAnyOrder(new Change("org-admin", false), new Change("seat-standard", false));
    }

    @Test
    void changesNothingForAUserWhoHoldsExactlyTheDecision() {
        assertThat(plan(policy, "owner", "premium").changes(Set.of("org-owner", "seat-premium"))).isEmpty();
    }

    @Test
    void leavesRolesOutsideTheCatalogsAlone() {
        assertThat(plan(policy, "user", null).changes(Set.of("org-user", "offline_access", "billing")))
                .isEmpty();
    }

    @Test
    void aRoleBoundByTwoEntriesIsKeptWhenEitherIsDecidedAndGrantedOnce() {
        RoleBinding shared = RoleBinding.realmRole("product-access");
        ProvisioningPolicy sharing = policy
                .withRoles(List.of(new RoleDefinition("owner", "Owner", shared, List.of()),
                        new RoleDefinition("user", "User", RoleBinding.realmRole("org-user"), List.of())))
                .withSeatTiers(List.of(new SeatTierDefinition("premium", "Premium", 5, shared, List.of())));

        assertThat(plan(sharing, "user", "premium").changes(Set.of("product-access", "org-user"))).isEmpty();
        assertThat(plan(sharing, "owner", "premium").changes(Set.of()))
                .containsExactly(new Change("product-access", true));
        assertThat(plan(sharing, "user", null).changes(Set.of("product-access")))
                .containsExactly(new Change("product-access", false), new Change("org-user", true));
    }

    @Test
    void aBindingToARoleThatDoesNotExistIsLeftOut() {
        RoleGrantPlan plan = RoleGrantPlan.of(policy, "admin", "premium",
                binding -> binding.role().equals("org-admin") ? null : binding.role());

        assertThat(plan.changes(Set.of("org-owner"))).containsExactly(new Change("org-owner", false),
                new Change("seat-premium", true));
    }
}
