package io.kcprovisioning.admin.resource;

import jakarta.ws.rs.Path;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/provisioning}: only locators, as Keycloak's organization admin API is built. Each
 * sub-resource checks the caller's permission at the top of each method: view-realm to read and manage-realm to
 * write the policy and the operations around it; view-users, and manage-users with map-roles, for members. Every
 * change is an admin event of resource type CUSTOM whose path starts "provisioning/", with the detail
 * {@value #EVENT_DETAIL_CHANGE}.
 */
public final class ProvisioningAdminResource {

    /** Detail of every admin event this API sends: what changed (policy, member, sync, scim-token, broker-flows). */
    public static final String EVENT_DETAIL_CHANGE = "provisioning.change";

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

    @Path("policy")
    public PolicyResource policy() {
        return new PolicyResource(session, realm, auth, adminEvent);
    }

    @Path("profiles")
    public ProfilesResource profiles() {
        return new ProfilesResource(realm, auth, policy());
    }

    @Path("members")
    public MembersResource members() {
        return new MembersResource(session, realm, auth, adminEvent);
    }

    @Path("seats")
    public SeatsResource seats() {
        return new SeatsResource(session, realm, auth);
    }

    @Path("sync")
    public SyncResource sync() {
        return new SyncResource(session, realm, auth, adminEvent);
    }

    @Path("scim/tokens")
    public ScimTokensResource scimTokens() {
        return new ScimTokensResource(session, realm, auth, adminEvent);
    }

    @Path("targets")
    public TargetsResource targets() {
        return new TargetsResource(session, realm, auth, adminEvent);
    }

    @Path("broker-flows")
    public BrokerFlowsResource brokerFlows() {
        return new BrokerFlowsResource(session, realm, auth, adminEvent);
    }

    @Path("directory")
    public DirectoryResource directory() {
        return new DirectoryResource(session, realm, auth);
    }

    @Path("overview")
    public OverviewResource overview() {
        return new OverviewResource(session, realm, auth);
    }

    @Path("access")
    public AccessResource access() {
        return new AccessResource(auth);
    }
}
