package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One rule for the members of a Group body (POST, PUT): each names a user by a non-blank string {@code value}.
 * The SCIM SDK drops a member whose {@code value} is missing, null or not a string before the handler sees it, so
 * a PUT of such members emptied the group; they are refused before the SDK reads the body.
 */
final class GroupMemberValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupMemberValues() {
    }

    /** What is wrong with the body's members, or null when each has a value (or the body is not JSON: the SDK says). */
    static String problem(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        JsonNode members = root == null ? null : root.get("members");
        if (members == null || members.isNull()) {
            return null;
        }
        if (!members.isArray()) {
            return "members must be a list of {\"value\": user id}";
        }
        for (int i = 0; i < members.size(); i++) {
            JsonNode value = members.get(i).isObject() ? members.get(i).get("value") : null;
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return "Group member " + (i + 1) + " has no value (the id of a user, as a string)";
            }
        }
        return null;
    }
}
