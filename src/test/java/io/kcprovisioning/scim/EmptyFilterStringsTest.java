package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import org.junit.jupiter.api.Test;

class EmptyFilterStringsTest {

    private static final ResourceType USERS = ScimEndpoints.get().getResourceTypeByName("User").orElseThrow();

    @Test
    void onlyEmptyStringLiteralsAreReplaced() {
        assertThat(EmptyFilterStrings.forSdk("userName eq \"\"")).isEqualTo("userName eq \"\uE000\"");
        assertThat(EmptyFilterStrings.forSdk("title eq \"\" or displayName eq \"\\\"\\\"\""))
                .isEqualTo("title eq \"\uE000\" or displayName eq \"\\\"\\\"\"");
        String untouched = "userName eq \"a\" and emails[value co \"x\"]";
        assertThat(EmptyFilterStrings.forSdk(untouched)).isSameAs(untouched);
    }

    @Test
    void theStandInItselfInAFilterIsAnInvalidFilter() {
        assertThatThrownBy(() -> EmptyFilterStrings.forSdk("userName eq \"\uE000\""))
                .isInstanceOf(BadRequestException.class)
                .extracting(e -> ((BadRequestException) e).getScimType()).isEqualTo("invalidFilter");
    }

    @Test
    void theSdkReadsTheRewrittenFilterAndTheTranslationComparesWithTheEmptyString() {
        ScimFilterJpql jpql = new ScimFilterJpql(true);
        jpql.condition(RequestUtils.parseFilter(USERS, IdpQuirks.forSdk("userName eq \"\"")));

        assertThat(jpql.params().values()).containsExactly("");
        assertThat(EmptyFilterStrings.restore(EmptyFilterStrings.EMPTY)).isEmpty();
        assertThat(EmptyFilterStrings.restore("x")).isEqualTo("x");
    }
}
