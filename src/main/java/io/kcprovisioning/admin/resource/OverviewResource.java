package io.kcprovisioning.admin.resource;

import io.kcprovisioning.jit.BrokerFlows;
import io.kcprovisioning.members.MemberQueries;
import io.kcprovisioning.members.SeatUsage;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.scim.ScimTokenService;
import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import io.kcprovisioning.store.RealmPolicyStore;
import io.kcprovisioning.sync.SyncJobs;
import io.kcprovisioning.sync.SyncScheduler;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code overview} (view-realm): mode, profile, seats, member counts, the SCIM connection, the last and next Sync
 * and what needs an admin's attention. Every figure comes from a count or a small read; no member list is loaded.
 */
public final class OverviewResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    OverviewResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public OverviewRepresentation getOverview() {
        auth.realm().requireViewRealm();
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        MemberQueries queries = new MemberQueries(session, realm);
        List<SeatUsage> seats = queries.seats(policy);
        Map<MemberState, Long> counts = queries.countByState();
        List<BrokerFlows.IdpWiring> wiring = policy.mode() == ProvisioningMode.MANUAL ? List.of()
                : BrokerFlows.status(session, realm);
        SyncJobRepresentation lastSync = SyncJobs.recent(session, realm.getId(), 1).stream()
                .map(SyncJobRepresentation::of).findFirst().orElse(null);
        String nextSync = SyncScheduler.nextRunAt(session, policy.mode()).map(ms -> Instant.ofEpochMilli(ms)
                .toString()).orElse(null);
        return new OverviewRepresentation(realm.getName(), policy.mode().wireName(), policy.profile(),
                policy.groupMappings(), seats, new OverviewRepresentation.Members(counts.get(MemberState.ACTIVE),
                        counts.get(MemberState.PENDING), counts.get(MemberState.DEPROVISIONED)), scim(),
                lastSync, nextSync, OverviewWarnings.of(policy, seats, topRoleHeld(policy, queries), wiring));
    }

    private OverviewRepresentation.Scim scim() {
        String baseUrl = UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms")
                .path(realm.getName()).path("provisioning/scim/v2").build().toString();
        List<ScimTokenEntity> tokens = new ScimTokenService(session, realm).list();
        long now = System.currentTimeMillis();
        long working = tokens.stream().filter(t -> !t.isRevoked() && (t.getExpires() == null || t.getExpires() > now))
                .count();
        String lastUsed = tokens.stream().map(ScimTokenEntity::getLastUsed).filter(Objects::nonNull)
                .max(Long::compare).map(ms -> Instant.ofEpochMilli(ms).toString()).orElse(null);
        return new OverviewRepresentation.Scim(baseUrl, working, lastUsed);
    }

    /**
     * Whether an active member holds the most permissive role. With group mappings the member rows say so; without,
     * admins grant roles in Keycloak, so a user holding the bound role directly counts.
     */
    private boolean topRoleHeld(ProvisioningPolicy policy, MemberQueries queries) {
        if (policy.roles().isEmpty()) {
            return true;
        }
        RoleDefinition top = policy.roles().get(0);
        if (queries.anyActiveWithRole(top.key())) {
            return true;
        }
        if (policy.groupMappings()) {
            return false;
        }
        RoleModel role = resolve(top.binding());
        return role != null && session.users().getRoleMembersStream(realm, role, 0, 1).findAny().isPresent();
    }

    private RoleModel resolve(RoleBinding binding) {
        if (binding == null) {
            return null;
        }
        if (binding.isClientRole()) {
            ClientModel client = realm.getClientByClientId(binding.client());
            return client == null ? null : client.getRole(binding.role());
        }
        return realm.getRole(binding.role());
    }
}
