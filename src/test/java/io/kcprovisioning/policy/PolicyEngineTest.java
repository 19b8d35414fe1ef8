package io.kcprovisioning.policy;

import static io.kcprovisioning.policy.PolicyFixtures.enterpriseSeats;
import static io.kcprovisioning.policy.PolicyFixtures.free;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row (and per rule) of PRODUCT.md's behaviour table, sections 1, 3 and 4. */
class PolicyEngineTest {

    @Nested
    class Manual {

        @Test
        void manualModeManagesNobody() {
            Decision d = PolicyEngine.decide(enterpriseSeats(ProvisioningMode.MANUAL, true), Set.of("acme-owners"),
                    null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.NOT_MANAGED);
            assertThat(d.reason()).isEqualTo(ReasonCode.MANUAL_MODE);
            assertThat(d.roleKey()).isNull();
        }
    }

    @Nested
    class JitWithoutMappings {

        private final ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.JIT, false);

        @Test
        void newUserGetsTheLowestRole() {
            Decision d = PolicyEngine.decide(policy, Set.of(), null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("user");
            assertThat(d.reason()).isEqualTo(ReasonCode.LOWEST_ROLE);
        }

        @Test
        void groupsAreIgnoredWhenMappingsAreOff() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-owners"), null, free(2, 3));

            assertThat(d.roleKey()).isEqualTo("user");
        }

        @Test
        void memberKeepsTheRoleAnAdminGave() {
            Decision d = PolicyEngine.decide(policy, Set.of(), Membership.active("admin", "standard"), free(0, 0));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("admin");
            assertThat(d.tierKey()).isEqualTo("standard");
            assertThat(d.reason()).isEqualTo(ReasonCode.CURRENT_ROLE_KEPT);
        }

        @Test
        void newUserGetsTheHighestTierWithAFreeSeat() {
            assertThat(PolicyEngine.decide(policy, Set.of(), null, free(1, 3)).tierKey()).isEqualTo("premium");
            assertThat(PolicyEngine.decide(policy, Set.of(), null, free(0, 3)).tierKey()).isEqualTo("standard");
        }

        @Test
        void noFreeSeatMakesTheUserPending() {
            Decision d = PolicyEngine.decide(policy, Set.of(), null, free(0, 0));

            assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
            assertThat(d.roleKey()).isEqualTo("user");
            assertThat(d.reason()).isEqualTo(ReasonCode.NO_SEAT_AVAILABLE);
        }

        @Test
        void deprovisionedUserComesBackWithTheLowestRole() {
            Decision d = PolicyEngine.decide(policy, Set.of(),
                    new Membership(MemberState.DEPROVISIONED, "owner", null), free(1, 1));

            assertThat(d.roleKey()).isEqualTo("user");
        }
    }

    @Nested
    class JitWithMappings {

        private final ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.JIT, true);

        @Test
        void refusesUserInNoMappedGroup() {
            Decision d = PolicyEngine.decide(policy, Set.of("marketing", "everyone"), null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
            assertThat(d.reason()).isEqualTo(ReasonCode.NO_MAPPED_GROUP);
            assertThat(d.message()).contains("everyone, marketing");
        }

        @Test
        void refusesUserWithNoGroupClaim() {
            assertThat(PolicyEngine.decide(policy, List.of(), null, free(2, 3)).outcome()).isEqualTo(Outcome.REFUSE);
            assertThat(PolicyEngine.decide(policy, null, null, free(2, 3)).outcome()).isEqualTo(Outcome.REFUSE);
        }

        @Test
        void mostPermissiveRoleWins() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff", "acme-it", "marketing"), null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("admin");
            assertThat(d.reason()).isEqualTo(ReasonCode.ROLE_FROM_GROUPS);
            assertThat(d.roleGroups()).containsExactly("acme-it");
        }

        @Test
        void groupNamesMatchWhateverTheirCase() {
            Decision d = PolicyEngine.decide(policy, Set.of("ACME-Owners"), null, free(2, 3));

            assertThat(d.roleKey()).isEqualTo("owner");
            assertThat(d.roleGroups()).containsExactly("ACME-Owners");
        }

        @Test
        void roleFollowsGroupsAtEveryLogin() {
            Membership owner = Membership.active("owner", "premium");

            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff"), owner, free(0, 0));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("user");
            assertThat(d.tierKey()).isEqualTo("premium");
        }

        @Test
        void memberWhoLostEveryMappedGroupIsRefused() {
            Decision d = PolicyEngine.decide(policy, Set.of("marketing"), Membership.active("admin", "standard"),
                    free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
        }

        @Test
        void tierComesFromTheHighestMappedTierGroup() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff", "acme-standard", "acme-premium"), null,
                    free(2, 3));

            assertThat(d.tierKey()).isEqualTo("premium");
            assertThat(d.tierGroups()).containsExactly("acme-premium");
        }

        @Test
        void userInNoTierGroupGetsTheHighestTierWithAFreeSeat() {
            assertThat(PolicyEngine.decide(policy, Set.of("acme-staff"), null, free(1, 3)).tierKey())
                    .isEqualTo("premium");
            assertThat(PolicyEngine.decide(policy, Set.of("acme-staff"), null, free(0, 1)).tierKey())
                    .isEqualTo("standard");
        }

        @Test
        void fullMappedTierMakesANewUserPendingForThatTier() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff", "acme-premium"), null, free(0, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
            assertThat(d.tierKey()).isEqualTo("premium");
            assertThat(d.reason()).isEqualTo(ReasonCode.MAPPED_TIER_FULL);
        }

        @Test
        void memberKeepsTheSeatTheyHoldWhileTheirMappedTierIsFull() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff", "acme-premium"),
                    Membership.active("user", "standard"), free(0, 0));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.tierKey()).isEqualTo("standard");
            assertThat(d.message()).contains("while mapped tier Premium is full");
        }

        @Test
        void memberMovesToTheirMappedTierWhenItHasASeat() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff", "acme-premium"),
                    Membership.active("user", "standard"), free(1, 0));

            assertThat(d.tierKey()).isEqualTo("premium");
        }

        @Test
        void memberInNoTierGroupKeepsTheSeatTheyHold() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff"), Membership.active("user", "standard"),
                    free(2, 0));

            assertThat(d.tierKey()).isEqualTo("standard");
        }

        @Test
        void pendingUserGetsASeatOnceOneIsFree() {
            Membership pending = Membership.pending("user", null);

            assertThat(PolicyEngine.decide(policy, Set.of("acme-staff"), pending, free(0, 0)).outcome())
                    .isEqualTo(Outcome.PENDING);
            assertThat(PolicyEngine.decide(policy, Set.of("acme-staff"), pending, free(0, 1)).outcome())
                    .isEqualTo(Outcome.ADMIT);
        }

        @Test
        void seatOfATierThatLeftTheCatalogIsNotKept() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-staff"), Membership.active("user", "gold"),
                    free(0, 1));

            assertThat(d.tierKey()).isEqualTo("standard");
        }
    }

    @Nested
    class ScimWithoutMappings {

        private final ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.SCIM, false);

        @Test
        void pushedUserIsProvisionedWithTheLowestRole() {
            Decision d = PolicyEngine.decide(policy, Set.of("anything"), null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("user");
        }

        @Test
        void adminsChangeRolesAndTheyStick() {
            Decision d = PolicyEngine.decide(policy, Set.of(), Membership.active("owner", "premium"), free(0, 0));

            assertThat(d.roleKey()).isEqualTo("owner");
            assertThat(d.tierKey()).isEqualTo("premium");
        }
    }

    @Nested
    class ScimWithMappings {

        private final ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.SCIM, true);

        @Test
        void pushedUserInAMappedGroupGetsTheRoleTheirGroupsGive() {
            Decision d = PolicyEngine.decide(policy, Set.of("acme-admins"), null, free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("admin");
        }

        @Test
        void roleAndTierFollowGroupMembershipChanges() {
            Membership before = Membership.active("user", "standard");

            Decision d = PolicyEngine.decide(policy, Set.of("acme-owners", "acme-premium"), before, free(1, 0));

            assertThat(d.roleKey()).isEqualTo("owner");
            assertThat(d.tierKey()).isEqualTo("premium");
        }

        @Test
        void losingAllMappedGroupsDeprovisions() {
            Decision d = PolicyEngine.decide(policy, Set.of(), Membership.active("user", "standard"), free(2, 3));

            assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
            assertThat(d.reason()).isEqualTo(ReasonCode.NO_MAPPED_GROUP);
        }
    }

    @Nested
    class Profiles {

        @Test
        void profileWithoutSeatTiersAdmitsWithoutATier() {
            ProvisioningPolicy console = ProvisioningPolicy.seededFrom(ProductProfiles.require("console"))
                    .withMode(ProvisioningMode.JIT);

            Decision d = PolicyEngine.decide(console, Set.of(), null, tier -> 0);

            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.roleKey()).isEqualTo("user");
            assertThat(d.tierKey()).isNull();
        }

        @Test
        void singleTierProfileGivesEveryMemberItsTierWhileCapacityLasts() {
            ProvisioningPolicy single = ProvisioningPolicy.seededFrom(ProductProfiles.require(
                    "enterprise-usage-single")).withMode(ProvisioningMode.SCIM);

            assertThat(PolicyEngine.decide(single, Set.of(), null, tier -> 1).tierKey()).isEqualTo("enterprise");
            assertThat(PolicyEngine.decide(single, Set.of(), null, tier -> 0).outcome())
                    .isEqualTo(Outcome.PENDING);
        }

        @Test
        void emptyRoleCatalogRefuses() {
            ProvisioningPolicy empty = ProvisioningPolicy.unconfigured().withMode(ProvisioningMode.JIT);

            assertThat(PolicyEngine.decide(empty, Set.of(), null, tier -> 1).reason())
                    .isEqualTo(ReasonCode.NO_ROLE_CATALOG);
        }
    }
}
