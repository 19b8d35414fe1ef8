package io.kcprovisioning.policy;

import static io.kcprovisioning.policy.PolicyFixtures.enterpriseSeats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningPolicyTest {

    @Test
    void switchingProfileKeepsCapacitiesAndMappingsOfEntriesThatStay() {
        ProvisioningPolicy seats = enterpriseSeats(ProvisioningMode.JIT, true);

        ProvisioningPolicy team = seats.withProfile(ProductProfiles.require("team"));

        assertThat(team.profile()).isEqualTo("team");
        assertThat(team.role("owner").orElseThrow().groups()).containsExactly("acme-owners");
        assertThat(team.seatTier("premium").orElseThrow().capacity()).isEqualTo(2);
        assertThat(team.mode()).isEqualTo(ProvisioningMode.JIT);
    }

    @Test
    void switchingToAProfileWithOtherTiersReplacesThem() {
        ProvisioningPolicy twoTiers = enterpriseSeats(ProvisioningMode.JIT, true)
                .withProfile(ProductProfiles.require("enterprise-usage-two-tiers"));

        assertThat(twoTiers.seatTiers()).extracting(SeatTierDefinition::key).containsExactly("chat-claude-code",
                "chat");
        assertThat(twoTiers.seatTiers()).allSatisfy(t -> assertThat(t.capacity()).isZero());
    }

    @Test
    void switchingToASingleTierProfileDropsTierMappings() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true)
                .withProfile(ProductProfiles.require("enterprise-usage-single"));

        assertThat(p.seatTiers()).singleElement().satisfies(t -> assertThat(t.groups()).isEmpty());
    }

    @Test
    void switchingToCustomKeepsTheCatalogs() {
        ProvisioningPolicy seats = enterpriseSeats(ProvisioningMode.SCIM, true);

        ProvisioningPolicy custom = seats.withProfile(ProductProfiles.require("custom"));

        assertThat(custom.roles()).isEqualTo(seats.roles());
        assertThat(custom.seatTiers()).isEqualTo(seats.seatTiers());
    }

    @Test
    void lowestRoleIsTheLastOfTheCatalog() {
        assertThat(enterpriseSeats(ProvisioningMode.JIT, false).lowestRole().orElseThrow().key()).isEqualTo("user");
    }

    @Test
    void contactForAPageLanguageIsItsOwnTextElseTheDefault() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact("the IT desk",
                Map.of("fr", "le service informatique", "id", "bagian TI"));

        assertThat(p.contactFor(Locale.FRENCH)).isEqualTo("le service informatique");
        assertThat(p.contactFor(Locale.forLanguageTag("id"))).isEqualTo("bagian TI");
        assertThat(p.contactFor(Locale.GERMAN)).isEqualTo("the IT desk");
        assertThat(p.contactFor(null)).isEqualTo("the IT desk");
    }

    @Test
    void contactForARegionalLocaleFallsBackToItsLanguage() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact("the IT desk",
                Map.of("pt", "a TI", "PT-br", "a TI do Brasil"));

        assertThat(p.contactFor(Locale.forLanguageTag("pt-BR"))).isEqualTo("a TI do Brasil");
        assertThat(p.contactFor(Locale.forLanguageTag("pt-PT"))).isEqualTo("a TI");
    }

    @Test
    void contactForAnyLanguageIsNullWithoutAnyContact() {
        assertThat(enterpriseSeats(ProvisioningMode.JIT, true).contactFor(Locale.FRENCH)).isNull();
    }

    @Test
    void switchingProfileKeepsTheContactTexts() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact("the IT desk",
                Map.of("fr", "le service informatique"));

        assertThat(p.withProfile(ProductProfiles.require("team")).contactByLocale())
                .containsExactly(Map.entry("fr", "le service informatique"));
    }
}
