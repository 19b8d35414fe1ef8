package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScimResourceTest {

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
