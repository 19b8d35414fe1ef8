package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code profiles}: the product profiles (view-realm), and switching the realm to one (manage-realm). */
public final class ProfilesResource {

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final PolicyResource policy;

    ProfilesResource(RealmModel realm, AdminPermissionEvaluator auth, PolicyResource policy) {
        this.realm = realm;
        this.auth = auth;
        this.policy = policy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProfileRepresentation> getProfiles() {
        auth.realm().requireViewRealm();
        return ProductProfiles.all().stream().map(ProfileRepresentation::of).toList();
    }

    /**
     * Switches the realm to a profile: seeds its catalogs (keeping the capacities and group mappings of entries
     * whose key is unchanged), creates the realm roles they bind to when missing, and saves like {@code PUT policy}.
     */
    @POST
    @Path("{profile}/apply")
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
        return policy.save(candidate, force);
    }

    private void ensureRealmRole(RoleBinding binding) {
        if (realm.getRole(binding.role()) == null) {
            RoleModel role = realm.addRole(binding.role());
            role.setDescription("Granted by Keycloak Provisioning");
        }
    }
}
