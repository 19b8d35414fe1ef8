package io.kcprovisioning.admin.resource;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code access}: what the caller may do in this realm's provisioning, so a console can show read-only controls
 * and say why. 403 for a caller who may do none of it.
 */
public final class AccessResource {

    private final AdminPermissionEvaluator auth;

    AccessResource(AdminPermissionEvaluator auth) {
        this.auth = auth;
    }

    /**
     * @param viewRealm   read the policy, seats, Syncs, tokens, flows, directory and overview
     * @param manageRealm save the policy, run Syncs, manage tokens and flows
     * @param viewUsers   list and explain members
     * @param manageUsers assign members a role and a tier (map-roles is checked per user as well)
     */
    public record Access(boolean viewRealm, boolean manageRealm, boolean viewUsers, boolean manageUsers) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Access getAccess() {
        Access access = new Access(auth.realm().canViewRealm(), auth.realm().canManageRealm(),
                auth.users().canView(), auth.users().canManage());
        if (!access.viewRealm() && !access.manageRealm() && !access.viewUsers() && !access.manageUsers()) {
            throw new ForbiddenException();
        }
        return access;
    }
}
