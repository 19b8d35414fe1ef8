package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxSelectionTest {

    @Test
    void anEmptyObjectMeansEveryDeadLetter() {
        OutboxSelection s = OutboxSelection.parse("{}");
        assertThat(s.ok()).isTrue();
        assertThat(s.resources()).isNull();
    }

    @Test
    void namedUsersAreTaken() {
        OutboxSelection s = OutboxSelection.parse("{\"resources\":[{\"type\":\"user\",\"id\":\"u1\"},"
                + "{\"type\":\"user\",\"id\":\" u2 \"}]}");
        assertThat(s.ok()).isTrue();
        assertThat(s.resources()).containsExactly(new OutboxActions.Resource("user", "u1"),
                new OutboxActions.Resource("user", "u2"));
    }

    @Test
    void anEmptyListNamesNothing() {
        OutboxSelection s = OutboxSelection.parse("{\"resources\":[]}");
        assertThat(s.ok()).isTrue();
        assertThat(s.resources()).isEmpty();
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreRefused() {
        assertThat(OutboxSelection.parse("not json").violations()).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningOutboxNotJson");
        assertThat(OutboxSelection.parse("{} {}").violations()).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningOutboxNotJson");
        assertThat(OutboxSelection.parse("").violations()).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningOutboxNotObject");
        assertThat(OutboxSelection.parse("[]").violations()).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningOutboxNotObject");
    }

    @Test
    void anUnknownTypeOrAMissingIdRefusesTheWholeBody() {
        OutboxSelection s = OutboxSelection.parse("{\"resources\":[{\"type\":\"user\",\"id\":\"u1\"},"
                + "{\"type\":\"group\",\"id\":\"g\"},{\"type\":\"user\"}]}");
        assertThat(s.ok()).isFalse();
        assertThat(s.resources()).isNull();
        assertThat(s.violations()).extracting(TargetViolation::field)
                .containsExactly("resources[1].type", "resources[2].id");
    }

    @Test
    void unknownFieldsAndAResourcesThatIsNoListAreRefused() {
        assertThat(OutboxSelection.parse("{\"resource\":[]}").violations()).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningOutboxUnknownField");
        assertThat(OutboxSelection.parse("{\"resources\":\"u1\"}").violations())
                .extracting(TargetViolation::messageKey).containsExactly("provisioningOutboxResourcesNotList");
    }

    @Test
    void everyRefusalReadsInEnglishFrenchAndIndonesian() {
        TargetViolation v = OutboxSelection.parse("{\"resources\":[{\"type\":\"group\",\"id\":\"g\"}]}")
                .violations().get(0);
        assertThat(TargetMessages.format("en", v)).isEqualTo(
                "resources[0]: the type \"group\" is not known (known: user).");
        assertThat(TargetMessages.format("fr", v)).startsWith("resources[0] : le type « group » est inconnu");
        assertThat(TargetMessages.format("id", v)).startsWith("resources[0]: type \"group\" tidak dikenal");
    }
}
