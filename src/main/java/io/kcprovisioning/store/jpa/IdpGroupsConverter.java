package io.kcprovisioning.store.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Stores the IdP groups last seen for a member in {@code PROV_MEMBER.IDP_GROUPS} as a JSON array of strings. A
 * value that is not such an array reads as no groups: the groups are refreshed at the member's next change.
 */
@Converter
public final class IdpGroupsConverter implements AttributeConverter<List<String>, String> {

    private static final Logger LOG = Logger.getLogger(IdpGroupsConverter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> GROUPS = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<String> groups) {
        if (groups == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(groups);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            List<String> groups = JSON.readValue(stored, GROUPS);
            return groups == null ? List.of() : groups.stream().filter(Objects::nonNull).toList();
        } catch (JsonProcessingException e) {
            LOG.debugf("Stored IdP groups are not a JSON array of strings, read as none: %s", e.getMessage());
            return List.of();
        }
    }
}
