package io.kcprovisioning.outbound;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;

/**
 * A refused target as Keycloak's admin error format: 400, one entry per offending field, in the caller's language
 * (Accept-Language: en, fr or id). Thrown from the admin API and from the component's validation, so the components
 * endpoint and realm import answer the same 400 (a ComponentValidationException would be a 500 on realm import).
 */
public final class TargetErrors {

    private TargetErrors() {
    }

    public static ErrorResponseException badRequest(KeycloakSession session, List<TargetViolation> violations) {
        String lang = language(session);
        List<ErrorRepresentation> errors = violations.stream()
                .map(v -> new ErrorRepresentation(v.field(), TargetMessages.format(lang, v),
                        v.params().toArray(new Object[0])))
                .toList();
        return ErrorResponse.errors(errors, Response.Status.BAD_REQUEST, true);
    }

    /** The same error format with another status (404 for an unknown target, 409 for one that refuses the action). */
    public static ErrorResponseException refusal(KeycloakSession session, Response.Status status,
            TargetViolation violation) {
        String lang = language(session);
        return ErrorResponse.errors(List.of(new ErrorRepresentation(violation.field(),
                TargetMessages.format(lang, violation), violation.params().toArray(new Object[0]))), status, true);
    }

    static String language(KeycloakSession session) {
        HttpHeaders headers = session.getContext() == null ? null : session.getContext().getRequestHeaders();
        List<Locale> acceptable = null;
        try {
            acceptable = headers == null ? null : headers.getAcceptableLanguages();
        } catch (RuntimeException unparsable) {
            // a malformed Accept-Language: English
        }
        return TargetMessages.language(acceptable);
    }
}
