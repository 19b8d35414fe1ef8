package io.kcprovisioning.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningTabFormTest {

    /** enterprise-seats in JIT with mappings: owner ← acme-owners, admin ← acme-admins + acme-it; Premium 2, Standard 3. */
    private static ProvisioningPolicy enterpriseSeats() {
        ProvisioningPolicy seeded = ProvisioningPolicy.seededFrom(ProductProfiles.require(
                ProductProfiles.ENTERPRISE_SEATS));
        return seeded.withMode(ProvisioningMode.JIT).withGroupMappings(true)
                .withRoles(List.of(
                        seeded.roles().get(0).withGroups(List.of("acme-owners")),
                        seeded.roles().get(1).withGroups(List.of("acme-admins", "acme-it")),
                        seeded.roles().get(2)))
                .withSeatTiers(List.of(
                        seeded.seatTiers().get(0).withCapacity(2).withGroups(List.of("acme-premium")),
                        seeded.seatTiers().get(1).withCapacity(3)))
                .withContact("the Acme IT desk");
    }

    private static Map<String, String> form(ProvisioningPolicy policy, String field, String value) {
        Map<String, String> form = new HashMap<>(ProvisioningTabForm.fromPolicy(policy));
        form.put(field, value);
        return form;
    }

    private static String row(String key, String value) {
        return "[{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}]";
    }

    private static TabFormException refusal(ProvisioningPolicy current, Map<String, String> form) {
        try {
            ProvisioningTabForm.toPolicy(current, form);
        } catch (TabFormException e) {
            return e;
        }
        throw new AssertionError("the form was accepted");
    }

    @Test
    void aRealmThatNeverHadAPolicyShowsCustomInManualMode() {
        Map<String, String> form = ProvisioningTabForm.fromPolicy(ProvisioningPolicy.unconfigured());

        assertThat(form).containsEntry("profile", "custom").containsEntry("mode", "manual")
                .containsEntry("groupMappings", "false").containsEntry("roleGroups", "[]")
                .containsEntry("tierGroups", "[]").containsEntry("seatCapacities", "[]")
                .containsEntry("jitGroupClaim", "groups").containsEntry("contact", "");
    }

    @Test
    void theFormShowsEveryRoleAndTierWithItsGroupsAndCapacity() {
        Map<String, String> form = ProvisioningTabForm.fromPolicy(enterpriseSeats());

        assertThat(form.get("roleGroups")).isEqualTo("[{\"key\":\"owner\",\"value\":\"acme-owners\"},"
                + "{\"key\":\"admin\",\"value\":\"acme-admins, acme-it\"},{\"key\":\"user\",\"value\":\"\"}]");
        assertThat(form.get("tierGroups")).isEqualTo("[{\"key\":\"premium\",\"value\":\"acme-premium\"},"
                + "{\"key\":\"standard\",\"value\":\"\"}]");
        assertThat(form.get("seatCapacities")).isEqualTo("[{\"key\":\"premium\",\"value\":\"2\"},"
                + "{\"key\":\"standard\",\"value\":\"3\"}]");
        assertThat(form).containsEntry("mode", "jit").containsEntry("groupMappings", "true")
                .containsEntry("contact", "the Acme IT desk");
    }

    @Test
    void savingTheFormAsShownChangesNothing() {
        for (ProvisioningPolicy policy : List.of(ProvisioningPolicy.unconfigured(), enterpriseSeats(),
                ProvisioningPolicy.seededFrom(ProductProfiles.require(ProductProfiles.CONSOLE)))) {
            assertThat(ProvisioningTabForm.toPolicy(policy, ProvisioningTabForm.fromPolicy(policy)))
                    .isEqualTo(policy);
        }
    }

    @Test
    void anEmptyFormChangesNothing() {
        assertThat(ProvisioningTabForm.toPolicy(enterpriseSeats(), Map.of())).isEqualTo(enterpriseSeats());
    }

    @Test
    void whatTheFormDoesNotHoldIsKept() {
        RoleBinding clientRole = RoleBinding.clientRole("billing-app", "owner");
        ProvisioningPolicy current = enterpriseSeats().withRoles(List.of(
                new RoleDefinition("owner", "Proprietor", clientRole, List.of("acme-owners")),
                enterpriseSeats().roles().get(1), enterpriseSeats().roles().get(2)));

        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(current, form(current, "roleGroups",
                row("owner", "acme-founders")));

        assertThat(saved.roles().get(0)).isEqualTo(new RoleDefinition("owner", "Proprietor", clientRole,
                List.of("acme-founders")));
        assertThat(saved.scim()).isEqualTo(current.scim());
        assertThat(saved.jit().groupClaimsByIdp()).isEqualTo(current.jit().groupClaimsByIdp());
    }

    @Test
    void groupsAreCommaSeparatedAndTrimmed() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "roleGroups", row("user", " acme-staff ,, acme-contractors,")));

        assertThat(saved.role("user").orElseThrow().groups()).containsExactly("acme-staff", "acme-contractors");
    }

    @Test
    void anEmptyValueMapsNoGroup() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "tierGroups", row("premium", "")));

        assertThat(saved.seatTier("premium").orElseThrow().groups()).isEmpty();
    }

    @Test
    void aRowMissingFromTheMapKeepsItsGroups() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "roleGroups", row("owner", "acme-founders")));

        assertThat(saved.role("admin").orElseThrow().groups()).containsExactly("acme-admins", "acme-it");
        assertThat(saved.role("owner").orElseThrow().groups()).containsExactly("acme-founders");
    }

    @Test
    void anUnchangedRowKeepsGroupNamesThatHoldACommaAsTheyAre() {
        ProvisioningPolicy current = enterpriseSeats().withRoles(List.of(
                enterpriseSeats().roles().get(0).withGroups(List.of("Sales, EMEA")),
                enterpriseSeats().roles().get(1), enterpriseSeats().roles().get(2)));

        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(current, form(current, "mode", "manual"));

        assertThat(saved.role("owner").orElseThrow().groups()).containsExactly("Sales, EMEA");
    }

    @Test
    void aRoleKeyThatIsNotInTheCatalogIsRefusedNamingIt() {
        TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "roleGroups",
                row("ownr", "acme-owners")));

        assertThat(e.messageKey()).isEqualTo("provisioningTabUnknownRoleKey");
        assertThat(e.params()).containsExactly("provisioningTabRoleGroups", "ownr", "owner, admin, user");
    }

    @Test
    void aTierKeyThatIsNotInTheCatalogIsRefusedNamingIt() {
        TabFormException groups = refusal(enterpriseSeats(), form(enterpriseSeats(), "tierGroups",
                row("platinum", "acme-vip")));
        TabFormException capacity = refusal(enterpriseSeats(), form(enterpriseSeats(), "seatCapacities",
                row("platinum", "4")));

        assertThat(groups.messageKey()).isEqualTo("provisioningTabUnknownTierKey");
        assertThat(groups.params()).containsExactly("provisioningTabTierGroups", "platinum", "premium, standard");
        assertThat(capacity.params()).containsExactly("provisioningTabSeatCapacities", "platinum",
                "premium, standard");
    }

    @Test
    void aCatalogWithoutEntriesSaysSoWhenAKeyIsUnknown() {
        TabFormException e = refusal(ProvisioningPolicy.unconfigured(), form(ProvisioningPolicy.unconfigured(),
                "roleGroups", row("owner", "acme-owners")));

        assertThat(e.params()).containsExactly("provisioningTabRoleGroups", "owner", "-");
    }

    @Test
    void capacitiesReplaceThoseOfTheTiersNamed() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "seatCapacities", "[{\"key\":\"premium\",\"value\":\" 10 \"},{\"key\":\"standard\",\"value\":\"0\"}]"));

        assertThat(saved.seatTiers()).extracting(SeatTierDefinition::capacity).containsExactly(10, 0);
    }

    @Test
    void aCapacityThatIsNotANonNegativeWholeNumberIsRefused() {
        for (String bad : List.of("-1", "abc", "1.5", "", "3 seats", "99999999999", "2147483648")) {
            TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "seatCapacities",
                    row("premium", bad)));

            assertThat(e.messageKey()).as(bad).isEqualTo("provisioningTabBadCapacity");
            assertThat(e.params()).as(bad).containsExactly("premium", bad);
        }
    }

    @Test
    void theLargestCapacityIsAccepted() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "seatCapacities", row("premium", "2147483647")));

        assertThat(saved.seatTier("premium").orElseThrow().capacity()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void switchingTheProfileSeedsItsCatalogs() {
        ProvisioningPolicy current = ProvisioningPolicy.unconfigured();

        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(current, form(current, "profile", "team"));

        assertThat(saved).isEqualTo(current.withProfile(ProductProfiles.require("team")));
        assertThat(saved.roles()).extracting(RoleDefinition::key).containsExactly("owner", "admin", "user");
        assertThat(saved.role("owner").orElseThrow().binding()).isEqualTo(RoleBinding.realmRole("org-owner"));
    }

    @Test
    void switchingTheProfileKeepsTheMappingsAndCapacitiesOfEntriesThatStay() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "profile", "team"));

        assertThat(saved.profile()).isEqualTo("team");
        assertThat(saved.role("admin").orElseThrow().groups()).containsExactly("acme-admins", "acme-it");
        assertThat(saved.seatTier("premium").orElseThrow().capacity()).isEqualTo(2);
    }

    @Test
    void switchingTheProfileIgnoresTheRowsOfEntriesItDrops() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "profile", "enterprise-usage-two-tiers"));

        assertThat(saved.seatTiers()).extracting(SeatTierDefinition::key).containsExactly("chat-claude-code",
                "chat");
        assertThat(saved.seatTiers()).allSatisfy(t -> assertThat(t.groups()).isEmpty());
    }

    @Test
    void switchingTheProfileAppliesRowsToItsNewEntries() {
        ProvisioningPolicy current = ProvisioningPolicy.unconfigured();
        Map<String, String> form = form(current, "profile", "team");
        form.put("roleGroups", row("owner", "acme-owners"));
        form.put("seatCapacities", row("premium", "5"));

        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(current, form);

        assertThat(saved.role("owner").orElseThrow().groups()).containsExactly("acme-owners");
        assertThat(saved.seatTier("premium").orElseThrow().capacity()).isEqualTo(5);
    }

    @Test
    void anUnknownProfileIsRefusedListingTheProfiles() {
        TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "profile", "platinum"));

        assertThat(e.messageKey()).isEqualTo("provisioningTabUnknownProfile");
        assertThat(e.params()).containsExactly("platinum", "team, enterprise-seats, enterprise-usage-two-tiers, "
                + "enterprise-usage-single, console, custom");
    }

    @Test
    void theModeIsReplaced() {
        assertThat(ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(), "mode", "scim")).mode())
                .isEqualTo(ProvisioningMode.SCIM);
    }

    @Test
    void anUnknownModeIsRefused() {
        TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "mode", "ldap"));

        assertThat(e.messageKey()).isEqualTo("provisioningTabUnknownMode");
        assertThat(e.params()).containsExactly("ldap");
    }

    @Test
    void advancedGroupMappingsTurnOffAndOn() {
        ProvisioningPolicy off = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "groupMappings", "false"));
        ProvisioningPolicy on = ProvisioningTabForm.toPolicy(off, form(off, "groupMappings", "TRUE"));

        assertThat(off.groupMappings()).isFalse();
        assertThat(on.groupMappings()).isTrue();
    }

    @Test
    void advancedGroupMappingsMustBeTrueOrFalse() {
        TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "groupMappings", "yes"));

        assertThat(e.messageKey()).isEqualTo("provisioningTabNotBoolean");
    }

    @Test
    void theGroupClaimIsReplacedAndABlankOneMeansGroups() {
        ProvisioningPolicy claim = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "jitGroupClaim", " realm_access.roles "));
        ProvisioningPolicy blank = ProvisioningTabForm.toPolicy(claim, form(claim, "jitGroupClaim", " "));

        assertThat(claim.jit().groupClaim()).isEqualTo("realm_access.roles");
        assertThat(blank.jit().groupClaim()).isEqualTo("groups");
    }

    @Test
    void theContactIsTrimmedAndABlankOneClearsIt() {
        ProvisioningPolicy contact = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "contact", "  it@acme.example "));
        ProvisioningPolicy blank = ProvisioningTabForm.toPolicy(contact, form(contact, "contact", ""));

        assertThat(contact.contact()).isEqualTo("it@acme.example");
        assertThat(blank.contact()).isNull();
    }

    @Test
    void aMapThatIsNotTheConsolesJsonIsRefusedNamingTheField() {
        for (String bad : List.of("owner=acme-owners", "{\"owner\":\"acme-owners\"}", "[{\"value\":\"x\"}]",
                "[{\"key\":\"owner\",\"value\":[\"x\"]}]")) {
            TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "roleGroups", bad));

            assertThat(e.messageKey()).as(bad).isEqualTo("provisioningTabMalformedMap");
            assertThat(e.params()).as(bad).containsExactly("provisioningTabRoleGroups");
        }
    }

    @Test
    void aKeyTwiceInAMapIsRefused() {
        TabFormException e = refusal(enterpriseSeats(), form(enterpriseSeats(), "roleGroups",
                "[{\"key\":\"owner\",\"value\":\"a\"},{\"key\":\" owner\",\"value\":\"b\"}]"));

        assertThat(e.messageKey()).isEqualTo("provisioningTabDuplicateKey");
        assertThat(e.params()).containsExactly("provisioningTabRoleGroups", "owner");
    }

    @Test
    void rowsWithoutAKeyAreIgnoredAsTheConsoleDoes() {
        ProvisioningPolicy saved = ProvisioningTabForm.toPolicy(enterpriseSeats(), form(enterpriseSeats(),
                "roleGroups", "[{\"key\":\"\",\"value\":\"stray\"}]"));

        assertThat(saved).isEqualTo(enterpriseSeats());
    }

    @Test
    void aStoredFormShowsThePolicyWhateverOtherFieldsTheConsoleAdded() {
        Map<String, String> stored = form(enterpriseSeats(), "realm", "acme");
        stored.put("tab", "provisioning");

        assertThat(ProvisioningTabForm.shows(stored, enterpriseSeats())).isTrue();
    }

    @Test
    void aStoredFormThatDiffersDoesNotShowThePolicy() {
        Map<String, String> spaced = form(enterpriseSeats(), "roleGroups",
                ProvisioningTabForm.fromPolicy(enterpriseSeats()).get("roleGroups").replace(", ", ","));

        assertThat(ProvisioningTabForm.shows(spaced, enterpriseSeats())).isFalse();
        assertThat(ProvisioningTabForm.shows(Map.of(), enterpriseSeats())).isFalse();
        assertThat(ProvisioningTabForm.shows(form(enterpriseSeats(), "mode", "scim"), enterpriseSeats()))
                .isFalse();
    }
}
