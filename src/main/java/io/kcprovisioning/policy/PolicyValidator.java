package io.kcprovisioning.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a policy's internal consistency. Checks that need Keycloak (do the bound roles exist?) are made by the
 * store on top of these.
 */
public final class PolicyValidator {

    static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final int MAX_CATALOG_ENTRIES = 100;
    static final int MAX_GROUPS_PER_ENTRY = 1000;
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_CONTACT_LOCALES = 100;
    /** A language tag as Keycloak names its locales: {@code fr}, {@code pt-BR}, {@code zh-Hant-TW}. */
    static final Pattern LOCALE_TAG = Pattern.compile("[a-zA-Z]{2}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

    private PolicyValidator() {
    }

    /** Throws {@link InvalidPolicyException} naming every violation, if any. */
    public static void requireValid(ProvisioningPolicy policy) {
        List<PolicyViolation> violations = validate(policy);
        if (!violations.isEmpty()) {
            throw new InvalidPolicyException(violations);
        }
    }

    public static List<PolicyViolation> validate(ProvisioningPolicy policy) {
        List<PolicyViolation> out = new ArrayList<>();
        Optional<ProductProfile> profile = Optional.empty();
        if (isBlank(policy.profile())) {
            out.add(new PolicyViolation("profile", "is required"));
        } else {
            profile = ProductProfiles.find(policy.profile());
            if (profile.isEmpty()) {
                out.add(new PolicyViolation("profile", "unknown profile '" + policy.profile() + "'"));
            }
        }
        if (policy.mode() == null) {
            out.add(new PolicyViolation("mode", "is required"));
        } else if (profile.isPresent() && !profile.get().allows(policy.mode())) {
            out.add(PolicyViolation.coded("mode", "mode '" + policy.mode().wireName() + "' is not allowed by profile '"
                    + policy.profile() + "'", "modeNotAllowed", policy.mode().wireName(), policy.profile(),
                    allowedModes(profile.get())));
        }
        validateRoles(policy, out);
        validateTiers(policy, profile, out);
        validateJit(policy.jit(), out);
        for (int i = 0; i < policy.scim().adoptBy().size(); i++) {
            String key = policy.scim().adoptBy().get(i);
            if (!ScimSettings.ADOPT_KEYS.contains(key)) {
                out.add(new PolicyViolation("scim.adoptBy[" + i + "]", "'" + key + "' is not one of "
                        + ScimSettings.ADOPT_KEYS));
            }
        }
        for (int i = 0; i < policy.scim().organizations().size(); i++) {
            if (isBlank(policy.scim().organizations().get(i))) {
                out.add(new PolicyViolation("scim.organizations[" + i + "]", "must not be blank"));
            }
        }
        if (policy.contact() != null && policy.contact().length() > MAX_NAME_LENGTH) {
            out.add(PolicyViolation.coded("contact", "at most " + MAX_NAME_LENGTH + " characters", "contactTooLong",
                    String.valueOf(MAX_NAME_LENGTH)));
        }
        validateContactByLocale(policy.contactByLocale(), out);
        return out;
    }

    private static void validateContactByLocale(Map<String, String> byLocale, List<PolicyViolation> out) {
        if (byLocale.size() > MAX_CONTACT_LOCALES) {
            out.add(new PolicyViolation("contactByLocale", "at most " + MAX_CONTACT_LOCALES + " languages"));
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> e : byLocale.entrySet()) {
            String tag = e.getKey();
            String path = "contactByLocale." + tag;
            if (!isLocaleTag(tag)) {
                out.add(new PolicyViolation(path, "'" + tag + "' is not a language tag such as 'fr' or 'pt-BR'"));
            } else if (!seen.add(tag.toLowerCase(Locale.ROOT))) {
                out.add(new PolicyViolation(path, "duplicate language '" + tag + "'"));
            }
            if (isBlank(e.getValue())) {
                out.add(new PolicyViolation(path, "must not be blank"));
            } else if (e.getValue().length() > MAX_NAME_LENGTH) {
                out.add(new PolicyViolation(path, "at most " + MAX_NAME_LENGTH + " characters"));
            }
        }
    }

    /** Well formed, and its language is an ISO 639 language. */
    private static boolean isLocaleTag(String tag) {
        return tag != null && LOCALE_TAG.matcher(tag).matches()
                && ISO_LANGUAGES.contains(tag.substring(0, 2).toLowerCase(Locale.ROOT));
    }

    private static void validateRoles(ProvisioningPolicy policy, List<PolicyViolation> out) {
        List<RoleDefinition> roles = policy.roles();
        if (roles.isEmpty() && policy.mode() != null && policy.mode() != ProvisioningMode.MANUAL) {
            out.add(PolicyViolation.coded("roles", "at least one role is required in mode '"
                    + policy.mode().wireName() + "'", "noRole", policy.mode().wireName()));
        }
        if (roles.size() > MAX_CATALOG_ENTRIES) {
            out.add(new PolicyViolation("roles", "at most " + MAX_CATALOG_ENTRIES + " roles"));
        }
        Set<String> keys = new HashSet<>();
        boolean anyMapped = false;
        for (int i = 0; i < roles.size(); i++) {
            String path = "roles[" + i + "]";
            RoleDefinition role = roles.get(i);
            if (role == null) {
                out.add(new PolicyViolation(path, "must not be null"));
                continue;
            }
            validateKey(path, role.key(), keys, out);
            validateName(path, role.name(), out);
            if (role.binding() == null) {
                out.add(new PolicyViolation(path + ".binding", "is required"));
            } else {
                validateBinding(path + ".binding", role.binding(), out);
            }
            validateGroups(path, role.key(), role.groups(), out);
            anyMapped |= !role.groups().isEmpty();
        }
        if (policy.groupMappings() && policy.mode() != null && policy.mode() != ProvisioningMode.MANUAL && !anyMapped
                && !roles.isEmpty()) {
            out.add(PolicyViolation.coded("roles", "group mappings are on but no role is mapped to a group:"
                    + " every user would be refused", "noRoleMapped"));
        }
    }

    private static void validateTiers(ProvisioningPolicy policy, Optional<ProductProfile> profile,
            List<PolicyViolation> out) {
        List<SeatTierDefinition> tiers = policy.seatTiers();
        if (tiers.size() > MAX_CATALOG_ENTRIES) {
            out.add(new PolicyViolation("seatTiers", "at most " + MAX_CATALOG_ENTRIES + " seat tiers"));
        }
        boolean mappingAllowed = profile.map(ProductProfile::tierMappingAllowed).orElse(true);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < tiers.size(); i++) {
            String path = "seatTiers[" + i + "]";
            SeatTierDefinition tier = tiers.get(i);
            if (tier == null) {
                out.add(new PolicyViolation(path, "must not be null"));
                continue;
            }
            validateKey(path, tier.key(), keys, out);
            validateName(path, tier.name(), out);
            if (tier.capacity() < 0) {
                out.add(new PolicyViolation(path + ".capacity", "must be 0 or more"));
            }
            if (tier.binding() != null) {
                validateBinding(path + ".binding", tier.binding(), out);
            }
            validateGroups(path, tier.key(), tier.groups(), out);
            if (!mappingAllowed && !tier.groups().isEmpty()) {
                out.add(PolicyViolation.coded(path + ".groups", "profile '" + policy.profile()
                        + "' has a single seat tier and does not allow seat-tier group mappings",
                        "tierMappingsNotAllowed", policy.profile()));
            }
        }
    }

    private static void validateJit(JitSettings jit, List<PolicyViolation> out) {
        if (isBlank(jit.groupClaim())) {
            out.add(new PolicyViolation("jit.groupClaim", "is required"));
        }
        for (Map.Entry<String, String> e : jit.groupClaimsByIdp().entrySet()) {
            if (isBlank(e.getKey()) || isBlank(e.getValue())) {
                out.add(new PolicyViolation("jit.groupClaimsByIdp", "aliases and claim names must not be blank"));
            }
        }
    }

    private static void validateKey(String path, String key, Set<String> seen, List<PolicyViolation> out) {
        if (isBlank(key)) {
            out.add(new PolicyViolation(path + ".key", "is required"));
        } else if (!KEY.matcher(key).matches()) {
            out.add(new PolicyViolation(path + ".key", "'" + key
                    + "' must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit"));
        } else if (!seen.add(key)) {
            out.add(new PolicyViolation(path + ".key", "duplicate key '" + key + "'"));
        }
    }

    private static void validateName(String path, String name, List<PolicyViolation> out) {
        if (isBlank(name)) {
            out.add(new PolicyViolation(path + ".name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            out.add(new PolicyViolation(path + ".name", "at most " + MAX_NAME_LENGTH + " characters"));
        }
    }

    private static void validateBinding(String path, RoleBinding binding, List<PolicyViolation> out) {
        if (isBlank(binding.role())) {
            out.add(new PolicyViolation(path + ".role", "is required"));
        }
        if (binding.client() != null && binding.client().isBlank()) {
            out.add(new PolicyViolation(path + ".client", "must not be blank (omit it for a realm role)"));
        }
    }

    private static void validateGroups(String path, String key, List<String> groups, List<PolicyViolation> out) {
        if (groups.size() > MAX_GROUPS_PER_ENTRY) {
            out.add(PolicyViolation.coded(path + ".groups", "at most " + MAX_GROUPS_PER_ENTRY + " groups",
                    "tooManyGroups", String.valueOf(key), String.valueOf(MAX_GROUPS_PER_ENTRY)));
        }
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            if (isBlank(group)) {
                out.add(new PolicyViolation(path + ".groups[" + g + "]", "must not be blank"));
            } else if (!seen.add(group.toLowerCase(Locale.ROOT))) {
                out.add(PolicyViolation.coded(path + ".groups[" + g + "]", "duplicate group '" + group + "'",
                        "duplicateGroup", String.valueOf(key), group));
            }
        }
    }

    /** The modes a profile allows, in the order of {@link ProvisioningMode}. */
    private static String allowedModes(ProductProfile profile) {
        return String.join(", ", Arrays.stream(ProvisioningMode.values()).filter(profile::allows)
                .map(ProvisioningMode::wireName).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
