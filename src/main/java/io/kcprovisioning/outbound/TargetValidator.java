package io.kcprovisioning.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every check on a target that needs no database: required fields and lengths, URLs ({@link TargetUrls}), the
 * authentication's parts, scope keys against the realm's catalogs, rate limit and quirks. Keycloak-free, so that the
 * admin API, the components endpoint and realm import refuse the same targets.
 */
public final class TargetValidator {

    /** Keycloak's vault reference syntax. */
    public static final Pattern VAULT_REFERENCE = Pattern.compile("^\\$\\{vault\\.[^}]+}$");
    public static final int MAX_RATE_LIMIT = 10_000;

    /**
     * What the validator knows of the realm and of the secret.
     *
     * @param roleKeys    the realm's role keys (null: not checked)
     * @param tierKeys    the realm's seat-tier keys (null: not checked)
     * @param secretKnown whether a secret is provided, stored, or referenced (false: required and missing)
     */
    public record Context(TargetUrls.Rules rules, TargetUrls.Resolver resolver, Set<String> roleKeys,
            Set<String> tierKeys, boolean secretKnown) {
    }

    private TargetValidator() {
    }

    public static List<TargetViolation> validate(TargetSettings t, Context ctx) {
        List<TargetViolation> out = new ArrayList<>();
        text(out, "name", t.name(), 255, true);
        TargetUrls.check("baseUrl", t.baseUrl(), false, ctx.rules(), ctx.resolver()).ifPresent(out::add);
        TargetSettings.Auth auth = t.auth();
        if (auth == null || auth.type() == null) {
            out.add(TargetViolation.of("auth.type", "provisioningTargetAuthType"));
        } else {
            if (auth.secretRef() != null && !VAULT_REFERENCE.matcher(auth.secretRef()).matches()) {
                out.add(TargetViolation.of("auth.secretRef", "provisioningTargetVaultReference"));
            }
            if (!ctx.secretKnown() && auth.secretRef() == null) {
                out.add(TargetViolation.of("auth.secret", "provisioningTargetSecretRequired"));
            }
            switch (auth.type()) {
                case BEARER -> { }
                case BASIC -> text(out, "auth.username", auth.username(), 255, true);
                case OAUTH2 -> {
                    text(out, "auth.clientId", auth.clientId(), 255, true);
                    text(out, "auth.scope", auth.scope(), 1024, false);
                    TargetUrls.check("auth.tokenUrl", auth.tokenUrl(), true, ctx.rules(), ctx.resolver())
                            .ifPresent(out::add);
                }
            }
        }
        TargetSettings.Scope scope = t.scope();
        if (scope == null || scope.kind() == null) {
            out.add(TargetViolation.of("scope.kind", "provisioningTargetScopeKind"));
        } else if (scope.kind() != TargetSettings.ScopeKind.ALL) {
            Set<String> known = scope.kind() == TargetSettings.ScopeKind.TIERS ? ctx.tierKeys() : ctx.roleKeys();
            if (scope.keys().isEmpty()) {
                out.add(TargetViolation.of("scope.keys", "provisioningTargetScopeKeysRequired", scope.kind()
                        .wireName()));
            }
            for (int i = 0; i < scope.keys().size(); i++) {
                String key = scope.keys().get(i);
                if (known != null && !known.contains(key)) {
                    out.add(TargetViolation.of("scope.keys[" + i + "]", scope.kind() == TargetSettings.ScopeKind.TIERS
                            ? "provisioningTargetUnknownTier" : "provisioningTargetUnknownRole", String.valueOf(key),
                            String.join(", ", known.stream().sorted().toList())));
                }
            }
        }
        if (t.deprovision() == null) {
            out.add(TargetViolation.of("deprovision", "provisioningTargetDeprovision"));
        }
        if (t.rateLimit() < 0 || t.rateLimit() > MAX_RATE_LIMIT) {
            out.add(TargetViolation.of("rateLimit", "provisioningTargetRateLimit", String.valueOf(MAX_RATE_LIMIT)));
        }
        for (String quirk : t.quirks()) {
            if (!TargetSettings.KNOWN_QUIRKS.contains(quirk)) {
                out.add(TargetViolation.of("quirks", "provisioningTargetUnknownQuirk", String.valueOf(quirk),
                        String.join(", ", TargetSettings.KNOWN_QUIRKS)));
            }
        }
        return out;
    }

    private static void text(List<TargetViolation> out, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                out.add(TargetViolation.of(field, "provisioningTargetRequired", field));
            }
        } else if (value.length() > max) {
            out.add(TargetViolation.of(field, "provisioningTargetTooLong", field, String.valueOf(max)));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            out.add(TargetViolation.of(field, "provisioningTargetControlCharacters", field));
        }
    }
}
