package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetValidatorTest {

    private static final TargetUrls.Resolver PUBLIC = host -> new InetAddress[] {
            InetAddress.getByName("93.184.216.34")};
    private static final TargetValidator.Context CONTEXT = new TargetValidator.Context(TargetUrls.Rules.STRICT,
            PUBLIC, Set.of("owner", "admin", "user"), Set.of("premium", "standard"), true);

    static TargetSettings bearer() {
        return new TargetSettings(null, "crm", true, "https://crm.example.com/scim/v2",
                new TargetSettings.Auth(TargetSettings.AuthType.BEARER, null, null, null, null, null),
                TargetSettings.Scope.all(), false, TargetSettings.Deprovision.DEACTIVATE, 0, Set.of());
    }

    private static List<String> fields(TargetSettings t, TargetValidator.Context ctx) {
        return TargetValidator.validate(t, ctx).stream().map(TargetViolation::field).toList();
    }

    private static TargetSettings withAuth(TargetSettings t, TargetSettings.Auth auth) {
        return new TargetSettings(t.id(), t.name(), t.enabled(), t.baseUrl(), auth, t.scope(), t.pushGroups(),
                t.deprovision(), t.rateLimit(), t.quirks());
    }

    private static TargetSettings withScope(TargetSettings.Scope scope) {
        TargetSettings t = bearer();
        return new TargetSettings(t.id(), t.name(), t.enabled(), t.baseUrl(), t.auth(), scope, t.pushGroups(),
                t.deprovision(), t.rateLimit(), t.quirks());
    }

    @Test
    void acceptsBearerTargetWithStoredSecret() {
        assertThat(TargetValidator.validate(bearer(), CONTEXT)).isEmpty();
    }

    @Test
    void requiresSecretOrVaultReference() {
        TargetValidator.Context noSecret = new TargetValidator.Context(TargetUrls.Rules.STRICT, PUBLIC, null, null,
                false);
        assertThat(fields(bearer(), noSecret)).containsExactly("auth.secret");
        TargetSettings vaulted = withAuth(bearer(), new TargetSettings.Auth(TargetSettings.AuthType.BEARER,
                "${vault.crm-token}", null, null, null, null));
        assertThat(fields(vaulted, noSecret)).isEmpty();
    }

    @Test
    void refusesSecretRefThatIsNoVaultReference() {
        TargetSettings t = withAuth(bearer(), new TargetSettings.Auth(TargetSettings.AuthType.BEARER,
                "plain-token", null, null, null, null));
        assertThat(fields(t, CONTEXT)).containsExactly("auth.secretRef");
    }

    @Test
    void basicNeedsUserName() {
        TargetSettings t = withAuth(bearer(), new TargetSettings.Auth(TargetSettings.AuthType.BASIC, null, null,
                null, null, null));
        assertThat(fields(t, CONTEXT)).containsExactly("auth.username");
    }

    @Test
    void oauthNeedsClientAndPublicHttpsTokenUrl() {
        TargetSettings t = withAuth(bearer(), new TargetSettings.Auth(TargetSettings.AuthType.OAUTH2, null, null,
                null, "http://login.example.com/token", null));
        assertThat(fields(t, CONTEXT)).containsExactly("auth.clientId", "auth.tokenUrl");
    }

    @Test
    void scopedTargetNamesKnownTiersOrRoles() {
        assertThat(fields(withScope(new TargetSettings.Scope(TargetSettings.ScopeKind.TIERS,
                List.of("premium"))), CONTEXT)).isEmpty();
        assertThat(fields(withScope(new TargetSettings.Scope(TargetSettings.ScopeKind.TIERS,
                List.of("premium", "gold"))), CONTEXT)).containsExactly("scope.keys[1]");
        assertThat(fields(withScope(new TargetSettings.Scope(TargetSettings.ScopeKind.ROLES, List.of())),
                CONTEXT)).containsExactly("scope.keys");
        assertThat(TargetValidator.validate(withScope(new TargetSettings.Scope(TargetSettings.ScopeKind.ROLES,
                List.of("premium"))), CONTEXT)).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningTargetUnknownRole");
    }

    @Test
    void refusesRateLimitOutOfRangeAndUnknownQuirk() {
        TargetSettings t = bearer();
        TargetSettings bad = new TargetSettings(null, t.name(), true, t.baseUrl(), t.auth(), t.scope(), false,
                t.deprovision(), -1, Set.of("membership-by-single-patch", "aws-magic"));
        assertThat(fields(bad, CONTEXT)).containsExactly("rateLimit", "quirks");
    }

    @Test
    void requiresNameAndHttpsBaseUrl() {
        TargetSettings t = bearer();
        TargetSettings bad = new TargetSettings(null, " ", true, "http://crm.example.com/scim", t.auth(), t.scope(),
                false, t.deprovision(), 0, Set.of());
        assertThat(TargetValidator.validate(bad, CONTEXT)).extracting(TargetViolation::messageKey)
                .containsExactly("provisioningTargetRequired", "provisioningTargetUrlNotHttps");
    }
}
