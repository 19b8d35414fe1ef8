package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites what real IdPs send into RFC 7644 before the SCIM SDK validates it (FIELD-NOTES, "What IdPs send"):
 * <ul>
 * <li>Entra's default PATCH: capitalised ops ({@code Replace}) and {@code active} as the string
 * {@code "True"}/{@code "False"};</li>
 * <li>the enterprise {@code manager} as a bare id string instead of {@code {"value": id}};</li>
 * <li>{@code active} as a string in POST and PUT bodies.</li>
 * </ul>
 * Anything it does not recognise is passed on untouched; malformed JSON is left for the SDK to refuse.
 */
final class IdpQuirks {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdpQuirks() {
    }

    static String normalize(HttpMethod method, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return body;
        }
        if (!(root instanceof ObjectNode object)) {
            return body;
        }
        boolean changed = switch (method) {
            case PATCH -> normalizePatch(object);
            case POST, PUT -> normalizeResource(object);
            default -> false;
        };
        return changed ? object.toString() : body;
    }

    private static boolean normalizePatch(ObjectNode patch) {
        JsonNode ops = patch.get("Operations");
        if (!(ops instanceof ArrayNode array)) {
            return false;
        }
        boolean changed = false;
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode op)) {
                continue;
            }
            JsonNode name = op.get("op");
            if (name != null && name.isTextual()) {
                String lower = name.asText().toLowerCase(Locale.ROOT);
                if (!lower.equals(name.asText())) {
                    op.put("op", lower);
                    changed = true;
                }
            }
            String path = op.hasNonNull("path") ? op.get("path").asText() : null;
            JsonNode value = op.get("value");
            if (path == null) {
                if (value instanceof ObjectNode v) {
                    changed |= normalizeResource(v);
                }
            } else if (isActive(path)) {
                JsonNode fixed = bool(value);
                if (fixed != value) {
                    op.set("value", fixed);
                    changed = true;
                }
            } else if (isManager(path) && value != null && value.isTextual()) {
                op.set("value", JSON.createObjectNode().put("value", value.asText()));
                changed = true;
            }
        }
        return changed;
    }

    /** A resource or path-less PATCH value: {@code active} strings, bare-string managers (also as dotted keys). */
    private static boolean normalizeResource(ObjectNode resource) {
        boolean changed = false;
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (isActive(key)) {
                JsonNode fixed = bool(value);
                if (fixed != value) {
                    field.setValue(fixed);
                    changed = true;
                }
            } else if (isManager(key) && value != null && value.isTextual()) {
                field.setValue(JSON.createObjectNode().put("value", value.asText()));
                changed = true;
            } else if (ENTERPRISE.equalsIgnoreCase(key) && value instanceof ObjectNode ext) {
                JsonNode manager = ext.get("manager");
                if (manager != null && manager.isTextual()) {
                    ext.set("manager", JSON.createObjectNode().put("value", manager.asText()));
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static boolean isActive(String path) {
        return "active".equalsIgnoreCase(path) || "urn:ietf:params:scim:schemas:core:2.0:User:active"
                .equalsIgnoreCase(path);
    }

    private static boolean isManager(String path) {
        return (ENTERPRISE + ":manager").equalsIgnoreCase(path);
    }

    private static JsonNode bool(JsonNode value) {
        if (value instanceof TextNode text) {
            String s = text.asText().trim();
            if ("true".equalsIgnoreCase(s)) {
                return BooleanNode.TRUE;
            }
            if ("false".equalsIgnoreCase(s)) {
                return BooleanNode.FALSE;
            }
        }
        return value;
    }
}
