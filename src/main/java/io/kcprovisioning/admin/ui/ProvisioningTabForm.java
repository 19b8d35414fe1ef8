package io.kcprovisioning.admin.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kcprovisioning.policy.JitSettings;
import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Provisioning tab's form and the policy, both ways. The form is the tab component's config, one string per
 * field: lists and booleans as their text, Maps as the admin console's key/value JSON
 * ({@code [{"key":"owner","value":"acme-owners, acme-founders"}]}), groups comma separated.
 *
 * <p>{@link #toPolicy} replaces the fields of the current policy that the form holds; anything the form does not
 * hold (role and tier names, bindings, SCIM settings) stays. A field missing from the form, and a Map row missing or
 * unchanged, keeps the policy's value, so a form saved with fewer fields than it was shown never clears anything.
 */
public final class ProvisioningTabForm {

    public static final String PROFILE = "profile";
    public static final String MODE = "mode";
    public static final String GROUP_MAPPINGS = "groupMappings";
    public static final String ROLE_GROUPS = "roleGroups";
    public static final String TIER_GROUPS = "tierGroups";
    public static final String SEAT_CAPACITIES = "seatCapacities";
    public static final String JIT_GROUP_CLAIM = "jitGroupClaim";
    public static final String CONTACT = "contact";
    /** The fields, in the order the tab shows them. */
    public static final List<String> FIELDS = List.of(PROFILE, MODE, GROUP_MAPPINGS, ROLE_GROUPS, TIER_GROUPS,
            SEAT_CAPACITIES, JIT_GROUP_CLAIM, CONTACT);

    /** Labels of the Map fields (message keys), named in errors about them. */
    static final Map<String, String> MAP_LABELS = Map.of(ROLE_GROUPS, "provisioningTabRoleGroups",
            TIER_GROUPS, "provisioningTabTierGroups", SEAT_CAPACITIES, "provisioningTabSeatCapacities");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CAPACITY = Pattern.compile("\\d{1,10}");
    private static final String GROUP_SEPARATOR = ", ";

    private ProvisioningTabForm() {
    }

    /** What the tab shows for a policy. */
    public static Map<String, String> fromPolicy(ProvisioningPolicy policy) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(PROFILE, policy.profile());
        form.put(MODE, policy.mode().wireName());
        form.put(GROUP_MAPPINGS, String.valueOf(policy.groupMappings()));
        form.put(ROLE_GROUPS, keyValues(policy.roles(), RoleDefinition::key, r -> joinGroups(r.groups())));
        form.put(TIER_GROUPS, keyValues(policy.seatTiers(), SeatTierDefinition::key, t -> joinGroups(t.groups())));
        form.put(SEAT_CAPACITIES, keyValues(policy.seatTiers(), SeatTierDefinition::key,
                t -> String.valueOf(t.capacity())));
        form.put(JIT_GROUP_CLAIM, policy.jit().groupClaim() == null ? "" : policy.jit().groupClaim());
        form.put(CONTACT, policy.contact() == null ? "" : policy.contact());
        return form;
    }

    /** Whether a stored form shows exactly this policy (fields other than the tab's are ignored). */
    public static boolean shows(Map<String, String> form, ProvisioningPolicy policy) {
        Map<String, String> ours = new LinkedHashMap<>();
        FIELDS.forEach(f -> ours.put(f, form.get(f)));
        return ours.equals(fromPolicy(policy));
    }

    /**
     * The current policy with the form's fields replaced. A new profile seeds the catalogs as
     * {@link ProvisioningPolicy#withProfile} does; the Maps then apply to the new catalogs (rows of entries that
     * the new profile drops are ignored with them).
     *
     * @throws TabFormException when a field cannot be read: an unknown profile or mode, a Map that is not the
     *                          console's JSON or repeats a key, a key that is not in the catalog, a capacity that
     *                          is not a whole number of 0 or more
     */
    public static ProvisioningPolicy toPolicy(ProvisioningPolicy current, Map<String, String> form) {
        ProvisioningPolicy policy = current;
        String profileId = trimmed(form.get(PROFILE));
        if (profileId != null && !profileId.equals(current.profile())) {
            ProductProfile profile = ProductProfiles.find(profileId).orElseThrow(() -> new TabFormException(
                    "provisioningTabUnknownProfile", profileId,
                    String.join(", ", ProductProfiles.all().stream().map(ProductProfile::id).toList())));
            policy = policy.withProfile(profile);
        }
        policy = policy.withRoles(roleGroups(current, policy, form.get(ROLE_GROUPS)));
        policy = policy.withSeatTiers(tierGroups(current, policy, form.get(TIER_GROUPS)));
        policy = policy.withSeatTiers(capacities(current, policy, form.get(SEAT_CAPACITIES)));
        String mode = trimmed(form.get(MODE));
        if (mode != null) {
            try {
                policy = policy.withMode(ProvisioningMode.fromWireName(mode));
            } catch (IllegalArgumentException e) {
                throw new TabFormException("provisioningTabUnknownMode", mode);
            }
        }
        String mappings = trimmed(form.get(GROUP_MAPPINGS));
        if (mappings != null) {
            policy = policy.withGroupMappings(bool(mappings));
        }
        String claim = form.get(JIT_GROUP_CLAIM);
        if (claim != null) {
            String value = trimmed(claim);
            policy = policy.withJit(policy.jit().withGroupClaim(value == null ? JitSettings.DEFAULT_GROUP_CLAIM : value));
        }
        String contact = form.get(CONTACT);
        if (contact != null) {
            policy = policy.withContact(trimmed(contact));
        }
        return policy;
    }

    private static List<RoleDefinition> roleGroups(ProvisioningPolicy before, ProvisioningPolicy policy,
            String json) {
        Map<String, String> rows = rows(ROLE_GROUPS, json);
        List<String> keys = policy.roles().stream().map(RoleDefinition::key).toList();
        rejectUnknown(ROLE_GROUPS, rows, keys, before.roles().stream().map(RoleDefinition::key).toList(),
                "provisioningTabUnknownRoleKey");
        return policy.roles().stream().map(role -> {
            String value = rows.get(role.key());
            return value == null || value.equals(joinGroups(role.groups())) ? role
                    : role.withGroups(splitGroups(value));
        }).toList();
    }

    private static List<SeatTierDefinition> tierGroups(ProvisioningPolicy before, ProvisioningPolicy policy,
            String json) {
        Map<String, String> rows = rows(TIER_GROUPS, json);
        rejectUnknown(TIER_GROUPS, rows, tierKeys(policy), tierKeys(before), "provisioningTabUnknownTierKey");
        return policy.seatTiers().stream().map(tier -> {
            String value = rows.get(tier.key());
            return value == null || value.equals(joinGroups(tier.groups())) ? tier
                    : tier.withGroups(splitGroups(value));
        }).toList();
    }

    private static List<SeatTierDefinition> capacities(ProvisioningPolicy before, ProvisioningPolicy policy,
            String json) {
        Map<String, String> rows = rows(SEAT_CAPACITIES, json);
        rejectUnknown(SEAT_CAPACITIES, rows, tierKeys(policy), tierKeys(before), "provisioningTabUnknownTierKey");
        return policy.seatTiers().stream().map(tier -> {
            String value = rows.get(tier.key());
            if (value == null) {
                return tier;
            }
            String trimmed = value.trim();
            if (!CAPACITY.matcher(trimmed).matches() || Long.parseLong(trimmed) > Integer.MAX_VALUE) {
                throw new TabFormException("provisioningTabBadCapacity", tier.key(), value);
            }
            return tier.withCapacity(Integer.parseInt(trimmed));
        }).toList();
    }

    /**
     * Keys must be in the catalog the form applies to; keys of entries that a profile switch just dropped are
     * ignored with them.
     */
    private static void rejectUnknown(String field, Map<String, String> rows, List<String> keys,
            List<String> keysBefore, String messageKey) {
        for (String key : rows.keySet()) {
            if (!keys.contains(key) && !keysBefore.contains(key)) {
                throw new TabFormException(messageKey, MAP_LABELS.get(field), key,
                        keys.isEmpty() ? "-" : String.join(", ", keys));
            }
        }
    }

    /** The rows of a Map field, key to value; empty when the field is missing or blank. */
    static Map<String, String> rows(String field, String json) {
        Map<String, String> rows = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return rows;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TabFormException("provisioningTabMalformedMap", MAP_LABELS.get(field));
        }
        if (!(tree instanceof ArrayNode array)) {
            throw new TabFormException("provisioningTabMalformedMap", MAP_LABELS.get(field));
        }
        for (JsonNode row : array) {
            JsonNode key = row.get("key");
            JsonNode value = row.get("value");
            if (key == null || !key.isTextual() || (value != null && !value.isTextual() && !value.isNull())) {
                throw new TabFormException("provisioningTabMalformedMap", MAP_LABELS.get(field));
            }
            String k = key.asText().trim();
            if (k.isEmpty()) {
                continue;
            }
            if (rows.put(k, value == null || value.isNull() ? "" : value.asText()) != null) {
                throw new TabFormException("provisioningTabDuplicateKey", MAP_LABELS.get(field), k);
            }
        }
        return rows;
    }

    private static List<String> tierKeys(ProvisioningPolicy policy) {
        return policy.seatTiers().stream().map(SeatTierDefinition::key).toList();
    }

    private static <T> String keyValues(List<T> entries, Function<T, String> key, Function<T, String> value) {
        ArrayNode array = JSON.createArrayNode();
        for (T entry : entries) {
            array.addObject().put("key", key.apply(entry)).put("value", value.apply(entry));
        }
        return array.toString();
    }

    static String joinGroups(List<String> groups) {
        return String.join(GROUP_SEPARATOR, groups);
    }

    /** Comma-separated groups, trimmed; empty items dropped. Duplicates are left to the policy validator. */
    static List<String> splitGroups(String value) {
        List<String> groups = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(g -> !g.isEmpty()).forEach(groups::add);
        return groups;
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TabFormException("provisioningTabNotBoolean", value);
        };
    }

    private static String trimmed(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }
}
