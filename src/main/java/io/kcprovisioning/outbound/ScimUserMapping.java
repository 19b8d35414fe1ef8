package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A member as a SCIM 2.0 User (RFC 7643 section 4.1): userName, externalId (the Keycloak user id), active (enabled),
 * name, displayName, the work email, the member's role as {@code roles} and seat tier as {@code entitlements}.
 */
public final class ScimUserMapping {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final ObjectMapper JSON = new ObjectMapper();

    private ScimUserMapping() {
    }

    /** The full resource, for POST and PUT; {@code remoteId} (null on create) goes into {@code id}. */
    public static ObjectNode user(UserSnapshot u, String remoteId) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        if (remoteId != null) {
            user.put("id", remoteId);
        }
        attributes(u, user);
        return user;
    }

    private static void attributes(UserSnapshot u, ObjectNode user) {
        user.put("userName", u.userName());
        user.put("externalId", u.userId());
        user.put("active", u.enabled());
        ObjectNode name = user.putObject("name");
        if (u.firstName() != null) {
            name.put("givenName", u.firstName());
        }
        if (u.lastName() != null) {
            name.put("familyName", u.lastName());
        }
        user.put("displayName", displayName(u));
        ArrayNode emails = user.putArray("emails");
        if (u.email() != null) {
            emails.addObject().put("value", u.email()).put("type", "work").put("primary", true);
        }
        ArrayNode roles = user.putArray("roles");
        if (u.roleKey() != null) {
            roles.addObject().put("value", u.roleKey()).put("display", u.roleName() == null ? u.roleKey()
                    : u.roleName()).put("primary", true);
        }
        ArrayNode entitlements = user.putArray("entitlements");
        if (u.tierKey() != null) {
            entitlements.addObject().put("value", u.tierKey()).put("display", u.tierName() == null ? u.tierKey()
                    : u.tierName()).put("primary", true);
        }
    }

    static String displayName(UserSnapshot u) {
        String full = ((u.firstName() == null ? "" : u.firstName()) + " " + (u.lastName() == null ? ""
                : u.lastName())).trim();
        return full.isEmpty() ? u.userName() : full;
    }

    /**
     * A PATCH that makes the target's user equal to {@code u}: one path-less replace of every pushed attribute.
     * Only for a user with a role and a tier: clearing {@code roles} or {@code entitlements} takes a PUT, since some
     * targets refuse to remove an attribute they do not hold.
     */
    public static ObjectNode replacePatch(UserSnapshot u) {
        ObjectNode value = JSON.createObjectNode();
        attributes(u, value);
        if (u.email() == null) {
            value.remove("emails");
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_SCHEMA);
        patch.putArray("Operations").addObject().put("op", "replace").set("value", value);
        return patch;
    }

    public static boolean patchable(UserSnapshot u) {
        return u.roleKey() != null && u.tierKey() != null && u.email() != null;
    }

    public static ObjectNode deactivatePatch() {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_SCHEMA);
        patch.putArray("Operations").addObject().put("op", "replace").putObject("value").put("active", false);
        return patch;
    }

    /** {@code userName eq "..."} with the value's quotes and backslashes escaped. */
    public static String userNameFilter(String userName) {
        return "userName eq \"" + userName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
