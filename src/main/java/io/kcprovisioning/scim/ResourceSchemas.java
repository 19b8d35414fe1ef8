package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * A User or Group body of a POST or PUT names its schemas (RFC 7643 section 3: {@code schemas} is REQUIRED): a list
 * of URN strings that holds the resource type's core schema. The SCIM SDK created a user from a body without
 * {@code schemas}, with only an unknown one, or with an empty list. Refused as {@code invalidSyntax}: RFC 7644
 * section 3.12 gives it to a body whose "message structure was invalid or did not conform to the request schema",
 * and {@code schemas} is what says which structure a body has (invalidValue is for an attribute's value).
 *
 * <p>Other URNs beside the core one are ignored, as before: Entra ID sends its own
 * {@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group} with every group.
 */
final class ResourceSchemas {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceSchemas() {
    }

    /**
     * What is wrong with the {@code schemas} of a POST or PUT body to {@code resourcePath} ({@code Users},
     * {@code Groups/abc}), or null; null too for other paths ({@code .search}, Bulk) and bodies that are not objects.
     */
    static String problem(String resourcePath, String body) {
        String core = coreSchema(resourcePath);
        JsonNode root;
        try {
            root = core == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode schemas = root.get("schemas");
        if (schemas == null || schemas.isNull()) {
            return "schemas is required: [\"" + core + "\"]";
        }
        if (!schemas.isArray()) {
            return "schemas must be a list of schema URNs, [\"" + core + "\"], not " + schemas;
        }
        boolean named = false;
        for (JsonNode schema : schemas) {
            if (!schema.isTextual()) {
                return "schemas must be a list of schema URNs, not " + schemas;
            }
            named |= core.equalsIgnoreCase(schema.asText());
        }
        return named ? null : "schemas must name " + core + ", not only " + schemas;
    }

    private static String coreSchema(String resourcePath) {
        String[] parts = resourcePath.split("/", -1);
        if (parts.length > 2 || parts.length == 2 && (parts[1].isEmpty() || parts[1].toLowerCase(Locale.ROOT)
                .equals(".search"))) {
            return null;
        }
        return switch (parts[0]) {
            case "Users" -> USER;
            case "Groups" -> GROUP;
            default -> null;
        };
    }
}
