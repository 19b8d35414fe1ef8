package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.scim.ScimSchemaTree.Kind;
import io.kcprovisioning.scim.ScimSchemaTree.Level;
import io.kcprovisioning.scim.ScimSchemaTree.Target;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Every value of a known attribute has the JSON type its schema gives it (RFC 7643 sections 2.3 and 2.4), checked
 * before the SCIM SDK reads the body: the SDK coerced wrong types into strings ({@code "userName":["x"]} created
 * {@code x}, {@code replace userName 42} stored {@code "42"}) or dropped them. A wrong type is 400
 * {@code invalidValue} naming the attribute. Runs after {@link IdpQuirks} and {@link ScimAttributeNames}, on the
 * names as the schema spells them.
 *
 * <p>One leniency, for Microsoft Entra ID (FIELD-NOTES, "What IdPs send"): a boolean may be the string
 * {@code "True"} or {@code "False"}, in any case. {@code null} is an unassigned value (RFC 7643 section 2.5).
 * Attributes the schemas do not name are left to the SDK.
 */
final class ScimValueTypes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimValueTypes() {
    }

    /** What is wrong with the body's value types, or null (also when it is not JSON: the SDK says). */
    static String problem(String method, String resourcePath, String body) {
        Level root = ScimAttributeNames.forPath(resourcePath);
        if (root == null || resourcePath.endsWith(".search")) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (json == null || !json.isObject()) {
            return null;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT" -> inObject(json, root, "");
            case "PATCH" -> inPatch(json, root);
            default -> null;
        };
    }

    private static String inPatch(JsonNode patch, Level root) {
        JsonNode operations = patch.get("Operations");
        if (operations == null || !operations.isArray()) {
            return null;
        }
        for (int i = 0; i < operations.size(); i++) {
            JsonNode op = operations.get(i);
            if (!op.isObject() || !op.has("value") || op.get("value").isNull()) {
                continue;
            }
            JsonNode value = op.get("value");
            JsonNode path = op.get("path");
            String problem;
            if (path == null || path.isNull()) {
                problem = value.isObject() ? inObject(value, root, "")
                        : "a PATCH operation without a path takes an object of attributes as its value";
            } else if (path.isTextual()) {
                problem = atPath(path.asText(), value, root);
            } else {
                problem = null; // PatchPaths refuses it
            }
            if (problem != null) {
                return "Operation " + (i + 1) + ": " + problem;
            }
        }
        return null;
    }

    /** A PATCH value for {@code path}: as the attribute (or sub-attribute) it names; a value path's value as one element. */
    private static String atPath(String path, JsonNode value, Level root) {
        Target target = ScimSchemaTree.target(path, root);
        if (target.extension()) {
            return value.isObject() ? inObject(value, root.below().get(target.attribute()), target.attribute() + ":")
                    : target.attribute() + " must be an object";
        }
        Level level = target.level();
        String attribute = target.attribute();
        String sub = target.subAttribute();
        boolean valuePath = target.valuePath();
        String name = level.canonical(attribute);
        if (name == null) {
            return null;
        }
        Kind kind = level.kinds().get(name);
        Level below = level.below().get(name);
        if (sub != null) {
            String subName = below == null ? null : below.canonical(sub);
            if (subName == null) {
                return null;
            }
            // emails.value without a filter replaces the sub-attribute of every email: a single value each time
            return single(name + "." + subName, value, below.kinds().get(subName), null);
        }
        if (valuePath) {
            return single(name, value, new Kind(kind.type(), false), below); // the selected elements
        }
        if (kind.multiValued() && value.isObject()) {
            return single(name, value, new Kind(kind.type(), false), below); // one value to add or replace
        }
        return check(name, value, kind, below);
    }

    private static String inObject(JsonNode object, Level level, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Kind kind = level.kinds().get(field.getKey());
            if (kind == null || field.getKey().equals("meta")) {
                continue; // unknown to the schemas (the SDK judges), or meta (read-only, ignored in bodies)
            }
            String problem = check(prefix + field.getKey(), field.getValue(), kind,
                    level.below().get(field.getKey()));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String check(String name, JsonNode value, Kind kind, Level below) {
        if (value.isNull()) {
            return null;
        }
        if (!kind.multiValued()) {
            return single(name, value, kind, below);
        }
        if (!value.isArray()) {
            return name + " is multi-valued: it must be a list, not " + describe(value);
        }
        for (JsonNode element : value) {
            String problem = single(name, element, new Kind(kind.type(), false), below);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String single(String name, JsonNode value, Kind kind, Level below) {
        if (value.isNull()) {
            return null;
        }
        boolean ok = switch (kind.type()) {
            case "complex" -> value.isObject();
            case "boolean" -> value.isBoolean() || value.isTextual()
                    && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"));
            case "integer" -> value.isIntegralNumber();
            case "decimal" -> value.isNumber();
            default -> value.isTextual(); // string, reference, dateTime, binary
        };
        if (!ok) {
            return name + " must be " + expected(kind.type()) + ", not " + describe(value);
        }
        if (value.isObject() && below != null) {
            return inObject(value, below, name + ".");
        }
        return null;
    }

    private static String expected(String type) {
        return switch (type) {
            case "complex" -> "an object";
            case "boolean" -> "true or false";
            case "integer" -> "a whole number";
            case "decimal" -> "a number";
            default -> "a string";
        };
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
