package io.kcprovisioning.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcprovisioning.policy.MemberState;
import org.junit.jupiter.api.Test;

class MemberStateConverterTest {

    private final MemberStateConverter converter = new MemberStateConverter();

    @Test
    void storesTheValuesTheStateColumnAlreadyHolds() {
        assertThat(converter.convertToDatabaseColumn(MemberState.ACTIVE)).isEqualTo("ACTIVE");
        assertThat(converter.convertToDatabaseColumn(MemberState.PENDING)).isEqualTo("PENDING");
        assertThat(converter.convertToDatabaseColumn(MemberState.DEPROVISIONED)).isEqualTo("DEPROVISIONED");
    }

    @Test
    void readsEveryStoredValueBackAsItsState() {
        for (MemberState state : MemberState.values()) {
            assertThat(converter.convertToEntityAttribute(converter.convertToDatabaseColumn(state))).isEqualTo(state);
        }
    }

    @Test
    void refusesAStoredValueItDoesNotKnow() {
        assertThatThrownBy(() -> converter.convertToEntityAttribute("active"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'active'");
    }
}
