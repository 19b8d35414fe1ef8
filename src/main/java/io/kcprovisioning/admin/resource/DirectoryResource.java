package io.kcprovisioning.admin.resource;

import io.kcprovisioning.jit.SeenGroups;
import io.kcprovisioning.scim.ScimDirectoryGroups;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code directory} (view-realm): the groups an admin can map to roles and seat tiers, as the directory pushed
 * them over SCIM and as identity providers sent them at JIT logins; searchable by prefix, paged in the database.
 */
public final class DirectoryResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    DirectoryResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** The groups the directory pushed over SCIM whose name starts with a prefix ({@code acme-}, say). */
    @GET
    @Path("groups")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ScimDirectoryGroups.DirectoryGroup> getDirectoryGroups(@QueryParam("prefix") String prefix,
            @QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewRealm();
        Paging.check(first, max);
        return ScimDirectoryGroups.list(session, realm, prefix, first, max);
    }

    /** The group-claim values seen at JIT logins that start with a prefix, with when each was last seen. */
    @GET
    @Path("claims")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SeenGroups.SeenGroup> getSeenClaims(@QueryParam("prefix") String prefix,
            @QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewRealm();
        Paging.check(first, max);
        return SeenGroups.list(session, realm, prefix, first, max);
    }
}
