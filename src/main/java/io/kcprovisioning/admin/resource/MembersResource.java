package io.kcprovisioning.admin.resource;

import io.kcprovisioning.members.MemberQueries;
import io.kcprovisioning.members.MemberView;
import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code members}: members' standing (view-users), an admin's assignment of a role and a tier (manage-users and
 * map-roles), and why a user has the standing they have.
 */
public final class MembersResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    MembersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Members, paged from the database, optionally filtered by state, role and tier. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberView> getMembers(@QueryParam("state") String state, @QueryParam("role") String role,
            @QueryParam("tier") String tier, @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        MemberState parsed = null;
        if (state != null && !state.isBlank()) {
            try {
                parsed = MemberState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ErrorResponse.error("state must be active, pending or deprovisioned",
                        Response.Status.BAD_REQUEST);
            }
        }
        Paging.check(first, max);
        return new MemberQueries(session, realm).list(parsed, blankToNull(role), blankToNull(tier), first, max);
    }

    @GET
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public MemberView getMember(@PathParam("userId") String userId) {
        auth.users().requireView();
        return new MemberQueries(session, realm).get(userId).orElseThrow(() -> ErrorResponse.error(
                "User " + userId + " is not a member of realm " + realm.getName(), Response.Status.NOT_FOUND));
    }

    /**
     * An admin gives a member a role and a seat tier ({@code {"role": "admin", "tier": "standard"}}): in Manual
     * mode, or JIT and SCIM without group mappings. 409 when the tier is full. A caller who may not manage users
     * gets 403 whether the id exists or not, so the answer tells them nothing about which ids exist.
     */
    @PUT
    @Path("{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public MemberView assignMember(@PathParam("userId") String userId, Assignment assignment) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireManage();
            throw ErrorResponse.error("User " + userId + " not found", Response.Status.NOT_FOUND);
        }
        auth.users().requireManage(user);
        auth.users().requireMapRoles(user);
        if (assignment == null || assignment.role() == null) {
            throw ErrorResponse.error("role is required", Response.Status.BAD_REQUEST);
        }
        try {
            new MembershipService(session, realm).assign(RealmPolicyStore.get(realm), user, assignment.role(),
                    assignment.tier());
        } catch (MembershipService.AssignmentRefused e) {
            throw ErrorResponse.error(e.getMessage(), e.conflict() ? Response.Status.CONFLICT
                    : Response.Status.BAD_REQUEST);
        }
        adminEvent.operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(assignment)
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "member")
                .success();
        return new MemberQueries(session, realm).get(userId).orElseThrow();
    }

    /** The body of {@code PUT members/{userId}}. */
    public record Assignment(String role, String tier) {
    }

    /** Why the user has the standing they have, and what the policy decides for their groups now. */
    @GET
    @Path("{userId}/explain")
    @Produces(MediaType.APPLICATION_JSON)
    public ExplainRepresentation explain(@PathParam("userId") String userId) {
        auth.users().requireView();
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw ErrorResponse.error("User " + userId + " not found", Response.Status.NOT_FOUND);
        }
        MemberQueries queries = new MemberQueries(session, realm);
        List<String> groups = queries.lastSeenGroups(userId);
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        var decision = new MembershipService(session, realm).preview(policy, user, groups);
        return new ExplainRepresentation(userId, user.getUsername(), groups, queries.get(userId).orElse(null),
                ExplainRepresentation.DecisionRepresentation.of(decision));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
