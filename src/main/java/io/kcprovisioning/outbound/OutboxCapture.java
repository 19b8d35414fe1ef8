package io.kcprovisioning.outbound;

import io.kcprovisioning.members.MemberChangeListener;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.policy.Membership;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Decides which targets a change to a user concerns, and records it for them ({@link Outbox}): every enabled target
 * whose scope holds the member before or after the change, or that the user is linked to (so leaving the scope
 * deprovisions downstream). Told by {@code MemberChanges} of every member change this extension makes, and by
 * {@link OutboundEventListenerFactory} of the changes made through Keycloak itself.
 */
public final class OutboxCapture implements MemberChangeListener {

    /** Origin of changes that came through Keycloak (admin console, admin REST, account console), not this extension. */
    public static final String ORIGIN_KEYCLOAK = "keycloak";

    private final KeycloakSession session;

    public OutboxCapture(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void applied(RealmModel realm, UserModel user, Membership before, Membership after,
            ProvisioningSource source) {
        userChanged(realm, user.getId(), before, after, source.wireName());
    }

    /** A user changed; {@code before} and {@code after} are the standings around the change (null: none known). */
    public void userChanged(RealmModel realm, String userId, Membership before, Membership after, String origin) {
        List<TargetSettings> targets = TargetStore.all(realm).filter(TargetSettings::enabled).toList();
        for (TargetSettings target : targets) {
            if (holds(target, before) || holds(target, after) || linked(target, userId)) {
                Outbox.record(session, realm.getId(), target.id(), Outbox.USER, userId, origin);
            }
        }
    }

    static boolean holds(TargetSettings target, Membership m) {
        return m != null && m.isActive() && target.scope().holds(m.roleKey(), m.tierKey());
    }

    private boolean linked(TargetSettings target, String userId) {
        return Outbox.em(session).find(OutboxLinkEntity.class, Outbox.rowId(target.id(), Outbox.USER, userId)) != null;
    }
}
