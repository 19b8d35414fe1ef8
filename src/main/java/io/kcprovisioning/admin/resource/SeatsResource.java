package io.kcprovisioning.admin.resource;

import io.kcprovisioning.members.MemberQueries;
import io.kcprovisioning.members.SeatUsage;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code seats}: capacity, used and pending seats per tier (view-realm). */
public final class SeatsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    SeatsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SeatUsage> getSeats() {
        auth.realm().requireViewRealm();
        return new MemberQueries(session, realm).seats(RealmPolicyStore.get(realm));
    }
}
