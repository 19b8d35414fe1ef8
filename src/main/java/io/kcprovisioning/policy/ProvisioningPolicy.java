package io.kcprovisioning.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A realm's provisioning policy: its mode, whether advanced group mappings are on, and its ranked role and
 * seat-tier catalogs with their group mappings. Immutable; validated by {@link PolicyValidator}.
 *
 * @param profile       the product profile id the catalogs came from
 * @param mode          how users arrive
 * @param groupMappings whether roles and tiers follow IdP groups ("advanced group mappings")
 * @param roles         role catalog, most permissive first
 * @param seatTiers     seat-tier catalog, highest first; empty when the plan has no seats
 * @param jit           settings for JIT provisioning
 * @param contact       whom users should ask when refused or waiting for a seat (shown on refusal pages); may
 *                      be null
 * @param contactByLocale the contact text per language (locale tag such as {@code fr} or {@code pt-BR} → text),
 *                      shown instead of {@code contact} on pages in that language
 * @param scim          settings for SCIM directory sync
 */
public record ProvisioningPolicy(
        String profile,
        ProvisioningMode mode,
        boolean groupMappings,
        List<RoleDefinition> roles,
        List<SeatTierDefinition> seatTiers,
        JitSettings jit,
        String contact,
        Map<String, String> contactByLocale,
        ScimSettings scim) {

    public ProvisioningPolicy {
        // null entries are kept (not refused here) so that the validator can name the offending index
        roles = roles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(roles));
        seatTiers = seatTiers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(seatTiers));
        jit = jit == null ? JitSettings.defaults() : jit;
        // in the order given, so that an export reads like what was saved; blank texts are kept for the validator
        contactByLocale = contactByLocale == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(contactByLocale));
        scim = scim == null ? ScimSettings.defaults() : scim;
    }

    /** A policy with one contact text for every language. */
    public ProvisioningPolicy(String profile, ProvisioningMode mode, boolean groupMappings,
            List<RoleDefinition> roles, List<SeatTierDefinition> seatTiers, JitSettings jit, String contact,
            ScimSettings scim) {
        this(profile, mode, groupMappings, roles, seatTiers, jit, contact, Map.of(), scim);
    }

    /** The policy of a realm that was never configured: Manual mode, nothing managed. */
    public static ProvisioningPolicy unconfigured() {
        return new ProvisioningPolicy(ProductProfiles.CUSTOM, ProvisioningMode.MANUAL, false, List.of(), List.of(),
                JitSettings.defaults(), null, Map.of(), ScimSettings.defaults());
    }

    /** A fresh policy seeded from a profile, in Manual mode. */
    public static ProvisioningPolicy seededFrom(ProductProfile profile) {
        return new ProvisioningPolicy(profile.id(), ProvisioningMode.MANUAL, false, profile.roles(),
                profile.seatTiers(), JitSettings.defaults(), null, Map.of(), ScimSettings.defaults());
    }

    /**
     * This policy switched to another profile. A seeding profile replaces both catalogs, keeping the group
     * mappings and capacities of entries whose key is unchanged; {@code custom} keeps the catalogs as they are.
     * Mode and settings are kept (the validator refuses a mode the new profile does not allow).
     */
    public ProvisioningPolicy withProfile(ProductProfile target) {
        if (!target.seedsCatalog()) {
            return new ProvisioningPolicy(target.id(), mode, groupMappings, roles, seatTiers, jit, contact,
                    contactByLocale, scim);
        }
        Map<String, RoleDefinition> oldRoles = roles.stream()
                .collect(Collectors.toMap(RoleDefinition::key, Function.identity()));
        Map<String, SeatTierDefinition> oldTiers = seatTiers.stream()
                .collect(Collectors.toMap(SeatTierDefinition::key, Function.identity()));
        List<RoleDefinition> newRoles = new ArrayList<>();
        for (RoleDefinition seed : target.roles()) {
            RoleDefinition old = oldRoles.get(seed.key());
            newRoles.add(old == null ? seed : seed.withGroups(old.groups()));
        }
        List<SeatTierDefinition> newTiers = new ArrayList<>();
        for (SeatTierDefinition seed : target.seatTiers()) {
            SeatTierDefinition old = oldTiers.get(seed.key());
            SeatTierDefinition tier = old == null ? seed : seed.withCapacity(old.capacity()).withGroups(old.groups());
            newTiers.add(target.tierMappingAllowed() ? tier : tier.withGroups(List.of()));
        }
        return new ProvisioningPolicy(target.id(), mode, groupMappings, newRoles, newTiers, jit, contact,
                contactByLocale, scim);
    }

    public ProvisioningPolicy withMode(ProvisioningMode newMode) {
        return new ProvisioningPolicy(profile, newMode, groupMappings, roles, seatTiers, jit, contact,
                contactByLocale, scim);
    }

    public ProvisioningPolicy withGroupMappings(boolean enabled) {
        return new ProvisioningPolicy(profile, mode, enabled, roles, seatTiers, jit, contact, contactByLocale,
                scim);
    }

    public ProvisioningPolicy withRoles(List<RoleDefinition> newRoles) {
        return new ProvisioningPolicy(profile, mode, groupMappings, newRoles, seatTiers, jit, contact,
                contactByLocale, scim);
    }


    public ProvisioningPolicy withSeatTiers(List<SeatTierDefinition> newTiers) {
        return new ProvisioningPolicy(profile, mode, groupMappings, roles, newTiers, jit, contact,
                contactByLocale, scim);
    }

    public ProvisioningPolicy withContact(String newContact, Map<String, String> newContactByLocale) {
        return new ProvisioningPolicy(profile, mode, groupMappings, roles, seatTiers, jit, newContact,
                newContactByLocale, scim);
    }

    /**
     * The contact text for a page in this language: the text of the exact locale tag ({@code pt-BR}), else of its
     * language ({@code pt}), else {@link #contact()}. Tags compare case-insensitively, as BCP 47 says. May be null.
     */
    public String contactFor(Locale locale) {
        if (locale != null && !contactByLocale.isEmpty()) {
            String exact = contactByLocaleTag(locale.toLanguageTag());
            if (exact != null) {
                return exact;
            }
            String language = contactByLocaleTag(locale.getLanguage());
            if (language != null) {
                return language;
            }
        }
        return contact;
    }

    private String contactByLocaleTag(String tag) {
        for (Map.Entry<String, String> e : contactByLocale.entrySet()) {
            if (e.getKey().equalsIgnoreCase(tag)) {
                return e.getValue();
            }
        }
        return null;
    }

    public ProvisioningPolicy withJit(JitSettings newJit) {
        return new ProvisioningPolicy(profile, mode, groupMappings, roles, seatTiers, newJit, contact, scim);
    }

    public ProvisioningPolicy withContact(String newContact) {
        return new ProvisioningPolicy(profile, mode, groupMappings, roles, seatTiers, jit, newContact, scim);
    }

    public Optional<RoleDefinition> role(String key) {
        return roles.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    public Optional<SeatTierDefinition> seatTier(String key) {
        return seatTiers.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** Rank of a role, 0 being the most permissive; -1 when the key is not in the catalog. */
    public int roleRank(String key) {
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Rank of a seat tier, 0 being the highest; -1 when the key is not in the catalog. */
    public int tierRank(String key) {
        for (int i = 0; i < seatTiers.size(); i++) {
            if (seatTiers.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The least permissive role: the one JIT and SCIM give without group mappings. */
    public Optional<RoleDefinition> lowestRole() {
        return roles.isEmpty() ? Optional.empty() : Optional.of(roles.get(roles.size() - 1));
    }

    public boolean hasSeatTiers() {
        return !seatTiers.isEmpty();
    }
}
