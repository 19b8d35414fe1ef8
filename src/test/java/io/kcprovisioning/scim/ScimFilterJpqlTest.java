package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The filter-to-JPQL translation's shape and limits (its results are checked against the real server in ITs). */
class ScimFilterJpqlTest {

    private static final ResourceType USERS = ScimEndpoints.get().getResourceTypeByName("User").orElseThrow();

    private static String jpql(String filter) {
        return new ScimFilterJpql(true).condition(RequestUtils.parseFilter(USERS, filter));
    }

    private static String orChain(int terms) {
        return IntStream.range(0, terms).mapToObj(i -> "userName eq \"u" + i + "\"")
                .collect(Collectors.joining(" or "));
    }

    @Test
    void aChainOfOneOperatorIsOneFlatGroup() {
        String condition = jpql("userName eq \"a\" or userName eq \"b\" or userName eq \"c\" or userName eq \"d\"");

        assertThat(condition).startsWith("(").endsWith(")");
        assertThat(condition.chars().filter(c -> c == '(').count()).isEqualTo(1);
        assertThat(condition.split(" or ")).hasSize(4);
    }

    @Test
    void mixedOperatorsKeepTheirGrouping() {
        String condition = jpql("userName eq \"a\" and (userName eq \"b\" or userName eq \"c\") and active eq true");

        assertThat(condition).matches("\\(.+ and \\(.+ or .+\\) and .+\\)");
    }

    @Test
    void aThousandComparisonsTranslateAndOneMoreIsAnInvalidFilter() {
        assertThat(jpql(orChain(ScimFilterJpql.MAX_COMPARISONS)).split(" or "))
                .hasSize(ScimFilterJpql.MAX_COMPARISONS);

        assertThatThrownBy(() -> jpql(orChain(ScimFilterJpql.MAX_COMPARISONS + 1)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("more than " + ScimFilterJpql.MAX_COMPARISONS + " comparisons")
                .extracting(e -> ((BadRequestException) e).getScimType()).isEqualTo("invalidFilter");
    }

    @Test
    void nestingDeeperThanTheLimitIsAnInvalidFilter() {
        String allowed = "userName eq \"x\"";
        for (int level = 1; level < ScimFilterJpql.MAX_DEPTH; level++) {
            allowed = (level % 2 == 0 ? "active eq true or " : "active eq false and ") + "(" + allowed + ")";
        }
        String tooDeep = "not (" + allowed + ")";

        assertThat(jpql(allowed)).contains("r.userNameLower");
        assertThatThrownBy(() -> jpql(tooDeep)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("deeper than " + ScimFilterJpql.MAX_DEPTH);
    }
}
