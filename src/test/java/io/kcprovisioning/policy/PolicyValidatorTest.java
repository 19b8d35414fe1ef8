package io.kcprovisioning.policy;

import static io.kcprovisioning.policy.PolicyFixtures.enterpriseSeats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

    private static List<String> fields(ProvisioningPolicy policy) {
        return PolicyValidator.validate(policy).stream().map(PolicyViolation::field).toList();
    }

    @Test
    void everySeededProfileIsValidInManualMode() {
        for (ProductProfile profile : ProductProfiles.all()) {
            assertThat(PolicyValidator.validate(ProvisioningPolicy.seededFrom(profile))).as(profile.id()).isEmpty();
        }
    }

    @Test
    void unconfiguredPolicyIsValid() {
        assertThat(PolicyValidator.validate(ProvisioningPolicy.unconfigured())).isEmpty();
    }

    @Test
    void teamProfileRefusesScimMode() {
        ProvisioningPolicy team = ProvisioningPolicy.seededFrom(ProductProfiles.require("team"))
                .withMode(ProvisioningMode.SCIM);

        assertThat(fields(team)).containsExactly("mode");
    }

    @Test
    void aModeTheProfileDoesNotAllowCarriesItsRuleAndTheModesAllowed() {
        ProvisioningPolicy team = ProvisioningPolicy.seededFrom(ProductProfiles.require("team"))
                .withMode(ProvisioningMode.SCIM);

        PolicyViolation v = PolicyValidator.validate(team).get(0);

        assertThat(v.code()).isEqualTo("modeNotAllowed");
        assertThat(v.args()).containsExactly("scim", "team", "manual, jit");
        assertThat(v.toString()).isEqualTo("mode: mode 'scim' is not allowed by profile 'team'");
    }

    @Test
    void aDuplicateGroupCarriesTheEntryKeyAndTheGroup() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.set(0, roles.get(0).withGroups(List.of("acme-owners", "ACME-Owners")));

        PolicyViolation v = PolicyValidator.validate(p.withRoles(roles)).get(0);

        assertThat(v.code()).isEqualTo("duplicateGroup");
        assertThat(v.args()).containsExactly(roles.get(0).key(), "ACME-Owners");
    }

    @Test
    void mappingsOnWithNoMappedRoleCarriesItsRule() {
        ProvisioningPolicy p = ProvisioningPolicy.seededFrom(ProductProfiles.require("enterprise-seats"))
                .withMode(ProvisioningMode.JIT).withGroupMappings(true);

        assertThat(PolicyValidator.validate(p)).extracting(PolicyViolation::code).containsExactly("noRoleMapped");
    }

    @Test
    void violationsOutsideTheTabsFieldsCarryNoRule() {
        ProvisioningPolicy p = new ProvisioningPolicy("platinum", ProvisioningMode.MANUAL, false, List.of(),
                List.of(), null, null, null);

        assertThat(PolicyValidator.validate(p)).extracting(PolicyViolation::code).containsOnlyNulls();
    }

    @Test
    void unknownProfileIsNamed() {
        ProvisioningPolicy p = new ProvisioningPolicy("platinum", ProvisioningMode.MANUAL, false, List.of(),
                List.of(), null, null, null);

        assertThat(fields(p)).containsExactly("profile");
    }

    @Test
    void jitAndScimNeedARole() {
        ProvisioningPolicy p = ProvisioningPolicy.unconfigured().withMode(ProvisioningMode.JIT);

        assertThat(fields(p)).containsExactly("roles");
    }

    @Test
    void duplicateKeysAreNamedAtTheSecondEntry() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.add(roles.get(0));

        assertThat(fields(p.withRoles(roles))).contains("roles[3].key");
    }

    @Test
    void keysMustBeLowercaseSlugs() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.set(1, new RoleDefinition("Admin Role", "Admin", RoleBinding.realmRole("x"), List.of("g")));

        assertThat(fields(p.withRoles(roles))).containsExactly("roles[1].key");
    }

    @Test
    void negativeCapacityIsNamed() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<SeatTierDefinition> tiers = new ArrayList<>(p.seatTiers());
        tiers.set(1, tiers.get(1).withCapacity(-1));

        assertThat(fields(p.withSeatTiers(tiers))).containsExactly("seatTiers[1].capacity");
    }

    @Test
    void mappingsOnWithNoMappedRoleIsRefusedBecauseEveryoneWouldBeRefused() {
        ProvisioningPolicy p = ProvisioningPolicy.seededFrom(ProductProfiles.require("enterprise-seats"))
                .withMode(ProvisioningMode.SCIM).withGroupMappings(true);

        assertThat(fields(p)).containsExactly("roles");
    }

    @Test
    void singleTierProfileRefusesTierMappings() {
        ProvisioningPolicy seeded = ProvisioningPolicy.seededFrom(ProductProfiles.require("enterprise-usage-single"));
        ProvisioningPolicy p = seeded.withSeatTiers(List.of(seeded.seatTiers().get(0).withGroups(List.of("g"))));

        assertThat(fields(p)).containsExactly("seatTiers[0].groups");
    }

    @Test
    void blankAndDuplicateGroupsAreNamed() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.set(0, roles.get(0).withGroups(List.of("a", " ", "A")));

        assertThat(fields(p.withRoles(roles))).containsExactly("roles[0].groups[1]", "roles[0].groups[2]");
    }

    @Test
    void nullEntryIsNamedByIndex() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.add(null);

        assertThat(fields(p.withRoles(roles))).containsExactly("roles[3]");
    }

    @Test
    void missingBindingIsNamed() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true);
        List<RoleDefinition> roles = new ArrayList<>(p.roles());
        roles.set(2, new RoleDefinition("user", "User", null, List.of("g")));

        assertThat(fields(p.withRoles(roles))).containsExactly("roles[2].binding");
    }

    @Test
    void contactTextsInKeycloakLocaleTagsAreValid() {
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact("the IT desk", Map.of(
                "fr", "le service informatique", "id", "bagian TI", "pt-BR", "a TI", "zh-Hant-TW", "IT"));

        assertThat(fields(p)).isEmpty();
    }

    @Test
    void contactTextUnderSomethingThatIsNotALanguageTagIsNamed() {
        Map<String, String> byLocale = new LinkedHashMap<>();
        byLocale.put("french", "le service informatique");
        byLocale.put("xx", "nobody speaks it");
        byLocale.put("fr_FR", "underscore");
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact(null, byLocale);

        assertThat(fields(p)).containsExactly("contactByLocale.french", "contactByLocale.xx",
                "contactByLocale.fr_FR");
    }

    @Test
    void blankOrOverlongContactTextIsNamedByItsLanguage() {
        Map<String, String> byLocale = new LinkedHashMap<>();
        byLocale.put("fr", " ");
        byLocale.put("id", "x".repeat(PolicyValidator.MAX_NAME_LENGTH + 1));
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact(null, byLocale);

        assertThat(fields(p)).containsExactly("contactByLocale.fr", "contactByLocale.id");
    }

    @Test
    void sameLanguageTwiceInOtherCaseIsNamed() {
        Map<String, String> byLocale = new LinkedHashMap<>();
        byLocale.put("pt-BR", "a TI");
        byLocale.put("pt-br", "a TI de novo");
        ProvisioningPolicy p = enterpriseSeats(ProvisioningMode.JIT, true).withContact(null, byLocale);

        assertThat(fields(p)).containsExactly("contactByLocale.pt-br");
    }
}
