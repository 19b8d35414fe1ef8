package io.kcprovisioning.policy;

import static io.kcprovisioning.policy.PolicyFixtures.enterpriseSeats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

    @Test
    void roundTripsAPolicy() {
        ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.SCIM, true);

        assertThat(PolicyJson.read(PolicyJson.write(policy))).isEqualTo(policy);
    }

    @Test
    void writesModesInLowercase() {
        assertThat(PolicyJson.write(enterpriseSeats(ProvisioningMode.JIT, false))).contains("\"mode\":\"jit\"");
    }

    @Test
    void missingOptionalFieldsTakeTheirDefaults() {
        ProvisioningPolicy p = PolicyJson.read("{\"profile\":\"custom\",\"mode\":\"MANUAL\"}");

        assertThat(p.groupMappings()).isFalse();
        assertThat(p.roles()).isEmpty();
        assertThat(p.jit()).isEqualTo(JitSettings.defaults());
        assertThat(p.jit().deprovisionOnRefusal()).isTrue();
    }

    @Test
    void unknownFieldIsRefusedWithItsPath() {
        assertThatThrownBy(() -> PolicyJson.read("{\"profile\":\"custom\",\"roles\":[{\"key\":\"a\",\"grups\":[]}]}"))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).violations().get(0).field())
                        .isEqualTo("roles[0].grups"));
    }

    @Test
    void wrongTypeIsRefusedWithItsPath() {
        assertThatThrownBy(() -> PolicyJson.read("{\"seatTiers\":[{\"key\":\"a\",\"capacity\":\"many\"}]}"))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).violations().get(0).field())
                        .isEqualTo("seatTiers[0].capacity"));
    }

    @Test
    void unknownModeIsRefused() {
        assertThatThrownBy(() -> PolicyJson.read("{\"mode\":\"ldap\"}"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("mode: unknown mode 'ldap'");
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> PolicyJson.read("{\"mode\": }"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("malformed JSON at line 1");
    }

    @Test
    void emptyAndOversizeDocumentsAreRefused() {
        assertThatThrownBy(() -> PolicyJson.read(" ")).isInstanceOf(InvalidPolicyException.class);
        assertThatThrownBy(() -> PolicyJson.read("{" + " ".repeat(PolicyJson.MAX_LENGTH) + "}"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void roundTripsContactTextsPerLanguage() {
        ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.JIT, true).withContact("the IT desk",
                Map.of("fr", "le service informatique", "id", "bagian TI"));

        assertThat(PolicyJson.read(PolicyJson.write(policy))).isEqualTo(policy);
    }

    @Test
    void writesNoContactTextsPerLanguageWhenThereAreNone() {
        assertThat(PolicyJson.write(enterpriseSeats(ProvisioningMode.JIT, true))).doesNotContain("contactByLocale");
    }

    @Test
    void readsContactTextsPerLanguageTrimmedAndKeepsAMissingOneForTheValidator() {
        ProvisioningPolicy p = PolicyJson.read(
                "{\"profile\":\"custom\",\"mode\":\"manual\",\"contactByLocale\":{\"fr\":\" le service \",\"id\":null}}");

        assertThat(p.contactByLocale()).containsExactly(Map.entry("fr", "le service"), Map.entry("id", ""));
        assertThat(PolicyValidator.validate(p)).extracting(PolicyViolation::field)
                .containsExactly("contactByLocale.id");
    }

    @Test
    void contactTextsPerLanguageMustBeAnObjectOfStrings() {
        assertThatThrownBy(() -> PolicyJson.read("{\"contactByLocale\":[\"fr\"]}"))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).violations().get(0).field())
                        .isEqualTo("contactByLocale"));
    }
}
