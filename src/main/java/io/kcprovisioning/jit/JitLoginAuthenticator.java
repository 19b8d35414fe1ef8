package io.kcprovisioning.jit;

import io.kcprovisioning.members.MemberChange;
import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.MemberState;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.Outcome;
import io.kcprovisioning.policy.ReasonCode;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Post broker login, at every login through an identity provider (the first one included): decides the user's
 * standing from the groups the IdP sent now and applies it through {@link MembershipService} (role granted and
 * every other catalog role revoked, seat taken atomically). Pending or refused users are stopped with the refusal
 * page; a refused member is deprovisioned when the policy says so.
 */
final class JitLoginAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        if (policy.mode() == ProvisioningMode.SCIM) {
            admitActiveMembersOnly(context, policy);
            return;
        }
        if (policy.mode() != ProvisioningMode.JIT) {
            context.success();
            return;
        }
        SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                context.getAuthenticationSession(), PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        if (serialized == null) {
            // not a brokered login (the flow was bound somewhere else): nothing to evaluate
            context.failure(AuthenticationFlowError.INTERNAL_ERROR);
            return;
        }
        BrokeredIdentityContext broker = serialized.deserialize(context.getSession(), context.getAuthenticationSession());
        List<String> groups = GroupClaims.extract(broker, policy.jit().groupClaimFor(broker.getIdpConfig().getAlias()));
        SeenGroups.record(context.getSession(), realm, groups);
        UserModel user = context.getUser();
        MemberChange change = new MembershipService(context.getSession(), realm)
                .provision(policy, user, groups, ProvisioningSource.JIT, policy.jit().deprovisionOnRefusal());
        Decision decision = change.decision();
        ProvisioningEvents.annotate(context.getEvent(), decision, groups);
        switch (decision.outcome()) {
            case ADMIT, NOT_MANAGED -> context.success();
            case PENDING, REFUSE -> Refusals.refuse(context, decision, policy, decision.tierKey() == null ? null
                    : policy.seatTier(decision.tierKey()).map(SeatTierDefinition::name).orElse(null));
            default -> throw new IllegalStateException("unexpected outcome " + decision.outcome());
        }
    }

    /** SCIM mode: the directory decides; a login only gets through for an active member. */
    private static void admitActiveMembersOnly(AuthenticationFlowContext context, ProvisioningPolicy policy) {
        Membership member = new MembershipService(context.getSession(), context.getRealm())
                .current(policy, context.getUser());
        if (member != null && member.isActive()) {
            context.getEvent().detail(ProvisioningEvents.OUTCOME, "admit")
                    .detail(ProvisioningEvents.ROLE, member.roleKey());
            if (member.tierKey() != null) {
                context.getEvent().detail(ProvisioningEvents.TIER, member.tierKey());
            }
            context.success();
            return;
        }
        boolean pending = member != null && member.state() == MemberState.PENDING;
        Decision refused = new Decision(pending ? Outcome.PENDING : Outcome.REFUSE, null,
                pending ? member.tierKey() : null, pending ? ReasonCode.NO_SEAT_AVAILABLE : ReasonCode.NOT_PROVISIONED,
                pending ? "Pending: no seat is free" : "Not an active member of the directory", List.of(), List.of());
        ProvisioningEvents.annotate(context.getEvent(), refused, List.of());
        Refusals.refuse(context, refused, policy, null);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
