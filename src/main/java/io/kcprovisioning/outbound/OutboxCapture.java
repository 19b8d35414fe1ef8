package io.kcprovisioning.outbound;

import io.kcprovisioning.members.MemberChangeListener;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Decides which targets a change to a user concerns, and records it for them ({@link Outbox}): every enabled target
 * whose scope holds the member before or after the change, or that the user is linked to (so leaving the scope
 * deprovisions downstream), except the target that pushed the change in itself ({@link ChangeOrigins}: a change is
 * never echoed back to the directory it came from). Told by {@code MemberChanges} of every member change this extension makes, and by
 * {@link OutboundEventListenerFactory} of the changes made through Keycloak itself.
 *
 * <p>For targets that push groups, a change to who is in a policy group ({@link PolicyGroups}) is recorded for the
 * group too: a member entering or leaving the target's scope, a member's IdP groups changing, a Keycloak group of
 * that name gaining or losing a member, a user deleted. Group rows are shared by many members, so they are written
 * once per transaction, just before it commits and in row-id order: their row locks are held briefly, and two
 * transactions never take them in opposite orders.
 */
public final class OutboxCapture implements MemberChangeListener {

    /** Origin of changes that came through Keycloak (admin console, admin REST, account console), not this extension. */
    public static final String ORIGIN_KEYCLOAK = "keycloak";
    private static final String GROUPS_PENDING = OutboxCapture.class.getName() + ".groups";

    private final KeycloakSession session;

    public OutboxCapture(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void applied(RealmModel realm, UserModel user, Membership before, Membership after,
            ProvisioningSource source) {
        userChanged(realm, user.getId(), before, after, source.wireName());
        for (TargetSettings target : groupTargets(realm)) {
            if (holds(target, before) != holds(target, after)) {
                groupsOfUserChanged(realm, target, user.getId(), source.wireName());
            }
        }
    }

    @Override
    public void groupsChanged(RealmModel realm, UserModel user, Collection<String> before, Collection<String> after,
            ProvisioningSource source) {
        Set<String> changed = new HashSet<>(before);
        changed.addAll(after);
        changed.removeIf(g -> before.contains(g) && after.contains(g));
        List<String> mapped = PolicyGroups.mapped(RealmPolicyStore.get(realm), changed);
        if (!mapped.isEmpty()) {
            for (TargetSettings target : groupTargets(realm)) {
                mapped.forEach(g -> group(realm, target, g, source.wireName()));
            }
        }
    }

    /** A user changed; {@code before} and {@code after} are the standings around the change (null: none known). */
    public void userChanged(RealmModel realm, String userId, Membership before, Membership after, String origin) {
        String from = ChangeOrigins.of(session, origin);
        List<TargetSettings> targets = TargetStore.all(realm).filter(TargetSettings::enabled).toList();
        for (TargetSettings target : targets) {
            if (!target.pushedIn(from)
                    && (holds(target, before) || holds(target, after) || linked(target, userId))) {
                Outbox.record(session, realm.getId(), target.id(), Outbox.USER, userId, from);
            }
        }
    }

    /** The user is about to be removed: the policy groups it is in lose a member. */
    void userRemoved(RealmModel realm, String userId) {
        for (TargetSettings target : groupTargets(realm)) {
            groupsOfUserChanged(realm, target, userId, ORIGIN_KEYCLOAK);
        }
    }

    /** A Keycloak group gained or lost a member: recorded when it is a top-level group the policy maps. */
    void keycloakGroupChanged(RealmModel realm, String groupName) {
        if (!PolicyGroups.of(RealmPolicyStore.get(realm)).contains(groupName)) {
            return;
        }
        for (TargetSettings target : groupTargets(realm)) {
            group(realm, target, groupName, ORIGIN_KEYCLOAK);
        }
    }

    /** The policy was saved: every group it maps, and every group pushed before that it no longer maps. */
    void policySaved(RealmModel realm, String origin) {
        List<String> groups = PolicyGroups.of(RealmPolicyStore.get(realm));
        for (TargetSettings target : groupTargets(realm)) {
            groups.forEach(g -> group(realm, target, g, origin));
            Outbox.em(session).createQuery("select l.localId from OutboxLinkEntity l where l.targetId = :targetId"
                            + " and l.resourceType = :type", String.class)
                    .setParameter("targetId", target.id()).setParameter("type", Outbox.GROUP).getResultList()
                    .forEach(resourceId -> pendingGroups(realm).put(Outbox.rowId(target.id(), Outbox.GROUP,
                            resourceId), new PendingGroup(target.id(), resourceId, origin)));
        }
    }

    /** A user was linked at a target for the first time: the groups it is in can name it now. */
    void userLinked(RealmModel realm, TargetSettings target, String userId) {
        if (target.pushGroups() && target.enabled()) {
            groupsOfUserChanged(realm, target, userId, "link");
        }
    }

    private void groupsOfUserChanged(RealmModel realm, TargetSettings target, String userId, String origin) {
        new GroupMembers(session, realm).groupsOf(userId).forEach(g -> group(realm, target, g, origin));
    }

    private void group(RealmModel realm, TargetSettings target, String group, String origin) {
        String from = ChangeOrigins.of(session, origin);
        if (target.pushedIn(from)) {
            return;
        }
        String resourceId = PolicyGroups.resourceId(group);
        pendingGroups(realm).put(Outbox.rowId(target.id(), Outbox.GROUP, resourceId),
                new PendingGroup(target.id(), resourceId, from));
    }

    private record PendingGroup(String targetId, String resourceId, String origin) {
    }

    /** The group rows this transaction is to record, by row id; recorded just before it commits. */
    @SuppressWarnings("unchecked")
    private TreeMap<String, PendingGroup> pendingGroups(RealmModel realm) {
        String key = GROUPS_PENDING + "." + realm.getId();
        TreeMap<String, PendingGroup> pending = (TreeMap<String, PendingGroup>) session.getAttribute(key);
        if (pending == null) {
            TreeMap<String, PendingGroup> fresh = new TreeMap<>();
            session.setAttribute(key, fresh);
            String realmId = realm.getId();
            Outbox.kickAfterCommit(session); // now: nothing can be enlisted after completion once commit began
            session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    session.removeAttribute(key);
                    fresh.values().forEach(g -> Outbox.record(session, realmId, g.targetId(), Outbox.GROUP,
                            g.resourceId(), g.origin()));
                }

                @Override
                protected void rollbackImpl() {
                    session.removeAttribute(key);
                }
            });
            pending = fresh;
        }
        return pending;
    }

    private static List<TargetSettings> groupTargets(RealmModel realm) {
        return TargetStore.all(realm).filter(t -> t.enabled() && t.pushGroups()).toList();
    }

    static boolean holds(TargetSettings target, Membership m) {
        return m != null && m.isActive() && target.scope().holds(m.roleKey(), m.tierKey());
    }

    private boolean linked(TargetSettings target, String userId) {
        return Outbox.em(session).find(OutboxLinkEntity.class, Outbox.rowId(target.id(), Outbox.USER, userId)) != null;
    }
}
