package io.kcprovisioning.admin.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.outbound.PushJobs;
import io.kcprovisioning.outbound.TargetErrors;
import io.kcprovisioning.outbound.TargetSettings;
import io.kcprovisioning.outbound.TargetStore;
import io.kcprovisioning.outbound.TargetViolation;
import io.kcprovisioning.outbound.jpa.PushJobEntity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code targets/{id}/push}: a full push or a reconcile of one target (manage-realm), its recent pushes and one
 * push's progress (view-realm). The work runs in the background, one push per target in the cluster
 * ({@link PushJobs}).
 */
public final class TargetPushResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final String targetId;

    TargetPushResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent, String targetId) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.targetId = targetId;
    }

    /**
     * Starts a push, body {@code {"mode":"full"|"reconcile"}}: 202 with the job and its {@code Location}, a new
     * one or the one already running for this target anywhere in the cluster. Any content type: the body is read
     * as JSON here, so a body that is not JSON gets the same localized 400 as a wrong mode.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response startPush(String body) {
        auth.realm().requireManageRealm();
        TargetSettings target = target();
        PushJobs.Mode mode = mode(body);
        if (!target.enabled()) {
            throw TargetErrors.refusal(session, Response.Status.CONFLICT,
                    TargetViolation.of("enabled", "provisioningTargetPushDisabled", target.name()));
        }
        PushJobs.Started started = PushJobs.start(session.getKeycloakSessionFactory(), realm.getId(), targetId,
                mode, triggeredBy());
        PushJobRepresentation job = PushJobRepresentation.of(started.job());
        if (started.began()) {
            adminEvent.operation(OperationType.ACTION)
                    .resourcePath(session.getContext().getUri(), job.id())
                    .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "push")
                    .representation(job)
                    .success();
        }
        return Response.accepted(job)
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(job.id()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The target's pushes, newest first, at most {@value PushJobs#LISTED}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<PushJobRepresentation>> recentPushes() {
        auth.realm().requireViewRealm();
        target();
        return Map.of("jobs", PushJobs.recent(session, targetId, PushJobs.LISTED).stream()
                .map(PushJobRepresentation::of).toList());
    }

    @GET
    @Path("{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    public PushJobRepresentation getPush(@PathParam("jobId") String jobId) {
        auth.realm().requireViewRealm();
        target();
        return PushJobs.job(session, targetId, jobId).map(PushJobRepresentation::of)
                .orElseThrow(() -> TargetErrors.refusal(session, Response.Status.NOT_FOUND,
                        TargetViolation.of("jobId", "provisioningTargetPushUnknownJob", jobId)));
    }

    private TargetSettings target() {
        return new TargetStore(session, realm).find(targetId).orElseThrow(() -> TargetErrors.refusal(session,
                Response.Status.NOT_FOUND, TargetViolation.of("id", "provisioningTargetPushUnknownTarget", targetId)));
    }

    private PushJobs.Mode mode(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw TargetErrors.badRequest(session, List.of(TargetViolation.of("$", "provisioningTargetPushMalformed",
                    e.getOriginalMessage())));
        }
        if (json == null || !json.isObject()) {
            throw TargetErrors.badRequest(session, List.of(TargetViolation.of("$", "provisioningTargetPushMalformed",
                    json == null ? "empty body" : "a JSON " + json.getNodeType().name().toLowerCase(Locale.ROOT))));
        }
        JsonNode mode = json.get("mode");
        Optional<PushJobs.Mode> parsed = mode != null && mode.isTextual() ? PushJobs.Mode.parse(mode.asText())
                : Optional.empty();
        return parsed.orElseThrow(() -> TargetErrors.badRequest(session, List.of(TargetViolation.of("mode",
                "provisioningTargetPushMode"))));
    }

    private String triggeredBy() {
        return auth.adminAuth() == null || auth.adminAuth().getUser() == null ? "admin"
                : auth.adminAuth().getUser().getUsername();
    }

    /** A push job as the admin API shows it; {@code total}, {@code finished} and {@code error} are null until known. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PushJobRepresentation(String id, String target, String mode, String state, String triggeredBy,
            String started, String finished, long examined, Long total, long queued, long deprovisioned,
            String error) {

        static PushJobRepresentation of(PushJobEntity job) {
            return new PushJobRepresentation(job.getId(), job.getTargetId(), job.getMode(),
                    job.getState().toLowerCase(Locale.ROOT), job.getTriggeredBy(),
                    Instant.ofEpochMilli(job.getStarted()).toString(),
                    job.getFinished() == null ? null : Instant.ofEpochMilli(job.getFinished()).toString(),
                    job.getExamined(), job.getTotal(), job.getQueued(), job.getDeprovisioned(), job.getError());
        }
    }
}
