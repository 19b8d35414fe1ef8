package io.kcprovisioning.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdpGroupsConverterTest {

    private final IdpGroupsConverter converter = new IdpGroupsConverter();

    @Test
    void storesGroupsAsAJsonArrayOfStrings() {
        assertThat(converter.convertToDatabaseColumn(List.of("acme-staff", "Équipe \"A\"")))
                .isEqualTo("[\"acme-staff\",\"Équipe \\\"A\\\"\"]");
    }

    @Test
    void readsStoredGroupsBackInTheirOrder() {
        assertThat(converter.convertToEntityAttribute("[\"b\",\"a\"]")).containsExactly("b", "a");
    }

    @Test
    void keepsNoGroupsStoredAsNull() {
        assertThat(converter.convertToDatabaseColumn(null)).isNull();
        assertThat(converter.convertToEntityAttribute(null)).isNull();
    }

    @Test
    void readsAValueThatIsNotAnArrayOfStringsAsNoGroups() {
        assertThat(converter.convertToEntityAttribute("not json")).isEmpty();
        assertThat(converter.convertToEntityAttribute("{\"a\":1}")).isEmpty();
    }

    @Test
    void dropsNullEntries() {
        assertThat(converter.convertToEntityAttribute("[\"a\",null]")).containsExactly("a");
    }

    @Test
    void anEntityWithoutStoredGroupsAnswersAnEmptyList() {
        assertThat(new MemberEntity().getIdpGroups()).isEmpty();
    }
}
