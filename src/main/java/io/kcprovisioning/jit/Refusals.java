package io.kcprovisioning.jit;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.ReasonCode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;

/**
 * Ends a login that the policy refused: the refusal page (template {@value #TEMPLATE}, in the realm's login theme
 * and language) for browsers, a JSON error for clients that ask for JSON; 403 either way. The contact is the
 * policy's text for the page's language.
 */
final class Refusals {

    static final String TEMPLATE = "provisioning-refused.ftl";

    private Refusals() {
    }

    /** Message key of the refusal text for a reason. */
    static String messageKey(ReasonCode reason) {
        return switch (reason) {
            case NO_MAPPED_GROUP -> "provisioningRefusedNoMappedGroup";
            case NO_SEAT_AVAILABLE -> "provisioningRefusedNoSeat";
            case MAPPED_TIER_FULL -> "provisioningRefusedTierFull";
            case NOT_PROVISIONED -> "provisioningRefusedNotProvisioned";
            default -> "provisioningRefusedOther";
        };
    }

    static void refuse(AuthenticationFlowContext context, Decision decision, ProvisioningPolicy policy,
            String tierName) {
        String key = messageKey(decision.reason());
        // the locale the login forms resolve for this user and request, so the contact matches the page
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        String contact = policy.contactFor(locale);
        Response response;
        if (wantsJson(context)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "access_denied");
            body.put("error_description", englishText(decision.reason(), tierName));
            body.put("provisioning_reason", decision.reason().wireName());
            if (contact != null) {
                body.put("contact", contact);
            }
            response = Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(body).build();
        } else {
            response = context.form()
                    // Without the flow context the layout shows no attempted username: the page ends the login,
                    // so a username field (with its restart link) above the message would only confuse.
                    .setAuthContext(null)
                    .setStatus(Response.Status.FORBIDDEN)
                    .setAttribute("provisioningMessage", key)
                    .setAttribute("provisioningTier", tierName == null ? "" : tierName)
                    .setAttribute("provisioningContact", contact == null ? "" : contact)
                    .setAttribute("provisioningReason", decision.reason().wireName())
                    .createForm(TEMPLATE);
        }
        // The broker endpoints record their event as a success whatever the flow's outcome, and a failure with a
        // page sends no error event: record the refusal as an error event of its own.
        context.getEvent().clone().detail(org.keycloak.events.Details.REASON, decision.message())
                .error(ProvisioningEvents.REFUSED);
        context.failure(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, response,
                ProvisioningEvents.REFUSED + ":" + decision.reason().wireName(), key);
    }

    private static boolean wantsJson(AuthenticationFlowContext context) {
        HttpHeaders headers = context.getHttpRequest().getHttpHeaders();
        List<MediaType> accept = headers.getAcceptableMediaTypes();
        if (accept.isEmpty()) {
            return false;
        }
        for (MediaType type : accept) {
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private static String englishText(ReasonCode reason, String tierName) {
        return switch (reason) {
            case NO_MAPPED_GROUP -> "Your account is not in any group that gives access to this organization.";
            case NO_SEAT_AVAILABLE -> "No seat is available for you in this organization right now.";
            case MAPPED_TIER_FULL -> "No " + tierName + " seat is available for you right now.";
            case NOT_PROVISIONED -> "Your organization's directory has not given your account access.";
            default -> "Your organization's provisioning policy does not let you in.";
        };
    }
}
