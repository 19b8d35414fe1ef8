package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetMessagesTest {

    private static Set<String> targetKeys(String lang) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(Files.newInputStream(
                Path.of("themes/theme-resources/messages/messages_" + lang + ".properties")), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p.stringPropertyNames().stream().filter(k -> k.startsWith("provisioningTarget") || k.startsWith("provisioningOutbox"))
                .collect(Collectors.toSet());
    }

    @Test
    void everyTargetMessageExistsInEnglishFrenchAndIndonesian() throws IOException {
        Set<String> en = targetKeys("en");
        assertThat(en).hasSizeGreaterThan(15);
        assertThat(targetKeys("fr")).isEqualTo(en);
        assertThat(targetKeys("id")).isEqualTo(en);
    }

    @Test
    void formatsInTheCallersLanguage() {
        TargetViolation v = TargetViolation.of("baseUrl", "provisioningTargetUrlNotHttps", "baseUrl");
        assertThat(TargetMessages.format("en", v)).isEqualTo(
                "baseUrl must use https: this server does not call plain http targets.");
        assertThat(TargetMessages.format("fr", v)).startsWith("baseUrl doit utiliser https");
        assertThat(TargetMessages.format("id", v)).startsWith("baseUrl harus memakai https");
        assertThat(TargetMessages.format("en", TargetViolation.of("auth.secretRef",
                "provisioningTargetVaultReference"))).contains("${vault.crm-token}");
    }

    @Test
    void picksTheFirstLanguageItSpeaks() {
        assertThat(TargetMessages.language(java.util.List.of(Locale.GERMAN, Locale.FRANCE))).isEqualTo("fr");
        assertThat(TargetMessages.language(java.util.List.of(Locale.forLanguageTag("id-ID")))).isEqualTo("id");
        assertThat(TargetMessages.language(java.util.List.of(Locale.JAPANESE))).isEqualTo("en");
        assertThat(TargetMessages.language(null)).isEqualTo("en");
    }
}
