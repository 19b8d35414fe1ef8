package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class ScimFilterGrammarTest {

    private static String problem(String filter) {
        return ScimFilterGrammar.problem(filter, false);
    }

    @Test
    void filtersOfTheGrammarAndWhatIdpsSendAreRead() {
        for (String filter : new String[] {
                "userName eq \"a\"", "userName Eq \"a\"", "userName pr", "title PR",
                "userName eq \"bjensen\" and active eq true", "userName eq \"a\" OR userName eq \"b\" and title pr",
                "not (title pr)", "NOT(title pr) and (userName sw \"a\" or userName ew \"b\")",
                "emails[type eq \"work\" and value co \"@example.com\"]", "emails[not (type eq \"home\")]",
                "emails[type eq \"work\"].value eq \"x@example.test\"", "emails[type eq \"work\"].value pr",
                "meta.lastModified gt \"2011-05-13T04:42:34Z\"", "name.givenName eq \"Ada\"",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090\"",
                "externalId eq \"\"", "x eq null", "x eq false", "x gt -1.5", "x ge 0", "x lt 10",
                "userName eq \"with \\\" quote \\\\ and \\u00e9 \\/ \\n\"", "members[value eq \"a\" or value eq \"b\"]",
                "displayName eq \"Group with ] and ) and [ inside\"", "  userName   eq   \"spaced\"  ",
                "not eq \"an attribute called not\"", "order eq 1 or android pr", "members[$ref pr]"}) {
            assertThat(problem(filter)).as(filter).isNull();
        }
    }

    @Test
    void trailingTokensAfterACompleteFilterAreRefused() {
        assertThat(problem("userName pr pr")).contains("after a complete filter").contains("'pr'");
        assertThat(problem("userName eq \"a\" title eq \"b\"")).contains("after a complete filter");
        assertThat(problem("(userName pr))")).contains("after a complete filter").contains("')'");
        assertThat(problem("userName pr]")).contains("after a complete filter");
        assertThat(problem("emails[type eq \"work\"] x")).contains("after a complete filter");
        assertThat(problem("userName eq \"a\" and")).contains("expected an attribute name");
        assertThat(problem("userName eq \"a\" and or title pr")).isNotNull();
    }

    @Test
    void incompleteOrMisspelledExpressionsAreRefused() {
        for (String filter : new String[] {"", "   ", "userName", "userName eq", "userName equals \"a\"",
                "userName eq bjensen", "(userName pr", "not userName pr", "not (userName pr", "emails[type eq \"work\"",
                "emails[type eq \"work\"].value", "emails[type eq \"work\"].value.x eq \"a\"", "emails[]",
                "name.givenName.x eq \"a\"", "x eq True", "x eq NULL", "x eq +1", "x eq 01", "x eq 1.", "x eq 1e5",
                "x eq 1E-2", "x eq 12abc", "bad:name eq 1", "1abc eq 1", "userName eq \"a\" && title pr",
                "userName eq 'a'", "[type eq 1]"}) {
            assertThat(problem(filter)).as(filter).isNotNull();
        }
    }

    @Test
    void nestedValuePathsAreRefused() {
        assertThat(problem("emails[value[type eq \"x\"]]")).contains("value filter inside a value filter");
        assertThat(problem("emails[type eq \"work\" and addresses[type eq \"x\"]]"))
                .contains("value filter inside a value filter");
        assertThat(ScimFilterGrammar.problem("type eq \"work\" and x[y pr]", true))
                .contains("value filter inside a value filter");
    }

    @Test
    void stringsAreJsonStrings() {
        assertThat(problem("userName eq \"a\\x\"")).contains("escape '\\x'");
        assertThat(problem("userName eq \"a\\u12\"")).contains("escape");
        assertThat(problem("userName eq \"a\\")).isNotNull();
        assertThat(problem("userName eq \"open")).contains("not closed");
        assertThat(problem("userName eq \"tab\there\"")).contains("control character");
    }

    @Test
    void checkThrowsInvalidFilterWithThePosition() {
        assertThatThrownBy(() -> ScimFilterGrammar.check("userName pr pr")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("position 13")
                .satisfies(e -> assertThat(((BadRequestException) e).getScimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void filtersForTheSdkAreCheckedButAnEmptyOneIsNoFilter() {
        assertThatThrownBy(() -> IdpQuirks.forSdk("userName pr pr")).isInstanceOf(BadRequestException.class);
        assertThat(IdpQuirks.forSdk("")).isEmpty();
        assertThat(IdpQuirks.forSdk("emails[type eq \"work\"].value eq \"x\""))
                .isEqualTo("emails[(type eq \"work\") and value eq \"x\"]");
    }

    @Test
    void patchPathsHaveTheirValueFilterReadCompletely() {
        assertThat(PatchPaths.problemOf("emails[type eq \"work\" value eq \"x\"]")).contains("after a complete filter");
        assertThat(PatchPaths.problemOf("members[value eq \"a\\q\"]")).contains("escape");
        assertThat(PatchPaths.problemOf("members[value eq \"a\"]")).isNull();
        assertThat(PatchPaths.problemOf("emails[type eq \"work\"].value")).isNull();
    }
}
