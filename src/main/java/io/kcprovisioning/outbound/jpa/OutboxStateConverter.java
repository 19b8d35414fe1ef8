package io.kcprovisioning.outbound.jpa;

import io.kcprovisioning.outbound.OutboxState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores an {@link OutboxState} as its lowercase name (the column holds {@code idle}, {@code pending}, ...). */
@Converter
public final class OutboxStateConverter implements AttributeConverter<OutboxState, String> {

    @Override
    public String convertToDatabaseColumn(OutboxState state) {
        return state == null ? null : state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public OutboxState convertToEntityAttribute(String stored) {
        return stored == null ? null : OutboxState.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
