package io.kcprovisioning.jit;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.ReasonCode;
import io.kcprovisioning.scim.ScimAccounts;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.List;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * First broker login in SCIM mode: the directory creates accounts, logins do not. The login is linked to the
 * account the directory pushed (same userName, else same email) without the "account already exists" step;
 * anyone else, and any account the directory deactivated, is refused with the not-provisioned page.
 */
final class ScimLinkAuthenticator extends FirstBrokerLoginStep {

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serialized,
            BrokeredIdentityContext broker) {
        RealmModel realm = context.getRealm();
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        Optional<UserModel> account = ScimAccounts.forBrokeredLogin(context.getSession(), realm,
                broker.getUsername(), broker.getEmail());
        if (account.isEmpty() || !account.get().isEnabled()) {
            Decision refused = new Decision(Outcome.REFUSE, null, null, ReasonCode.NOT_PROVISIONED,
                    "No account pushed by the directory matches this login", List.of(), List.of());
            ProvisioningEvents.annotate(context.getEvent(), refused, List.of());
            Refusals.refuse(context, refused, policy, null);
            return;
        }
        context.setUser(account.get());
        context.success();
    }
}
