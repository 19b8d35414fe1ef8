package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupMemberValuesTest {

    @Test
    void everyMemberNeedsAStringValue() {
        assertThat(GroupMemberValues.problem("{\"displayName\":\"g\",\"members\":[{\"value\":\"u1\"},{\"value\":\"u2\"}]}"))
                .isNull();
        assertThat(GroupMemberValues.problem("{\"displayName\":\"g\"}")).isNull();
        assertThat(GroupMemberValues.problem("{\"displayName\":\"g\",\"members\":[]}")).isNull();
        assertThat(GroupMemberValues.problem("{\"members\":[{\"value\":\"u1\"},{\"display\":\"Ada\"}]}"))
                .isEqualTo("Group member 2 has no value (the id of a user, as a string)");
        for (String bad : new String[] {"{\"value\":null}", "{\"value\":\"\"}", "{\"value\":\" \"}",
                "{\"value\":[\"u1\"]}", "{\"value\":7}", "\"u1\""}) {
            assertThat(GroupMemberValues.problem("{\"members\":[" + bad + "]}")).as(bad).startsWith("Group member 1");
        }
        assertThat(GroupMemberValues.problem("{\"members\":{\"value\":\"u1\"}}")).startsWith("members must be a list");
    }

    @Test
    void onlyGroupResourcesAreChecked() {
        assertThat(ScimResource.isGroupsPath("/realms/a/provisioning/scim/v2/Groups")).isTrue();
        assertThat(ScimResource.isGroupsPath("/realms/a/provisioning/scim/v2/Groups/abc")).isTrue();
        assertThat(ScimResource.isGroupsPath("/realms/a/provisioning/scim/v2/Users/abc")).isFalse();
        assertThat(ScimResource.isGroupsPath("/realms/a/provisioning/scim/v2/Bulk")).isFalse();
    }
}
