package io.kcprovisioning.admin.resource;

import io.kcprovisioning.members.MemberQueries;
import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.PolicyErrors;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.sync.SyncService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code policy}: the realm's provisioning policy, read (view-realm), saved (manage-realm) and previewed. */
public final class PolicyResource {

    private static final Logger LOG = Logger.getLogger(PolicyResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    PolicyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPolicy() {
        auth.realm().requireViewRealm();
        return json(PolicyJson.write(RealmPolicyStore.get(realm)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response putPolicy(String body, @QueryParam("force") @DefaultValue("false") boolean force) {
        auth.realm().requireManageRealm();
        ProvisioningPolicy candidate;
        try {
            candidate = PolicyJson.read(body);
        } catch (InvalidPolicyException e) {
            throw PolicyErrors.badRequest(e);
        }
        return save(candidate, force);
    }

    /**
     * What saving this policy would do, without changing anything: who would be added, removed, promoted,
     * demoted, moved between tiers or left pending (with their usernames), with counts and up to {@code max} users
     * of each kind, and whether the lockout guard would refuse it.
     */
    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PreviewRepresentation previewPolicy(String body, @QueryParam("max") @DefaultValue("20") int max) {
        auth.realm().requireViewRealm();
        ProvisioningPolicy candidate;
        try {
            candidate = PolicyJson.read(body);
            RealmPolicyStore.validate(session, realm, candidate);
        } catch (InvalidPolicyException e) {
            throw PolicyErrors.badRequest(e);
        }
        SyncService.Report report = SyncService.preview(session.getKeycloakSessionFactory(), realm.getId(),
                RealmPolicyStore.get(realm), candidate, Math.max(0, Math.min(max, MemberQueries.MAX_PAGE)),
                actingUserIds());
        return PreviewRepresentation.of(report, PolicySaves.guard(session, realm, candidate, report), candidate,
                id -> session.users().getUserById(realm, id));
    }

    /**
     * Saves through {@link PolicySaves#save} (the one save path) and answers the saved policy: 400 naming the
     * offending fields, 409 when the lockout guard refuses; an admin event on success. The caller checked
     * manage-realm.
     */
    Response save(ProvisioningPolicy candidate, boolean force) {
        boolean created = !RealmPolicyStore.isConfigured(realm);
        try {
            PolicySaves.save(session, realm, candidate, force, actingUserIds());
        } catch (InvalidPolicyException e) {
            throw PolicyErrors.badRequest(e);
        } catch (PolicySaves.Refused e) {
            throw ErrorResponse.errors(List.of(new ErrorRepresentation("roles", e.guard().message()
                    + " Preview the change with POST policy/preview; save anyway with ?force=true.", null)),
                    Response.Status.CONFLICT, true);
        }
        adminEvent.operation(created ? OperationType.CREATE : OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(PolicyJson.toRepresentation(candidate))
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "policy")
                .success();
        LOG.debugf("Provisioning policy of realm %s saved (mode %s, profile %s)", realm.getName(),
                candidate.mode().wireName(), candidate.profile());
        return json(PolicyJson.write(candidate));
    }

    /** The acting admin, when they are a user of this realm (so a policy could demote them). */
    private Set<String> actingUserIds() {
        UserModel user = auth.adminAuth().getUser();
        return user != null && auth.adminAuth().getRealm().getId().equals(realm.getId())
                ? Set.of(user.getId()) : Set.of();
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
