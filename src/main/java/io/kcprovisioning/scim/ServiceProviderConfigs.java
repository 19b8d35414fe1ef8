package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The SCIM SDK writes its own switches (Microsoft workarounds, bulk-return options) into the
 * ServiceProviderConfig; strict clients refuse unknown fields there, so only the attributes of RFC 7643 section 5
 * are sent.
 */
final class ServiceProviderConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "patch", Set.of("supported"),
            "bulk", Set.of("supported", "maxOperations", "maxPayloadSize"),
            "filter", Set.of("supported", "maxResults"),
            "changePassword", Set.of("supported"),
            "sort", Set.of("supported"),
            "etag", Set.of("supported"));
    private static final Set<String> TOP_LEVEL = Set.of("schemas", "documentationUri", "patch", "bulk", "filter",
            "changePassword", "sort", "etag", "authenticationSchemes", "meta");

    private ServiceProviderConfigs() {
    }

    static String standardOnly(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!(root instanceof ObjectNode object)) {
                return json;
            }
            object.retain(TOP_LEVEL);
            ALLOWED.forEach((name, keep) -> {
                if (object.get(name) instanceof ObjectNode section) {
                    section.retain(keep);
                }
            });
            return object.toString();
        } catch (java.io.IOException e) {
            return json;
        }
    }
}
