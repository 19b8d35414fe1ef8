package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PatchPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"displayName", "name.givenName", "emails", "emails[type eq \"work\"]",
            "emails[type eq \"work\"].value", "emails[type eq \"work\" and value co \"]\"].value",
            "members[value eq \"2819c223\"]", "members[value eq \"x\"].$ref",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            "urn:ietf:params:scim:schemas:core:2.0:User:emails[primary eq true].value",
            "x509Certificates", "emails[not (type eq \"work\")]"})
    void wellFormedPathsPass(String path) {
        assertThat(PatchPaths.problemOf(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "emails[type eq \"work\"]]", "emails[type eq \"work\"][value eq \"x\"]",
            "emails[type eq \"work\"].value.x", "emails[type eq \"work\"]x", "name.givenName[value eq \"x\"]",
            "emails[value[type eq \"x\"]]", "emails[]", "emails[type eq \"work\"", "name..givenName",
            "name.givenName.x", "1name", "na me", "emails]", "name.", ".name", "émails"})
    void malformedPathsAreNamed(String path) {
        assertThat(PatchPaths.problemOf(path)).isNotNull();
    }

    @Test
    void aBodyIsCheckedOperationByOperation() {
        assertThat(PatchPaths.problem("{\"Operations\":[{\"op\":\"replace\",\"value\":{}},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}")).isNull();
        assertThat(PatchPaths.problem("{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":1},"
                + "{\"op\":\"remove\",\"path\":\"\"}]}")).startsWith("Operation 2: the path is empty");
        assertThat(PatchPaths.problem("{\"Operations\":[{\"op\":\"remove\",\"path\":42}]}"))
                .isEqualTo("Operation 1: the path must be a string, not number");
        assertThat(PatchPaths.problem("not json")).isNull();
        assertThat(PatchPaths.problem("{\"Operations\":7}")).isNull();
    }
}
