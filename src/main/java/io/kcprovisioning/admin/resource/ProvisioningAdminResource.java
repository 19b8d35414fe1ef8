package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.PolicyErrors;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
    public Response putPolicy(String body) {
        auth.realm().requireManageRealm();
        ProvisioningPolicy candidate;
        try {
            candidate = PolicyJson.read(body);
        } catch (InvalidPolicyException e) {
            throw invalid(e);
        }
        return save(candidate);
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
    public Response applyProfile(@PathParam("profile") String profileId) {
        auth.realm().requireManageRealm();
        ProductProfile profile = ProductProfiles.find(profileId).orElseThrow(() -> ErrorResponse.error(
                "Unknown profile '" + profileId + "'", Response.Status.NOT_FOUND));
        ProvisioningPolicy candidate = RealmPolicyStore.get(realm).withProfile(profile);
        Stream.concat(candidate.roles().stream().map(RoleDefinition::binding),
                        candidate.seatTiers().stream().map(SeatTierDefinition::binding))
                .filter(b -> b != null && !b.isClientRole())
                .forEach(this::ensureRealmRole);
        return save(candidate);
    }

    private Response save(ProvisioningPolicy candidate) {
        boolean created = !RealmPolicyStore.isConfigured(realm);
        try {
            RealmPolicyStore.save(realm, candidate);
        } catch (InvalidPolicyException e) {
            throw invalid(e);
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

    private void ensureRealmRole(RoleBinding binding) {
        if (realm.getRole(binding.role()) == null) {
            RoleModel role = realm.addRole(binding.role());
            role.setDescription("Granted by Keycloak Provisioning");
        }
    }

    private static RuntimeException invalid(InvalidPolicyException e) {
        return PolicyErrors.badRequest(e);
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
