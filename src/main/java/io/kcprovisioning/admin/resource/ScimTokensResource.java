package io.kcprovisioning.admin.resource;

import io.kcprovisioning.scim.ScimTokenService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code scim/tokens}: the SCIM connection tokens, listed (view-realm), created and revoked (manage-realm). */
public final class ScimTokensResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ScimTokensResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Creates a SCIM connection token; the answer carries the secret, which is never shown again. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createScimToken(ScimTokenRepresentation.CreateRequest request) {
        auth.realm().requireManageRealm();
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 255
                || request.name().chars().anyMatch(Character::isISOControl)) {
            throw ErrorResponse.error("name is required (at most 255 characters, no control characters)",
                    Response.Status.BAD_REQUEST);
        }
        Long expires = null;
        if (request.expiresAt() != null && !request.expiresAt().isBlank()) {
            try {
                expires = Instant.parse(request.expiresAt().trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ErrorResponse.error("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z",
                        Response.Status.BAD_REQUEST);
            }
            if (expires <= System.currentTimeMillis()) {
                throw ErrorResponse.error("expiresAt must be in the future", Response.Status.BAD_REQUEST);
            }
        }
        ScimTokenService.Created created = new ScimTokenService(session, realm).create(request.name().trim(), expires);
        adminEvent.operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri(), created.token().getId())
                .representation(ScimTokenRepresentation.of(created.token(), null))
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "scim-token")
                .success();
        return Response.status(Response.Status.CREATED)
                .entity(ScimTokenRepresentation.of(created.token(), created.secret()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The realm's SCIM connection tokens, without secrets. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ScimTokenRepresentation> listScimTokens() {
        auth.realm().requireViewRealm();
        return new ScimTokenService(session, realm).list().stream()
                .map(t -> ScimTokenRepresentation.of(t, null)).toList();
    }

    /** Revokes a SCIM connection token at once. */
    @DELETE
    @Path("{id}")
    public Response revokeScimToken(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!new ScimTokenService(session, realm).revoke(id)) {
            throw ErrorResponse.error("No SCIM token " + id + " in realm " + realm.getName(),
                    Response.Status.NOT_FOUND);
        }
        adminEvent.operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "scim-token")
                .success();
        return Response.noContent().build();
    }
}
