package io.kcprovisioning.outbound;

import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.store.PolicySavedEvent;
import io.kcprovisioning.store.jpa.MemberEntity;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Captures the user changes made through Keycloak itself, in their transaction: profile edits and enable/disable in
 * the admin console or admin REST (admin events on {@code users/{id}}), profile and email updates in the account
 * console (user events), and deletions (the model event before removal, while the user and its links are still
 * there); for targets that push groups, members joining or leaving a top-level Keycloak group of a name the policy
 * maps (Keycloak's group-membership model events) and policy saves. A global listener: Keycloak hands it every
 * event whatever the realm's event settings; it records outbox rows only, never calls a target.
 */
public final class OutboundEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "provisioning-outbound-capture";
    private static final Pattern USER_PATH = Pattern.compile("^users/([0-9a-fA-F-]{36})$");
    private static final Set<EventType> USER_EVENTS = Set.of(EventType.UPDATE_PROFILE, EventType.UPDATE_EMAIL,
            EventType.VERIFY_EMAIL);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getType() != null && USER_EVENTS.contains(event.getType()) && event.getUserId() != null
                        && event.getRealmId() != null) {
                    changed(session, event.getRealmId(), event.getUserId());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                if (event.getResourceType() != ResourceType.USER || event.getRealmId() == null
                        || event.getResourcePath() == null || (event.getOperationType() != OperationType.UPDATE
                        && event.getOperationType() != OperationType.ACTION)) {
                    return;
                }
                Matcher m = USER_PATH.matcher(event.getResourcePath());
                if (m.matches()) {
                    changed(session, event.getRealmId(), m.group(1));
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private static void changed(KeycloakSession session, String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || TargetStore.all(realm).findAny().isEmpty()) {
            return;
        }
        Membership now = Outbox.em(session).createNamedQuery("provMemberByUser", MemberEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId).getResultList().stream()
                .findFirst().map(m -> new Membership(m.getState(), m.getRoleKey(), m.getTierKey())).orElse(null);
        new OutboxCapture(session).userChanged(realm, userId, null, now, OutboxCapture.ORIGIN_KEYCLOAK);
    }

    /** Before a user is removed: the targets it is linked to are told (its links outlive it). */
    static void onProviderEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserPreRemovedEvent removed) {
            RealmModel realm = removed.getRealm();
            if (TargetStore.all(realm).findAny().isPresent()) {
                OutboxCapture capture = new OutboxCapture(removed.getKeycloakSession());
                capture.userChanged(realm, removed.getUser().getId(), null, null, OutboxCapture.ORIGIN_KEYCLOAK);
                capture.userRemoved(realm, removed.getUser().getId());
            }
        } else if (event instanceof GroupModel.GroupMemberJoinEvent joined) {
            groupChanged(joined.getKeycloakSession(), joined.getRealm(), joined.getGroup());
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent left) {
            groupChanged(left.getKeycloakSession(), left.getRealm(), left.getGroup());
        } else if (event instanceof PolicySavedEvent saved && TargetStore.all(saved.realm()).findAny().isPresent()) {
            new OutboxCapture(saved.session()).policySaved(saved.realm(), "admin");
        }
    }

    /** A Keycloak group's members changed (admin console, admin REST, Keycloak's IdP mappers). */
    private static void groupChanged(KeycloakSession session, RealmModel realm, GroupModel group) {
        if (realm != null && group != null && group.getParentId() == null
                && TargetStore.all(realm).anyMatch(TargetSettings::pushGroups)) {
            new OutboxCapture(session).keycloakGroupChanged(realm, group.getName());
        }
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(OutboundEventListenerFactory::onProviderEvent);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
