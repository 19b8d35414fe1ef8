package io.kcprovisioning.members;

import io.kcprovisioning.policy.Membership;
import java.util.Collection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Told of every change this extension applies to a member (JIT logins, SCIM pushes, Sync now, admins), in the
 * transaction that applies it, once the member row, the seat move and the role grants are written: a listener's
 * writes commit or roll back with the change. A seat taken at commit that turns out to be gone makes a second change
 * in the same transaction (the member decided again), so a listener keeps the last one it hears of per member.
 * This is where an outbound-provisioning outbox records what to send.
 */
@FunctionalInterface
public interface MemberChangeListener {

    MemberChangeListener NONE = (realm, user, before, after, source) -> { };

    /**
     * @param before the member's standing before (null for a user never provisioned)
     * @param after  the standing now
     * @param source what made the change
     */
    void applied(RealmModel realm, UserModel user, Membership before, Membership after, ProvisioningSource source);

    /**
     * The member's recorded IdP groups changed, in the same change and before {@link #applied} is told of it.
     *
     * @param before the groups recorded before (empty for a new member)
     * @param after  the groups recorded now
     */
    default void groupsChanged(RealmModel realm, UserModel user, Collection<String> before, Collection<String> after,
            ProvisioningSource source) {
    }
}
