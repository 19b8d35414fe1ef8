package io.kcprovisioning.store;

import io.kcprovisioning.policy.InvalidPolicyException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;

/** Turns a refused policy into Keycloak's admin error format: 400, one entry per offending field. */
public final class PolicyErrors {

    private PolicyErrors() {
    }

    public static ErrorResponseException badRequest(InvalidPolicyException e) {
        List<ErrorRepresentation> errors = e.violations().stream()
                .map(v -> new ErrorRepresentation(v.field(), "Invalid provisioning policy: " + v.field() + ": "
                        + v.message(), null))
                .toList();
        return ErrorResponse.errors(errors, Response.Status.BAD_REQUEST, true);
    }
}
