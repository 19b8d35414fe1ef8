package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScimValueTypesTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"userName\":[\"x\"]}", "{\"userName\":42}", "{\"userName\":{\"v\":1}}", "{\"userName\":\"u\",\"active\":1}",
        "{\"userName\":\"u\",\"active\":\"yes\"}", "{\"userName\":\"u\",\"emails\":\"a@x\"}",
        "{\"userName\":\"u\",\"emails\":[\"a@x\"]}", "{\"userName\":\"u\",\"emails\":[{\"value\":7}]}",
        "{\"userName\":\"u\",\"name\":\"Ada\"}", "{\"userName\":\"u\",\"name\":{\"givenName\":[\"A\"]}}",
        "{\"userName\":\"u\",\"" + ENTERPRISE + "\":42}", "{\"userName\":\"u\",\"" + ENTERPRISE + "\":[]}",
        "{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"manager\":{\"value\":5}}}",
        "{\"schemas\":\"urn:ietf:params:scim:schemas:core:2.0:User\",\"userName\":\"u\"}",
        "{\"userName\":\"u\",\"emails\":[{\"value\":\"a@x\",\"primary\":\"maybe\"}]}",
        "{\"userName\":\"u\",\"x509Certificates\":[{\"value\":[[[1]]]}]}"})
    void wrongJsonTypesInAUserAreNamed(String body) {
        assertThat(ScimValueTypes.problem("POST", "Users", body)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"u\",\"active\":true,"
                + "\"emails\":[{\"value\":\"a@x\",\"primary\":true,\"type\":\"work\"}],\"roles\":[],\"name\":null}",
        "{\"userName\":\"u\",\"active\":\"False\",\"emails\":[{\"value\":\"a@x\",\"primary\":\"True\"}]}",
        "{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"manager\":{\"value\":\"m\"},\"employeeNumber\":\"7\"}}",
        "{\"userName\":\"u\",\"meta\":{\"created\":1},\"custom\":[1,2]}"})
    void whatTheSchemasAndEntraSendPasses(String body) {
        assertThat(ScimValueTypes.problem("POST", "Users", body)).isNull();
    }

    @Test
    void patchValuesHaveTheTypeOfWhatTheirPathNames() {
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":42}]"))).startsWith("Operation 1: userName");
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"path\":\"emails\",\"value\":42}]"))).isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":[\"A\"]}]"))).isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":{}}]"))).isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"value\":{\"active\":3}}]"))).isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch(
                "[{\"op\":\"replace\",\"value\":\"x\"}]"))).isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch("[{\"op\":\"replace\",\"path\":\""
                + ENTERPRISE + ":manager\",\"value\":7}]"))).isNotNull();

        assertThat(ScimValueTypes.problem("PATCH", "Users/1", patch("[{\"op\":\"Replace\",\"path\":\"active\","
                + "\"value\":\"False\"},{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"b@x\"}]},"
                + "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"c@x\"},"
                + "{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\"]\",\"value\":{\"value\":\"d@x\"}},"
                + "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":employeeNumber\",\"value\":\"9\"},"
                + "{\"op\":\"remove\",\"path\":\"name.givenName\"},"
                + "{\"op\":\"replace\",\"value\":{\"name.givenName\":\"A\",\"active\":false}}]"))).isNull();
    }

    @Test
    void groupMembersAreObjects() {
        assertThat(ScimValueTypes.problem("POST", "Groups", "{\"displayName\":\"g\",\"members\":[\"u1\"]}"))
                .isNotNull();
        assertThat(ScimValueTypes.problem("PATCH", "Groups/1", patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}]"))).isNull();
        assertThat(ScimValueTypes.problem("PUT", "Groups/1", "{\"displayName\":\"g\",\"members\":[]}")).isNull();
    }
}
