package io.kcprovisioning.admin.resource;

import io.kcprovisioning.jit.BrokerFlows;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code broker-flows}: how each identity provider is wired (view-realm), and wiring them now (manage-realm). */
public final class BrokerFlowsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    BrokerFlowsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** How each identity provider is wired for the realm's mode (which flows, and what an operator should fix). */
    @GET
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
    @Produces(MediaType.APPLICATION_JSON)
    public List<BrokerFlows.IdpWiring> wireBrokerFlows() {
        auth.realm().requireManageRealm();
        List<BrokerFlows.IdpWiring> status = BrokerFlows.wire(session, realm);
        adminEvent.operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(status)
                .detail(ProvisioningAdminResource.EVENT_DETAIL_CHANGE, "broker-flows")
                .success();
        return status;
    }
}
