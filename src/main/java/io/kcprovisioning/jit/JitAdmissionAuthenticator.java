package io.kcprovisioning.jit;

import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.RealmModel;

/**
 * First broker login: refuses, before the user is created, a user whom the policy refuses (in no mapped group).
 * Users admitted by policy go on to be created; their role, tier and seat are applied by
 * {@link JitLoginAuthenticator} in the post-broker-login flow, which also makes them pending when no seat is free.
 */
final class JitAdmissionAuthenticator extends FirstBrokerLoginStep {

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serialized,
            BrokeredIdentityContext broker) {
        RealmModel realm = context.getRealm();
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        if (policy.mode() != ProvisioningMode.JIT) {
            context.success();
            return;
        }
        String alias = broker.getIdpConfig().getAlias();
        List<String> groups = GroupClaims.extract(broker, policy.jit().groupClaimFor(alias));
        Decision decision = MembershipService.admission(policy, groups);
        ProvisioningEvents.annotateAdmission(context.getEvent(), decision, groups);
        if (decision.outcome() == Outcome.REFUSE) {
            // the login step, which records the groups of every other login, does not run for this one
            SeenGroups.record(context.getSession(), realm, groups);
            Refusals.refuse(context, decision, policy, null);
            return;
        }
        context.success();
    }
}
