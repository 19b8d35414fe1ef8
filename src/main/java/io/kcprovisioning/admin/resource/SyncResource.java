package io.kcprovisioning.admin.resource;

import io.kcprovisioning.sync.SyncJobEntity;
import io.kcprovisioning.sync.SyncJobs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code sync}: Sync now (manage-realm), recent Syncs and one Sync's progress (view-realm). */
public final class SyncResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    SyncResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Starts a Sync now (in the background); 202 with the job. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response startSync() {
        auth.realm().requireManageRealm();
        SyncJobEntity job = SyncJobs.start(session.getKeycloakSessionFactory(), realm.getId(), "admin");
        adminEvent.operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri(), job.getId())
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "sync")
                .success();
        return Response.accepted(SyncJobRepresentation.of(job))
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(job.getId()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SyncJobRepresentation> recentSyncs() {
        auth.realm().requireViewRealm();
        return SyncJobs.recent(session, realm.getId(), 20).stream().map(SyncJobRepresentation::of).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public SyncJobRepresentation getSync(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return SyncJobs.job(session, id).filter(j -> j.getRealmId().equals(realm.getId()))
                .map(SyncJobRepresentation::of)
                .orElseThrow(() -> ErrorResponse.error("No Sync " + id, Response.Status.NOT_FOUND));
    }
}
