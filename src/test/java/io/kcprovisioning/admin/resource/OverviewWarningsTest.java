package io.kcprovisioning.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.jit.BrokerFlows;
import io.kcprovisioning.members.SeatUsage;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewWarningsTest {

    private static final ProvisioningPolicy SEATS = ProvisioningPolicy.seededFrom(
            ProductProfiles.require(ProductProfiles.ENTERPRISE_SEATS)).withMode(ProvisioningMode.JIT);
    private static final List<SeatUsage> WITHIN = List.of(new SeatUsage("premium", "Premium", 2, 2, 0),
            new SeatUsage("standard", "Standard", 3, 0, 1), new SeatUsage(null, "any tier", 0, 0, 0));
    private static final BrokerFlows.IdpWiring WIRED = new BrokerFlows.IdpWiring("okta", "a", "b", true, null);
    private static final BrokerFlows.IdpWiring CUSTOM = new BrokerFlows.IdpWiring("partner", "custom", null, false,
            "set its post broker login flow to 'provisioning post broker login'");

    @Test
    void nothingToSayWhenTheTopRoleIsHeldSeatsFitAndEveryIdpIsWired() {
        assertThat(OverviewWarnings.of(SEATS, WITHIN, true, List.of(WIRED))).isEmpty();
    }

    @Test
    void nobodyInTheMostPermissiveRoleIsALockoutRiskNamingTheRole() {
        List<OverviewWarnings.Warning> warnings = OverviewWarnings.of(SEATS, WITHIN, false, List.of());

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("lockout-risk");
            assertThat(w.params()).isEqualTo(Map.of("role", "Owner"));
            assertThat(w.message()).contains("Owner");
        });
    }

    @Test
    void manualModeHasNoLockoutRiskNorWiringToDo() {
        ProvisioningPolicy manual = SEATS.withMode(ProvisioningMode.MANUAL);

        assertThat(OverviewWarnings.of(manual, WITHIN, false, List.of(CUSTOM))).isEmpty();
    }

    @Test
    void aCatalogWithoutRolesHasNoLockoutRisk() {
        ProvisioningPolicy noRoles = SEATS.withRoles(List.of());

        assertThat(OverviewWarnings.of(noRoles, WITHIN, false, List.of())).isEmpty();
    }

    @Test
    void aTierWithMoreSeatsUsedThanPurchasedIsOverCapacityByItsName() {
        List<SeatUsage> over = List.of(new SeatUsage("premium", "Premium", 2, 3, 0));

        List<OverviewWarnings.Warning> warnings = OverviewWarnings.of(SEATS, over, true, List.of());

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("over-capacity");
            assertThat(w.params()).isEqualTo(Map.of("tier", "Premium", "used", "3", "capacity", "2"));
        });
    }

    @Test
    void aFullTierIsNotOverCapacity() {
        assertThat(OverviewWarnings.of(SEATS, List.of(new SeatUsage("premium", "Premium", 2, 2, 5)), true,
                List.of())).isEmpty();
    }

    @Test
    void eachIdpThatIsNotWiredIsNamedWithWhatIsMissing() {
        List<OverviewWarnings.Warning> warnings = OverviewWarnings.of(SEATS, WITHIN, true, List.of(WIRED, CUSTOM));

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("idp-not-wired");
            assertThat(w.params()).containsEntry("idp", "partner")
                    .containsEntry("missing", "set its post broker login flow to 'provisioning post broker login'");
        });
    }
}
