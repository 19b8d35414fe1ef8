package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatchOperationsTest {

    private static String patch(String operations) {
        return "{\"schemas\":[\"" + PatchOperations.PATCH_OP + "\"],\"Operations\":" + operations + "}";
    }

    private static String operationType(String resource, String operations) {
        PatchOperations.Refusal r = PatchOperations.operationProblem(resource, patch(operations));
        return r == null ? null : r.scimType();
    }

    @Test
    void aPatchOpMessageIsAccepted() {
        assertThat(PatchOperations.messageProblem(patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")))
                .isNull();
        assertThat(PatchOperations.messageProblem("{\"schemas\":[\"URN:ietf:params:scim:api:messages:2.0:patchop\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"value\":{}}]}")).isNull();
    }

    @Test
    void schemasOtherThanExactlyPatchOpAreInvalidSyntax() {
        for (String schemas : new String[] {"[\"urn:x:other\"]", "[]", "\"" + PatchOperations.PATCH_OP + "\"",
                "[\"" + PatchOperations.PATCH_OP + "\",\"urn:x:other\"]", "[42]", "null"}) {
            PatchOperations.Refusal r = PatchOperations.messageProblem("{\"schemas\":" + schemas
                    + ",\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}");
            assertThat(r).as(schemas).isNotNull();
            assertThat(r.scimType()).isEqualTo("invalidSyntax");
        }
        assertThat(PatchOperations.messageProblem("{\"Operations\":[]}").scimType()).isEqualTo("invalidSyntax");
    }

    @Test
    void operationsMustBeAListOfObjects() {
        for (String operations : new String[] {"[]", "{}", "\"add\"", "[42]", "[[]]"}) {
            assertThat(PatchOperations.messageProblem(patch(operations)).scimType()).as(operations)
                    .isEqualTo("invalidSyntax");
        }
        assertThat(PatchOperations.messageProblem("[1]").scimType()).isEqualTo("invalidSyntax");
    }

    @Test
    void addOrReplaceWithoutValueIsInvalidValue() {
        assertThat(operationType("Users/1", "[{\"op\":\"replace\",\"path\":\"displayName\"}]")).isEqualTo("invalidValue");
        assertThat(operationType("Users/1", "[{\"op\":\"Add\",\"path\":\"name.givenName\"}]")).isEqualTo("invalidValue");
        assertThat(operationType("Groups/1", "[{\"op\":\"replace\"}]")).isEqualTo("invalidValue");
        // null is an unassigned value (RFC 7643 section 2.5), a remove needs none
        assertThat(operationType("Users/1", "[{\"op\":\"replace\",\"path\":\"title\",\"value\":null}]")).isNull();
        assertThat(operationType("Users/1", "[{\"op\":\"remove\",\"path\":\"title\"}]")).isNull();
    }

    @Test
    void everyOperationOnAReadOnlyAttributeOrInsideOneIsMutability() {
        for (String path : new String[] {"id", "ID", "meta", "meta.created", "meta.lastModified", "groups",
                "groups[value eq \"x\"]", "groups.display", "urn:ietf:params:scim:schemas:core:2.0:User:groups",
                "urn:ietf:params:scim:schemas:core:2.0:User:id",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
                "emails.display"}) {
            for (String op : new String[] {"add", "replace", "remove"}) {
                assertThat(operationType("Users/1", "[{\"op\":\"" + op + "\",\"path\":\"" + path.replace("\"", "\\\"")
                        + "\",\"value\":\"x\"}]")).as(op + " " + path).isEqualTo("mutability");
            }
        }
        assertThat(operationType("Groups/1", "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]"))
                .isEqualTo("mutability");
        assertThat(operationType("Groups/1", "[{\"op\":\"replace\",\"path\":\"meta.version\",\"value\":\"x\"}]"))
                .isEqualTo("mutability");
    }

    @Test
    void readWriteAttributesAndReadOnlyValuesInsideAPathlessOperationPass() {
        for (String path : new String[] {"displayName", "name.givenName", "emails[type eq \"work\"].value",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "externalId", "unknownThing"}) {
            assertThat(operationType("Users/1", "[{\"op\":\"replace\",\"path\":\"" + path.replace("\"", "\\\"")
                    + "\",\"value\":\"x\"}]")).as(path).isNull();
        }
        // Okta renames a group with a path-less replace that carries its id: ignored, as in a PUT
        assertThat(operationType("Groups/1", "[{\"op\":\"replace\",\"value\":{\"id\":\"1\",\"displayName\":\"New\"}}]"))
                .isNull();
        assertThat(operationType("Groups/1", "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u\"}]}]"))
                .isNull();
    }
}
