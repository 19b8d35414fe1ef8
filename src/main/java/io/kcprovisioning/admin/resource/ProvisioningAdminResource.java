package io.kcprovisioning.admin.resource;

import io.kcprovisioning.jit.BrokerFlows;
import io.kcprovisioning.members.MemberQueries;
import io.kcprovisioning.members.MemberView;
import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.members.SeatUsage;
import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.scim.ScimDirectoryGroups;
import io.kcprovisioning.scim.ScimTokenService;
import io.kcprovisioning.store.PolicyErrors;
import io.kcprovisioning.sync.SyncJobEntity;
import io.kcprovisioning.sync.SyncJobs;
import io.kcprovisioning.sync.SyncService;
import org.keycloak.representations.idm.ErrorRepresentation;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/provisioning}: the realm's provisioning policy and the product profiles. Reading
 * needs view-realm, writing manage-realm; every change is an admin event.
 */
public final class ProvisioningAdminResource {

    /** Detail of every admin event this API sends; the resource type is CUSTOM, the path starts "provisioning/". */
    public static final String EVENT_DETAIL_CHANGE = "provisioning.change";
    private static final Logger LOG = Logger.getLogger(ProvisioningAdminResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ProvisioningAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        // CUSTOM rather than a type of our own: Keycloak's admin-events search only filters on its own types
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPolicy() {
        auth.realm().requireViewRealm();
        return json(PolicyJson.write(RealmPolicyStore.get(realm)));
    }

    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response putPolicy(String body, @QueryParam("force") @DefaultValue("false") boolean force) {
        auth.realm().requireManageRealm();
        ProvisioningPolicy candidate;
        try {
            candidate = PolicyJson.read(body);
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        }
        return save(candidate, force);
    }

    /**
     * What saving this policy would do, without changing anything: who would be added, removed, promoted,
     * demoted, moved between tiers or left pending, with counts and up to {@code max} users of each kind, and whether
     * the lockout guard would refuse it.
     */
    @POST
    @Path("policy/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PreviewRepresentation previewPolicy(String body, @QueryParam("max") @DefaultValue("20") int max) {
        auth.realm().requireViewRealm();
        ProvisioningPolicy candidate;
        try {
            candidate = PolicyJson.read(body);
            RealmPolicyStore.validate(session, realm, candidate);
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        }
        SyncService.Report report = SyncService.preview(session.getKeycloakSessionFactory(), realm.getId(),
                RealmPolicyStore.get(realm), candidate, Math.max(0, Math.min(max, MemberQueries.MAX_PAGE)),
                actingUserIds());
        return PreviewRepresentation.of(report, guard(candidate, report), candidate);
    }

    /** Starts a Sync now (in the background); 202 with the job. */
    @POST
    @Path("sync")
    @Produces(MediaType.APPLICATION_JSON)
    public Response startSync() {
        auth.realm().requireManageRealm();
        SyncJobEntity job = SyncJobs.start(session.getKeycloakSessionFactory(), realm.getId(), "admin");
        adminEvent.operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri(), job.getId())
                .detail(EVENT_DETAIL_CHANGE, "sync")
                .success();
        return Response.accepted(SyncJobRepresentation.of(job))
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(job.getId()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("sync")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SyncJobRepresentation> recentSyncs() {
        auth.realm().requireViewRealm();
        return SyncJobs.recent(session, realm.getId(), 20).stream().map(SyncJobRepresentation::of).toList();
    }

    @GET
    @Path("sync/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public SyncJobRepresentation getSync(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return SyncJobs.job(session, id).filter(j -> j.getRealmId().equals(realm.getId()))
                .map(SyncJobRepresentation::of)
                .orElseThrow(() -> ErrorResponse.error("No Sync " + id, Response.Status.NOT_FOUND));
    }

    @GET
    @Path("profiles")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProfileRepresentation> getProfiles() {
        auth.realm().requireViewRealm();
        return ProductProfiles.all().stream().map(ProfileRepresentation::of).toList();
    }

    /**
     * Switches the realm to a profile: seeds its catalogs (keeping the capacities and group mappings of entries
     * whose key is unchanged) and creates the realm roles they bind to when missing.
     */
    @POST
    @Path("profiles/{profile}/apply")
    @Produces(MediaType.APPLICATION_JSON)
    public Response applyProfile(@PathParam("profile") String profileId,
            @QueryParam("force") @DefaultValue("false") boolean force) {
        auth.realm().requireManageRealm();
        ProductProfile profile = ProductProfiles.find(profileId).orElseThrow(() -> ErrorResponse.error(
                "Unknown profile '" + profileId + "'", Response.Status.NOT_FOUND));
        ProvisioningPolicy candidate = RealmPolicyStore.get(realm).withProfile(profile);
        Stream.concat(candidate.roles().stream().map(RoleDefinition::binding),
                        candidate.seatTiers().stream().map(SeatTierDefinition::binding))
                .filter(b -> b != null && !b.isClientRole())
                .forEach(this::ensureRealmRole);
        return save(candidate, force);
    }

    /** Capacity, used and pending seats per tier. */
    @GET
    @Path("seats")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SeatUsage> getSeats() {
        auth.realm().requireViewRealm();
        return new MemberQueries(session, realm).seats(RealmPolicyStore.get(realm));
    }

    /** Members, paged from the database, optionally filtered by state, role and tier. */
    @GET
    @Path("members")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberView> getMembers(@QueryParam("state") String state, @QueryParam("role") String role,
            @QueryParam("tier") String tier, @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        MemberState parsed = null;
        if (state != null && !state.isBlank()) {
            try {
                parsed = MemberState.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ErrorResponse.error("state must be active, pending or deprovisioned",
                        Response.Status.BAD_REQUEST);
            }
        }
        if (first < 0 || max < 1 || max > MemberQueries.MAX_PAGE) {
            throw ErrorResponse.error("first must be 0 or more and max between 1 and " + MemberQueries.MAX_PAGE,
                    Response.Status.BAD_REQUEST);
        }
        return new MemberQueries(session, realm).list(parsed, blankToNull(role), blankToNull(tier), first, max);
    }

    @GET
    @Path("members/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public MemberView getMember(@PathParam("userId") String userId) {
        auth.users().requireView();
        return new MemberQueries(session, realm).get(userId).orElseThrow(() -> ErrorResponse.error(
                "User " + userId + " is not a member of realm " + realm.getName(), Response.Status.NOT_FOUND));
    }

    /**
     * An admin gives a member a role and a seat tier ({@code {"role": "admin", "tier": "standard"}}): in Manual
     * mode, or JIT and SCIM without group mappings. 409 when the tier is full.
     */
    @PUT
    @Path("members/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public MemberView assignMember(@PathParam("userId") String userId, Assignment assignment) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
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
                .detail(EVENT_DETAIL_CHANGE, "member")
                .success();
        return new MemberQueries(session, realm).get(userId).orElseThrow();
    }

    /** The body of {@code PUT members/{userId}}. */
    public record Assignment(String role, String tier) {
    }

    /** Why the user has the standing they have, and what the policy decides for their groups now. */
    @GET
    @Path("members/{userId}/explain")
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

    /**
     * The groups the directory pushed over SCIM, to pick in mappings: optionally those whose name starts with a
     * prefix ({@code anthropic-claude-}, say), paged.
     */
    @GET
    @Path("directory/groups")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ScimDirectoryGroups.DirectoryGroup> getDirectoryGroups(@QueryParam("prefix") String prefix,
            @QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewRealm();
        if (first < 0 || max < 1 || max > MemberQueries.MAX_PAGE) {
            throw ErrorResponse.error("first must be 0 or more and max between 1 and " + MemberQueries.MAX_PAGE,
                    Response.Status.BAD_REQUEST);
        }
        return ScimDirectoryGroups.list(session, realm, prefix, first, max);
    }

    /** Creates a SCIM connection token; the answer carries the secret, which is never shown again. */
    @POST
    @Path("scim/tokens")
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
                expires = java.time.Instant.parse(request.expiresAt().trim()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw ErrorResponse.error("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z",
                        Response.Status.BAD_REQUEST);
            }
            if (expires <= System.currentTimeMillis()) {
                throw ErrorResponse.error("expiresAt must be in the future", Response.Status.BAD_REQUEST);
            }
        }
        ScimTokenService.Created created = new ScimTokenService(session, realm).create(request.name().trim(), expires);
        ScimTokenRepresentation withoutSecret = ScimTokenRepresentation.of(created.token(), null);
        adminEvent.operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri(), created.token().getId())
                .representation(withoutSecret)
                .detail(EVENT_DETAIL_CHANGE, "scim-token")
                .success();
        return Response.status(Response.Status.CREATED)
                .entity(ScimTokenRepresentation.of(created.token(), created.secret()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The realm's SCIM connection tokens, without secrets. */
    @GET
    @Path("scim/tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ScimTokenRepresentation> listScimTokens() {
        auth.realm().requireViewRealm();
        return new ScimTokenService(session, realm).list().stream()
                .map(t -> ScimTokenRepresentation.of(t, null)).toList();
    }

    /** Revokes a SCIM connection token at once. */
    @DELETE
    @Path("scim/tokens/{id}")
    public Response revokeScimToken(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!new ScimTokenService(session, realm).revoke(id)) {
            throw ErrorResponse.error("No SCIM token " + id + " in realm " + realm.getName(),
                    Response.Status.NOT_FOUND);
        }
        adminEvent.operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .detail(EVENT_DETAIL_CHANGE, "scim-token")
                .success();
        return Response.noContent().build();
    }

    /** How each identity provider is wired for the realm's mode (which flows, and what an operator should fix). */
    @GET
    @Path("broker-flows")
    @Produces(MediaType.APPLICATION_JSON)
    public List<BrokerFlows.IdpWiring> getBrokerFlows() {
        auth.realm().requireViewRealm();
        return BrokerFlows.status(session, realm);
    }

    /**
     * Wires the broker flows for the realm's mode now (they are wired whenever a policy is saved): useful after
     * adding an identity provider.
     */
    @POST
    @Path("broker-flows")
    @Produces(MediaType.APPLICATION_JSON)
    public List<BrokerFlows.IdpWiring> wireBrokerFlows() {
        auth.realm().requireManageRealm();
        List<BrokerFlows.IdpWiring> status = BrokerFlows.wire(session, realm);
        adminEvent.operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(status)
                .detail(EVENT_DETAIL_CHANGE, "broker-flows")
                .success();
        return status;
    }

    private Response save(ProvisioningPolicy candidate, boolean force) {
        boolean created = !RealmPolicyStore.isConfigured(realm);
        try {
            PolicySaves.save(session, realm, candidate, force, actingUserIds());
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        } catch (PolicySaves.Refused e) {
            throw ErrorResponse.errors(List.of(new ErrorRepresentation("roles", e.guard().message()
                    + " Preview the change with POST policy/preview; save anyway with ?force=true.", null)),
                    Response.Status.CONFLICT, true);
        }
        PolicyJson.PolicyRepresentation rep = PolicyJson.toRepresentation(candidate);
        adminEvent.operation(created ? OperationType.CREATE : OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(rep)
                .detail(EVENT_DETAIL_CHANGE, "policy")
                .success();
        LOG.debugf("Provisioning policy of realm %s saved (mode %s, profile %s)", realm.getName(),
                candidate.mode().wireName(), candidate.profile());
        return json(PolicyJson.write(candidate));
    }

    /** The acting admin, when they are a user of this realm (so a policy could demote them). */
    private java.util.Set<String> actingUserIds() {
        var user = auth.adminAuth().getUser();
        return user != null && auth.adminAuth().getRealm().getId().equals(realm.getId())
                ? java.util.Set.of(user.getId()) : java.util.Set.of();
    }

    private LockoutGuard guard(ProvisioningPolicy candidate, SyncService.Report report) {
        return PolicySaves.guard(session, realm, candidate, report);
    }

    private void ensureRealmRole(RoleBinding binding) {
        if (realm.getRole(binding.role()) == null) {
            RoleModel role = realm.addRole(binding.role());
            role.setDescription("Granted by Keycloak Provisioning");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static RuntimeException invalid(InvalidPolicyException e) {
        return PolicyErrors.badRequest(e);
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
