package io.kcprovisioning.admin.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcprovisioning.outbound.OutboundOptions;
import io.kcprovisioning.outbound.OutboxActions;
import io.kcprovisioning.outbound.OutboxSelection;
import io.kcprovisioning.outbound.OutboxState;
import io.kcprovisioning.outbound.OutboxStatus;
import io.kcprovisioning.outbound.TargetCapabilities;
import io.kcprovisioning.outbound.TargetComponentFactory;
import io.kcprovisioning.outbound.TargetErrors;
import io.kcprovisioning.outbound.TargetHttp;
import io.kcprovisioning.outbound.TargetSettings;
import io.kcprovisioning.outbound.TargetStatus;
import io.kcprovisioning.outbound.TargetStore;
import io.kcprovisioning.outbound.TargetValidator;
import io.kcprovisioning.outbound.TargetViolation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code targets}: the downstream SCIM applications members are pushed to; listed and read with view-realm,
 * created, changed, removed and tested with manage-realm. Secrets are write-only.
 */
public final class TargetsResource {

    private static final Logger LOG = Logger.getLogger(TargetsResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    TargetsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TargetRepresentation> listTargets() {
        auth.realm().requireViewRealm();
        TargetStore store = store();
        return store.list().stream().map(t -> TargetRepresentation.of(t, store.secretStored(t.id()))).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentation getTarget(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        TargetStore store = store();
        return TargetRepresentation.of(existing(store, id), store.secretStored(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTarget(TargetRepresentation rep) {
        auth.realm().requireManageRealm();
        TargetSettings settings = checked(null, rep, false);
        TargetStore store = store();
        TargetSettings created = store.create(settings, secret(rep));
        TargetRepresentation out = TargetRepresentation.of(created, store.secretStored(created.id()));
        event(OperationType.CREATE, created.id(), out);
        return Response.status(Response.Status.CREATED)
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build())
                .entity(out).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TargetRepresentation updateTarget(@PathParam("id") String id, TargetRepresentation rep) {
        auth.realm().requireManageRealm();
        TargetStore store = store();
        existing(store, id);
        TargetSettings settings = checked(id, rep, store.secretStored(id));
        TargetSettings updated = store.update(id, settings, secret(rep));
        TargetRepresentation out = TargetRepresentation.of(updated, store.secretStored(id));
        event(OperationType.UPDATE, id, out);
        return out;
    }

    @DELETE
    @Path("{id}")
    public Response deleteTarget(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!store().delete(id)) {
            throw notFound(id);
        }
        event(OperationType.DELETE, id, null);
        return Response.noContent().build();
    }

    /** {@code {id}/push}: full push and reconcile of the target, and their jobs. */
    @Path("{id}/push")
    public TargetPushResource push(@PathParam("id") String id) {
        return new TargetPushResource(session, realm, auth, adminEvent, id);
    }

    /** What the target answers at {@code GET /ServiceProviderConfig} with its credentials: reachable, what it supports. */
    @POST
    @Path("{id}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public TestReport testTarget(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        TargetStore store = store();
        TargetSettings target = existing(store, id);
        TargetHttp http = store.http(target).orElse(null);
        if (http == null) {
            return new TestReport(false, null, null, null, "the target has no secret: set auth.secret or"
                    + " auth.secretRef");
        }
        try {
            TargetHttp.Reply reply = http.send("GET", "/ServiceProviderConfig", null);
            if (!reply.ok()) {
                return new TestReport(true, reply.status(), reply.status() != 401 && reply.status() != 403, null,
                        "GET /ServiceProviderConfig answered " + reply.status());
            }
            return new TestReport(true, reply.status(), true, TargetCapabilities.parse(reply.json()), null);
        } catch (IOException e) {
            LOG.debugf("Test of target %s of realm %s: %s", id, realm.getName(), e.toString());
            return new TestReport(false, null, null, null, "cannot reach the target: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (TargetHttp.Refused | TargetHttp.TokenRefused e) {
            return new TestReport(false, null, e instanceof TargetHttp.TokenRefused ? false : null, null,
                    e.getMessage());
        }
    }

    /**
     * The target's outbox: rows per state and up to {@code max} rows ({@code state}: idle, pending, in_flight or
     * dead; absent: all), with the target's last answer for the failed ones.
     */
    @GET
    @Path("{id}/outbox")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> outbox(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("max") Integer max) {
        auth.realm().requireViewRealm();
        existing(store(), id);
        OutboxState filter = null;
        if (state != null && !state.isBlank()) {
            try {
                filter = OutboxState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ErrorResponse.error("state must be idle, pending, in_flight or dead", Response.Status.BAD_REQUEST);
            }
        }
        int limit = max == null ? 100 : Math.max(1, Math.min(max, 1000));
        OutboxStatus status = new OutboxStatus(session);
        Map<String, Long> counts = new LinkedHashMap<>();
        status.counts(id).forEach((k, v) -> counts.put(k.name().toLowerCase(Locale.ROOT), v));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", counts);
        out.put("rows", status.rows(id, filter, limit));
        return out;
    }

    /** The target's health: queue per state, oldest pending change, counts, last error, circuit (view-realm). */
    @GET
    @Path("{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetStatus status(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        existing(store(), id);
        return TargetStatus.read(session, id);
    }

    /** Closes an open circuit: delivery to the target starts again, its pending changes due now. */
    @POST
    @Path("{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public TargetStatus resume(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        existing(store(), id);
        boolean wasOpen = new OutboxActions(session).resume(id);
        TargetStatus status = TargetStatus.read(session, id);
        action(id, "resume", Map.of("wasOpen", wasOpen));
        return status;
    }

    /** Dead letters (those named, or all for {@code {}}) become pending, due now, attempts from 0. */
    @POST
    @Path("{id}/outbox/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> replay(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        existing(store(), id);
        OutboxSelection selection = selection(body);
        int n = new OutboxActions(session).replay(id, selection.resources());
        action(id, "outbox/replay", Map.of("replayed", n));
        return Map.of("replayed", n);
    }

    /** Dead letters (those named, or all for {@code {}}) become idle without being sent. */
    @POST
    @Path("{id}/outbox/skip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> skip(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        existing(store(), id);
        OutboxSelection selection = selection(body);
        int n = new OutboxActions(session).skip(id, selection.resources());
        action(id, "outbox/skip", Map.of("skipped", n));
        return Map.of("skipped", n);
    }

    private OutboxSelection selection(String body) {
        OutboxSelection selection = OutboxSelection.parse(body);
        if (!selection.ok()) {
            throw TargetErrors.badRequest(session, selection.violations());
        }
        return selection;
    }

    /** The answer of a test: whether the target answered, its status, whether the credentials were taken. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestReport(boolean reachable, Integer status, Boolean authenticated, TargetCapabilities supports,
            String error) {
    }

    private TargetSettings checked(String id, TargetRepresentation rep, boolean secretStored) {
        List<TargetViolation> violations = new ArrayList<>();
        if (rep == null) {
            throw TargetErrors.badRequest(session, List.of(TargetViolation.of("$", "provisioningTargetMalformed",
                    "empty body")));
        }
        TargetSettings settings = settings(id, rep, violations);
        String secret = secret(rep);
        if (secret != null && rep.auth().secretRef() != null && !rep.auth().secretRef().isBlank()) {
            violations.add(TargetViolation.of("auth.secret", "provisioningTargetSecretBoth"));
        }
        if (secret != null && secret.length() > 2048) {
            violations.add(TargetViolation.of("auth.secret", "provisioningTargetTooLong", "auth.secret", "2048"));
        }
        if (violations.isEmpty()) {
            violations.addAll(TargetValidator.validate(settings, TargetComponentFactory.context(realm,
                    OutboundOptions.current().urls(), secret != null || secretStored)));
        }
        if (!violations.isEmpty()) {
            throw TargetErrors.badRequest(session, violations);
        }
        return settings;
    }

    /** The representation as settings; values that name nothing known are added to {@code violations}. */
    static TargetSettings settings(String id, TargetRepresentation rep, List<TargetViolation> violations) {
        TargetRepresentation.Auth a = rep.auth() == null
                ? new TargetRepresentation.Auth(null, null, null, null, null, null, null, null) : rep.auth();
        TargetSettings.AuthType type = TargetSettings.AuthType.parse(a.type()).orElse(null);
        if (type == null) {
            violations.add(TargetViolation.of("auth.type", "provisioningTargetAuthType"));
        }
        TargetRepresentation.Scope s = rep.scope() == null ? new TargetRepresentation.Scope("all", List.of())
                : rep.scope();
        TargetSettings.ScopeKind kind = s.kind() == null ? TargetSettings.ScopeKind.ALL
                : TargetSettings.ScopeKind.parse(s.kind()).orElse(null);
        if (kind == null) {
            violations.add(TargetViolation.of("scope.kind", "provisioningTargetScopeKind"));
        }
        TargetSettings.Deprovision deprovision = rep.deprovision() == null ? TargetSettings.Deprovision.DEACTIVATE
                : TargetSettings.Deprovision.parse(rep.deprovision()).orElse(null);
        if (deprovision == null) {
            violations.add(TargetViolation.of("deprovision", "provisioningTargetDeprovision"));
        }
        return new TargetSettings(id, trim(rep.name()), rep.enabled() == null || rep.enabled(), trim(rep.baseUrl()),
                new TargetSettings.Auth(type == null ? TargetSettings.AuthType.BEARER : type, trim(a.secretRef()),
                        trim(a.username()), trim(a.clientId()), trim(a.tokenUrl()), trim(a.scope())),
                new TargetSettings.Scope(kind == null ? TargetSettings.ScopeKind.ALL : kind,
                        s.keys() == null ? List.of() : s.keys().stream().map(TargetsResource::trim).toList()),
                Boolean.TRUE.equals(rep.pushGroups()),
                deprovision == null ? TargetSettings.Deprovision.DEACTIVATE : deprovision,
                rep.rateLimit() == null ? 0 : rep.rateLimit(),
                rep.quirks() == null ? new LinkedHashSet<>() : new LinkedHashSet<>(rep.quirks()),
                trim(rep.inboundConnection()));
    }

    private static String secret(TargetRepresentation rep) {
        return rep == null || rep.auth() == null || rep.auth().secret() == null || rep.auth().secret().isEmpty()
                ? null : rep.auth().secret();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private TargetSettings existing(TargetStore store, String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private RuntimeException notFound(String id) {
        return ErrorResponse.error("No outbound target " + id + " in realm " + realm.getName(),
                Response.Status.NOT_FOUND);
    }

    private void event(OperationType operation, String id, TargetRepresentation rep) {
        AdminEventBuilder event = adminEvent.operation(operation);
        if (operation == OperationType.CREATE) {
            event.resourcePath(session.getContext().getUri(), id);
        } else {
            event.resourcePath(session.getContext().getUri());
        }
        event
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "target");
        if (rep != null) {
            event.representation(rep);
        }
        event.success();
    }

    /** An admin action on a target (resume, replay, skip): ACTION at the action's path, with what it did. */
    private void action(String id, String what, Map<String, Object> result) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("target", id);
        rep.putAll(result);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "target-" + what.replace('/', '-'))
                .representation(rep).success();
    }

    private TargetStore store() {
        return new TargetStore(session, realm);
    }
}
