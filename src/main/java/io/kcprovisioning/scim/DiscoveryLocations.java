package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The SCIM SDK builds its discovery resources (ServiceProviderConfig, ResourceTypes, Schemas) once per server and
 * keeps the {@code meta.location} of the first request that read them: every realm would be told the base URL of
 * the realm that asked first. The answers are rebased on the base URL of the realm being asked.
 */
final class DiscoveryLocations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIM_ROOT = "/scim/v2";

    private DiscoveryLocations() {
    }

    /** Whether a path below the SCIM root ({@code Schemas/...}) is a discovery resource. */
    static boolean isDiscovery(String resource) {
        String first = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        return first.equals("ServiceProviderConfig") || first.equals("ResourceTypes") || first.equals("Schemas");
    }

    /** {@code json} with every {@code meta.location} moved under {@code scimBase} (ending with /scim/v2). */
    static String rebase(String json, String scimBase) {
        try {
            JsonNode root = JSON.readTree(json);
            rebase(root, scimBase);
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            return json;
        }
    }

    private static void rebase(JsonNode node, String scimBase) {
        if (node instanceof ObjectNode object) {
            if (object.get("meta") instanceof ObjectNode meta && meta.get("location") != null
                    && meta.get("location").isTextual()) {
                String location = meta.get("location").asText();
                int root = location.indexOf(SCIM_ROOT);
                meta.put("location", root < 0 ? location : scimBase + location.substring(root + SCIM_ROOT.length()));
            }
            object.elements().forEachRemaining(child -> rebase(child, scimBase));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rebase(child, scimBase));
        }
    }
}
