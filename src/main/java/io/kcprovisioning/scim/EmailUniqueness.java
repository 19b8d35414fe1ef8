package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What the User schema says of {@code emails.value}'s uniqueness, made true per realm. RFC 7643's core schema says
 * {@code none}; a Keycloak realm that does not allow duplicate emails refuses a second user with the same email,
 * so its {@code /Schemas} answer says {@code server}, as the server enforces it (RFC 7643 section 7).
 */
final class EmailUniqueness {

    static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmailUniqueness() {
    }

    /** A Schemas answer (the list, or the User schema) with emails.value's uniqueness as the realm enforces it. */
    static String declare(String json, boolean duplicateEmailsAllowed) {
        try {
            JsonNode root = JSON.readTree(json);
            String uniqueness = duplicateEmailsAllowed ? "none" : "server";
            boolean changed = false;
            if (root.has("Resources")) {
                for (JsonNode schema : root.get("Resources")) {
                    changed |= declareIn(schema, uniqueness);
                }
            } else {
                changed = declareIn(root, uniqueness);
            }
            return changed ? JSON.writeValueAsString(root) : json;
        } catch (IOException e) {
            return json;
        }
    }

    private static boolean declareIn(JsonNode schema, String uniqueness) {
        if (!CORE_USER.equals(schema.path("id").asText())) {
            return false;
        }
        for (JsonNode attribute : schema.path("attributes")) {
            if (!"emails".equals(attribute.path("name").asText())) {
                continue;
            }
            for (JsonNode sub : attribute.path("subAttributes")) {
                if ("value".equals(sub.path("name").asText()) && sub instanceof ObjectNode value
                        && !uniqueness.equals(value.path("uniqueness").asText())) {
                    value.put("uniqueness", uniqueness);
                    return true;
                }
            }
        }
        return false;
    }
}
