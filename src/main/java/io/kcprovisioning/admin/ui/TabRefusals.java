package io.kcprovisioning.admin.ui;

import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.PolicyViolation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.keycloak.Token;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.resources.admin.AdminRoot;

/**
 * The Provisioning tab's refusals, in the admin's language, as the admin console shows them in its error toast.
 *
 * <p>Keycloak translates a {@link ComponentValidationException}'s key with the {@code locale} claim of the admin's
 * access token, which the admin console's lightweight tokens (and {@code admin-cli}'s) do not carry: every admin
 * would read English. So the message is formatted here, in the language the admin console picks for its own texts
 * (the admin's realm, their locale, the request: what {@code whoami} answers), and handed to Keycloak under
 * {@value #VERBATIM}, a key whose text in every language is its one parameter.
 */
final class TabRefusals {

    static final String VERBATIM = "provisioningTabRefused";
    private static final String REALMS = "/realms/";

    private TabRefusals() {
    }

    /** A refusal: the message key of the tab's bundle and its parameters (parameters that are keys translated). */
    static ComponentValidationException refusal(KeycloakSession session, RealmModel realm, String key,
            Object... params) {
        Properties messages = messages(session, realm);
        return new ComponentValidationException(VERBATIM, format(messages, key, params));
    }

    /** The policy's violations, each in the admin's language when it has a rule code, else as the API names it. */
    static ComponentValidationException invalid(KeycloakSession session, RealmModel realm, InvalidPolicyException e) {
        Properties messages = messages(session, realm);
        String reasons = e.violations().stream().map(v -> reason(messages, v)).collect(Collectors.joining("; "));
        return new ComponentValidationException(VERBATIM, format(messages, "provisioningTabInvalidPolicy", reasons));
    }

    private static String reason(Properties messages, PolicyViolation v) {
        if (v.code() == null) {
            return v.toString();
        }
        String key = "provisioningTab" + Character.toUpperCase(v.code().charAt(0)) + v.code().substring(1);
        return messages.containsKey(key) ? format(messages, key, v.args().toArray()) : v.toString();
    }

    static String format(Properties messages, String key, Object... params) {
        Object[] translated = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            translated[i] = params[i] instanceof String s ? messages.getProperty(s, s) : params[i];
        }
        return new MessageFormat(messages.getProperty(key, key), Locale.ROOT).format(translated);
    }

    /** The admin bundle in the admin's language. */
    static Properties messagesFor(KeycloakSession session, RealmModel realm) {
        return messages(session, realm);
    }

    private static Properties messages(KeycloakSession session, RealmModel realm) {
        return AdminRoot.getMessages(session, realm, locale(session, realm).toLanguageTag(), "admin-messages",
                "messages");
    }

    /** The admin console's language for the admin making this request: resolved in the realm they signed in to. */
    static Locale locale(KeycloakSession session, RealmModel realm) {
        UserModel user = session.getContext().getUser();
        RealmModel adminRealm = adminRealm(session);
        return session.getProvider(LocaleSelectorProvider.class)
                .resolveLocale(adminRealm != null ? adminRealm : realm, user);
    }

    private static RealmModel adminRealm(KeycloakSession session) {
        Token token = session.getContext().getBearerToken();
        if (!(token instanceof JsonWebToken jwt) || jwt.getIssuer() == null) {
            return null;
        }
        String issuer = jwt.getIssuer();
        int at = issuer.lastIndexOf(REALMS);
        if (at < 0) {
            return null;
        }
        return session.realms().getRealmByName(URLDecoder.decode(issuer.substring(at + REALMS.length()),
                StandardCharsets.UTF_8));
    }
}
