package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScimResourceTest {

    @Test
    void theBodyLimitCountsUtf8Bytes() {
        for (String text : List.of("", "ascii", "é", "€uro", "😀 and 😀", "ü€😀\u07ff\u0800")) {
            assertThat(ScimResource.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void onlyEmptyEntityTagsAreRefusedAsMatchingNothing() {
        assertThat(ScimResource.onlyEmptyEntityTags(List.of("\"\""))).isTrue();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of("W/\"\""))).isTrue();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of(" \"\" , W/\"\" "))).isTrue();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of("W/\"3\""))).isFalse();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of("\"\", W/\"3\""))).isFalse();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of("*"))).isFalse();
        assertThat(ScimResource.onlyEmptyEntityTags(List.of())).isFalse();
        assertThat(ScimResource.onlyEmptyEntityTags(null)).isFalse();
    }
}
