package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * A policy group as a SCIM 2.0 Group (RFC 7643 section 4.2) and the PATCH operations (RFC 7644 section 3.5.2) that
 * change its members: {@code add} with the members' values, {@code remove} with a {@code members[value eq "..."]}
 * path (the form Keycloak's own SCIM server and RFC 7644's examples use).
 */
public final class ScimGroupMapping {

    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private ScimGroupMapping() {
    }

    /** For POST: the group without members (some servers, Keycloak's among them, refuse members there). */
    public static ObjectNode create(GroupSnapshot g) {
        ObjectNode group = ScimUserMapping.JSON.createObjectNode();
        group.putArray("schemas").add(GROUP_SCHEMA);
        group.put("displayName", g.displayName());
        group.put("externalId", g.resourceId());
        return group;
    }

    /** For PUT: the whole group with its members. */
    public static ObjectNode replace(GroupSnapshot g, String remoteId, Collection<String> memberIds) {
        ObjectNode group = create(g);
        group.put("id", remoteId);
        ArrayNode members = group.putArray("members");
        memberIds.forEach(id -> members.addObject().put("value", id));
        return group;
    }

    /** One PATCH adding {@code add} and removing {@code remove} (either may be empty, not both). */
    public static ObjectNode patch(Collection<String> add, Collection<String> remove) {
        ObjectNode patch = ScimUserMapping.JSON.createObjectNode();
        patch.putArray("schemas").add(ScimUserMapping.PATCH_SCHEMA);
        ArrayNode ops = patch.putArray("Operations");
        if (!add.isEmpty()) {
            ArrayNode values = ops.addObject().put("op", "add").put("path", "members").putArray("value");
            add.forEach(id -> values.addObject().put("value", id));
        }
        remove.forEach(id -> ops.addObject().put("op", "remove").put("path", memberPath(id)));
        return patch;
    }

    /** {@code members[value eq "id"]}, the id's quotes and backslashes escaped. */
    static String memberPath(String id) {
        return "members[value eq \"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** {@code displayName eq "..."}, the value's quotes and backslashes escaped. */
    public static String displayNameFilter(String displayName) {
        return "displayName eq \"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
