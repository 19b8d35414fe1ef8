package io.kcprovisioning.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a policy, shared by the admin API, the stored realm component and realm exports. Parsing is
 * strict: unknown fields and wrong types are refused with the path of the offending field.
 */
public final class PolicyJson {

    /** Largest policy document accepted, in characters. */
    public static final int MAX_LENGTH = 1_000_000;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private PolicyJson() {
    }

    /** Wire form of a policy; public so that the admin API can use it as its representation. */
    public record PolicyRepresentation(
            String profile,
            String mode,
            Boolean groupMappings,
            List<RoleRepresentation> roles,
            List<SeatTierRepresentation> seatTiers,
            JitRepresentation jit,
            String contact,
            Map<String, String> contactByLocale,
            ScimRepresentation scim) {
    }

    public record ScimRepresentation(String deleteAction, List<String> adoptBy, List<String> organizations) {
    }

    public record BindingRepresentation(String client, String role) {
    }

    public record RoleRepresentation(String key, String name, BindingRepresentation binding, List<String> groups) {
    }

    public record SeatTierRepresentation(String key, String name, Integer capacity, BindingRepresentation binding,
            List<String> groups) {
    }

    public record JitRepresentation(String groupClaim, Map<String, String> groupClaimsByIdp,
            Boolean deprovisionOnRefusal) {
    }

    public static String write(ProvisioningPolicy policy) {
        try {
            return MAPPER.writeValueAsString(toRepresentation(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise policy", e);
        }
    }

    /** Parses and converts, without validating; throws {@link InvalidPolicyException} on malformed JSON. */
    public static ProvisioningPolicy read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidPolicyException("$", "a policy document is required");
        }
        if (json.length() > MAX_LENGTH) {
            throw new InvalidPolicyException("$", "the policy document is larger than " + MAX_LENGTH + " characters");
        }
        PolicyRepresentation rep;
        try {
            rep = MAPPER.readValue(json, PolicyRepresentation.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidPolicyException(path(e), "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            throw new InvalidPolicyException(path(e), "has the wrong type or format");
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("$", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
        if (rep == null) {
            throw new InvalidPolicyException("$", "a policy document is required");
        }
        return fromRepresentation(rep);
    }

    public static PolicyRepresentation toRepresentation(ProvisioningPolicy policy) {
        return new PolicyRepresentation(
                policy.profile(),
                policy.mode() == null ? null : policy.mode().wireName(),
                policy.groupMappings(),
                policy.roles().stream().map(r -> new RoleRepresentation(r.key(), r.name(), binding(r.binding()),
                        r.groups())).toList(),
                policy.seatTiers().stream().map(t -> new SeatTierRepresentation(t.key(), t.name(), t.capacity(),
                        binding(t.binding()), t.groups())).toList(),
                new JitRepresentation(policy.jit().groupClaim(), policy.jit().groupClaimsByIdp(),
                        policy.jit().deprovisionOnRefusal()),
                policy.contact(),
                policy.contactByLocale().isEmpty() ? null : policy.contactByLocale(),
                new ScimRepresentation(policy.scim().deleteAction().wireName(), policy.scim().adoptBy(),
                        policy.scim().organizations()));
    }

    /** Converts a representation; missing optional fields take their defaults. */
    public static ProvisioningPolicy fromRepresentation(PolicyRepresentation rep) {
        ProvisioningMode mode = null;
        if (rep.mode() != null) {
            try {
                mode = ProvisioningMode.fromWireName(rep.mode());
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException("mode", e.getMessage());
            }
        }
        List<RoleDefinition> roles = rep.roles() == null ? List.of() : rep.roles().stream()
                .map(r -> r == null ? null : new RoleDefinition(r.key(), r.name(), binding(r.binding()),
                        nonNullList(r.groups())))
                .collect(java.util.stream.Collectors.toList());
        List<SeatTierDefinition> tiers = rep.seatTiers() == null ? List.of() : rep.seatTiers().stream()
                .map(t -> t == null ? null : new SeatTierDefinition(t.key(), t.name(),
                        t.capacity() == null ? 0 : t.capacity(), binding(t.binding()), nonNullList(t.groups())))
                .collect(java.util.stream.Collectors.toList());
        JitSettings jit = JitSettings.defaults();
        if (rep.jit() != null) {
            JitRepresentation j = rep.jit();
            jit = new JitSettings(j.groupClaim() == null ? JitSettings.DEFAULT_GROUP_CLAIM : j.groupClaim(),
                    j.groupClaimsByIdp(), j.deprovisionOnRefusal() == null || j.deprovisionOnRefusal());
        }
        ScimSettings scim = ScimSettings.defaults();
        if (rep.scim() != null) {
            ScimRepresentation sr = rep.scim();
            ScimSettings.DeleteAction action;
            try {
                action = sr.deleteAction() == null ? null : ScimSettings.DeleteAction.fromWireName(sr.deleteAction());
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException("scim.deleteAction", e.getMessage());
            }
            scim = new ScimSettings(action, sr.adoptBy() == null ? null : nonNullList(sr.adoptBy()),
                    sr.organizations() == null ? null : nonNullList(sr.organizations()));
        }
        return new ProvisioningPolicy(rep.profile(), mode, Boolean.TRUE.equals(rep.groupMappings()),
                roles, tiers, jit, rep.contact() == null || rep.contact().isBlank() ? null : rep.contact().trim(),
                contactTexts(rep.contactByLocale()), scim);
    }

    /** Texts trimmed; a missing text becomes blank, which the validator names. */
    private static Map<String, String> contactTexts(Map<String, String> byLocale) {
        if (byLocale == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        byLocale.forEach((tag, text) -> out.put(tag, text == null ? "" : text.trim()));
        return out;
    }

    private static List<String> nonNullList(List<String> list) {
        return list == null ? List.of() : list.stream().map(s -> s == null ? "" : s).toList();
    }

    private static BindingRepresentation binding(RoleBinding b) {
        return b == null ? null : new BindingRepresentation(b.client(), b.role());
    }

    private static RoleBinding binding(BindingRepresentation b) {
        return b == null ? null : new RoleBinding(b.client(), b.role());
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}
