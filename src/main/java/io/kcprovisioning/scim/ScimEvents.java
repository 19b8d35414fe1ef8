package io.kcprovisioning.scim;

import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Admin events for SCIM writes. The writer is a connection token, not an admin user, so the event is built here
 * the way Keycloak's AdminEventBuilder builds it (stored when the realm keeps admin events, and passed to the
 * realm's event listeners): resource type CUSTOM, path {@code provisioning/scim/v2/Users/{id}}, auth client
 * {@code scim-token:<token id>}, detail {@code provisioning.change=scim-user|scim-group} and the action.
 */
final class ScimEvents {

    private static final Logger LOG = Logger.getLogger(ScimEvents.class);

    private ScimEvents() {
    }

    static void userChanged(ScimRequestContext ctx, ScimUserEntity row, String action) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", row.getId());
        rep.put("userName", row.getUserName());
        rep.put("externalId", row.getExternalId());
        rep.put("active", row.isActive());
        send(ctx, operation(action), "provisioning/scim/v2/Users/" + row.getId(), "scim-user", action, rep);
    }

    static void groupChanged(ScimRequestContext ctx, ScimGroupEntity row, String action, int membersAdded,
            int membersRemoved) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", row.getId());
        rep.put("displayName", row.getDisplayName());
        rep.put("externalId", row.getExternalId());
        rep.put("membersAdded", membersAdded);
        rep.put("membersRemoved", membersRemoved);
        send(ctx, operation(action), "provisioning/scim/v2/Groups/" + row.getId(), "scim-group", action, rep);
    }

    private static OperationType operation(String action) {
        return switch (action) {
            case "create", "adopt" -> OperationType.CREATE;
            case "delete" -> OperationType.DELETE;
            default -> OperationType.UPDATE;
        };
    }

    private static void send(ScimRequestContext ctx, OperationType op, String path, String change, String action,
            Map<String, Object> representation) {
        KeycloakSession session = ctx.session();
        RealmModel realm = ctx.realm();
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        event.setOperationType(op);
        event.setResourceTypeAsString("CUSTOM");
        event.setResourcePath(path);
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId("scim-token:" + ctx.getAuthorization().getClientId());
        auth.setIpAddress(ctx.clientAddress());
        event.setAuthDetails(auth);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("provisioning.change", change);
        details.put("provisioning.action", action);
        event.setDetails(details);
        try {
            event.setRepresentation(JsonSerialization.writeValueAsString(representation));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        boolean includeRepresentation = realm.isAdminEventsDetailsEnabled();
        if (realm.isAdminEventsEnabled()) {
            EventStoreProvider store = session.getProvider(EventStoreProvider.class);
            if (store != null) {
                store.onEvent(event, includeRepresentation);
            }
        }
        Set<String> enabled = new HashSet<>(realm.getEventsListenersStream().toList());
        session.getKeycloakSessionFactory().getProviderFactoriesStream(EventListenerProvider.class)
                .filter(f -> enabled.contains(f.getId()) || ((EventListenerProviderFactory) f).isGlobal())
                .forEach(f -> {
                    try {
                        session.getProvider(EventListenerProvider.class, f.getId()).onEvent(event,
                                includeRepresentation);
                    } catch (RuntimeException e) {
                        LOG.warnf("Event listener %s failed on a SCIM admin event: %s", f.getId(), e.getMessage());
                    }
                });
    }
}
