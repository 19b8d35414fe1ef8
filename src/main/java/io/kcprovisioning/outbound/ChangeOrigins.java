package io.kcprovisioning.outbound;

import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Where a change came from, as the outbox keeps it: {@code jit}, {@code sync}, {@code admin}, {@code keycloak},
 * {@code push}, or, for a change a directory pushed in, {@code scim:<connection id>}, so that a target which is that
 * same directory ({@link TargetSettings#inboundConnection()}) is not sent its own change back.
 */
public final class ChangeOrigins {

    private static final String SCIM_CONNECTION = ChangeOrigins.class.getName() + ".scimConnection";

    private ChangeOrigins() {
    }

    /** The origin of the changes a request made through the SCIM connection {@code connectionId}. */
    static String scim(String connectionId) {
        return "scim:" + connectionId;
    }

    /** This session serves a SCIM request made with the connection {@code connectionId}: its changes carry it. */
    public static void scimRequest(KeycloakSession session, String connectionId) {
        session.setAttribute(SCIM_CONNECTION, connectionId);
    }

    /** The origin of a change this session makes: its SCIM connection, if it serves one, else {@code otherwise}. */
    static String of(KeycloakSession session, String otherwise) {
        Object connection = session.getAttribute(SCIM_CONNECTION);
        return connection instanceof String id ? scim(id) : otherwise;
    }

    /** Whether {@code id} names one of the realm's SCIM connections. */
    static boolean isConnection(KeycloakSession session, RealmModel realm, String id) {
        ScimTokenEntity token = Outbox.em(session).find(ScimTokenEntity.class, id);
        return token != null && token.getRealmId().equals(realm.getId());
    }
}
