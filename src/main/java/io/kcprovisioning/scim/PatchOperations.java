package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import io.kcprovisioning.scim.ScimSchemaTree.Kind;
import io.kcprovisioning.scim.ScimSchemaTree.Level;
import io.kcprovisioning.scim.ScimSchemaTree.Target;
import java.io.IOException;
import java.util.Locale;

/**
 * The rules of a PATCH body (RFC 7644 section 3.5.2) that the SCIM SDK does not keep, checked before it reads the
 * body. Each refusal is a {@link Refusal} with its RFC 7644 section 3.12 type:
 * <ul>
 * <li>the message: {@code schemas} must be exactly {@code [PatchOp]} and {@code Operations} a list of objects
 * ({@code invalidSyntax}); the SDK applied a body naming another schema or none in a list, and answered a
 * {@code schemas} string with 500 ({@link #messageProblem});</li>
 * <li>each operation ({@link #operationProblem}): {@code add} and {@code replace} carry a {@code value}
 * ({@code invalidValue}; the SDK removed the attribute), and no operation targets a {@code readOnly} attribute or
 * anything inside one: {@code id}, {@code meta.*}, a user's {@code groups}, the manager's {@code displayName}
 * ({@code mutability}; the SDK answered 200 and ignored it).</li>
 * </ul>
 * A read-only attribute inside the value of a path-less operation is ignored, as in a PUT body (RFC 7643 section 2.2):
 * Okta renames a group with a path-less replace that carries the group's {@code id}.
 */
final class PatchOperations {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A refused PATCH: the SCIM error type and the detail. */
    record Refusal(String scimType, String detail) {
    }

    private PatchOperations() {
    }

    /** What is wrong with the PATCH message itself, or null (also when the body is not JSON: read before). */
    static Refusal messageProblem(String body) {
        JsonNode root = parse(body);
        if (root == null) {
            return null;
        }
        if (!root.isObject()) {
            return syntax("A PATCH body is a JSON object with schemas and Operations");
        }
        JsonNode schemas = root.get("schemas");
        if (schemas == null || !schemas.isArray() || schemas.size() != 1 || !schemas.get(0).isTextual()
                || !PATCH_OP.equalsIgnoreCase(schemas.get(0).asText())) {
            return syntax("A PATCH body's schemas must be [\"" + PATCH_OP + "\"], not "
                    + (schemas == null ? "missing" : schemas.toString()));
        }
        JsonNode operations = root.get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            return syntax("A PATCH body's Operations must be a list of one or more operations");
        }
        for (int i = 0; i < operations.size(); i++) {
            if (!operations.get(i).isObject()) {
                return syntax("Operation " + (i + 1) + " must be an object with op, path and value");
            }
        }
        return null;
    }

    /**
     * What is wrong with the operations of a PATCH of the resource at {@code resourcePath} ({@code Users/abc}), or
     * null. Runs after {@link #messageProblem} and {@link PatchPaths#problem}: the paths have their shape.
     */
    static Refusal operationProblem(String resourcePath, String body) {
        Level root = ScimAttributeNames.forPath(resourcePath);
        JsonNode parsed = parse(body);
        JsonNode operations = parsed == null ? null : parsed.get("Operations");
        if (root == null || operations == null || !operations.isArray()) {
            return null;
        }
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
            JsonNode path = operation.get("path");
            String target = path != null && path.isTextual() ? path.asText() : null;
            if ((op.equals("add") || op.equals("replace")) && !operation.has("value")) {
                return new Refusal(ScimType.RFC7644.INVALID_VALUE, "Operation " + (i + 1) + ": " + op
                        + " needs a value" + (target == null ? "" : " for '" + target + "'")
                        + "; to remove an attribute, use remove");
            }
            String readOnly = target == null ? null : readOnlyIn(target, root);
            if (readOnly != null && (op.equals("add") || op.equals("replace") || op.equals("remove"))) {
                return new Refusal(ScimType.RFC7644.MUTABILITY, "Operation " + (i + 1) + ": " + readOnly
                        + " is read-only; no PATCH may " + op + " '" + target + "'");
            }
        }
        return null;
    }

    /** The read-only attribute that {@code path} names or lies inside, as the schema spells it, or null. */
    static String readOnlyIn(String path, Level root) {
        Target target = ScimSchemaTree.target(path, root);
        if (target.extension()) {
            return null;
        }
        Level level = target.level();
        String name = level.canonical(target.attribute());
        Kind kind = name == null ? null : level.kinds().get(name);
        if (kind == null) {
            return null;
        }
        if (kind.readOnly()) {
            return name;
        }
        Level below = level.below().get(name);
        String sub = target.subAttribute() == null || below == null ? null : below.canonical(target.subAttribute());
        Kind subKind = sub == null ? null : below.kinds().get(sub);
        return subKind != null && subKind.readOnly() ? name + "." + sub : null;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Refusal syntax(String detail) {
        return new Refusal(ScimType.RFC7644.INVALID_SYNTAX, detail);
    }
}
