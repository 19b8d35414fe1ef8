package io.kcprovisioning.store.jpa;

import io.kcprovisioning.policy.MemberState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a member's state in {@code PROV_MEMBER.STATE} as the values that column has always held. The mapping is
 * spelled out rather than taken from {@link Enum#name()}, so that renaming a constant cannot change stored data.
 */
@Converter
public final class MemberStateConverter implements AttributeConverter<MemberState, String> {

    @Override
    public String convertToDatabaseColumn(MemberState state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case ACTIVE -> "ACTIVE";
            case PENDING -> "PENDING";
            case DEPROVISIONED -> "DEPROVISIONED";
        };
    }

    @Override
    public MemberState convertToEntityAttribute(String stored) {
        if (stored == null) {
            return null;
        }
        return switch (stored) {
            case "ACTIVE" -> MemberState.ACTIVE;
            case "PENDING" -> MemberState.PENDING;
            case "DEPROVISIONED" -> MemberState.DEPROVISIONED;
            default -> throw new IllegalArgumentException("Unknown member state '" + stored + "'");
        };
    }
}
