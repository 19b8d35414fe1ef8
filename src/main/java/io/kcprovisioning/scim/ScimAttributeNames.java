package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.scim.ScimSchemaTree.Level;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 7643 section 2.1: attribute names are case-insensitive, at every level. The SCIM SDK matches top-level names
 * without regard to case but sub-attributes exactly, so {@code "name":{"GivenName":"Ada"}} lost the given name,
 * {@code "emails":[{"Value":...}]} stored an email without its address and {@code "Manager":{"Value":...}} was
 * refused. This spells every attribute name of a resource body (POST, PUT, a PATCH operation's value) as the
 * schema does, before the SDK reads it. Names the schemas do not have are left as they are, for the SDK to judge.
 *
 * <p>The names come from the schemas the SDK serves ({@link ScimSchemaTree}).
 */
final class ScimAttributeNames {

    static final Level USER = ScimSchemaTree.USER;
    static final Level GROUP = ScimSchemaTree.GROUP;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimAttributeNames() {
    }

    /** The level of the resource type that a request path under the SCIM root names, or null. */
    static Level forPath(String resourcePath) {
        String first = resourcePath.split("/", 2)[0];
        return switch (first) {
            case "Users" -> USER;
            case "Groups" -> GROUP;
            default -> null;
        };
    }

    /** Spells the names of {@code resource} and of everything below it as {@code level} does; true if any changed. */
    static boolean canonicalize(ObjectNode resource, Level level) {
        boolean changed = false;
        List<String> fields = new ArrayList<>();
        resource.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            String canonical = level.canonical(field);
            if (canonical == null) {
                continue;
            }
            JsonNode value = resource.get(field);
            if (!canonical.equals(field) && !resource.has(canonical)) {
                resource.remove(field);
                resource.set(canonical, value);
                changed = true;
            }
            Level below = level.below().get(canonical);
            if (below != null) {
                changed |= canonicalizeValue(value, below);
            }
        }
        return changed;
    }

    /** A complex attribute's value, or each element of a multi-valued one. */
    static boolean canonicalizeValue(JsonNode value, Level level) {
        boolean changed = false;
        if (value instanceof ObjectNode object) {
            changed = canonicalize(object, level);
        } else if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                if (element instanceof ObjectNode object) {
                    changed |= canonicalize(object, level);
                }
            }
        }
        return changed;
    }

    /**
     * The level a PATCH operation's path leads to, for its value: {@code name} → the name's sub-attributes,
     * {@code emails[type eq "work"]} → an email's, the enterprise URN → the extension's, {@code urn:...:manager} →
     * the manager's; null when the path names a simple attribute or nothing this server knows.
     */
    static Level levelOf(String path, Level root) {
        String p = path.trim();
        Level level = root;
        String lower = p.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Level> e : root.below().entrySet()) {
            String urn = e.getKey().toLowerCase(Locale.ROOT);
            if (urn.startsWith("urn:") && lower.startsWith(urn)) {
                if (lower.length() == urn.length()) {
                    return e.getValue();
                }
                if (lower.charAt(urn.length()) != ':') {
                    continue;
                }
                level = e.getValue();
                p = p.substring(urn.length() + 1);
                break;
            }
        }
        if (lower.startsWith("urn:") && level == root) {
            // the core schema's URN before a core attribute: urn:ietf:params:scim:schemas:core:2.0:User:name
            int bracket = p.indexOf('[');
            int last = (bracket >= 0 ? p.substring(0, bracket) : p).lastIndexOf(':');
            p = p.substring(last + 1);
        }
        int bracket = p.indexOf('[');
        String attribute = bracket >= 0 ? p.substring(0, bracket) : p;
        String rest = "";
        if (bracket >= 0) {
            int close = p.lastIndexOf(']');
            rest = close >= 0 && close + 1 < p.length() ? p.substring(close + 1) : "";
        } else {
            int dot = p.indexOf('.');
            if (dot >= 0) {
                attribute = p.substring(0, dot);
                rest = p.substring(dot);
            }
        }
        String canonical = level.canonical(attribute);
        Level below = canonical == null ? null : level.below().get(canonical);
        if (below == null) {
            return null;
        }
        return rest.startsWith(".") ? null : below; // a sub-attribute is simple in these schemas
    }

    /**
     * A request body with its attribute names spelled as the schemas do: a resource (POST, PUT), a PATCH request's
     * operation values, a Bulk request's operations; {@code body} itself when nothing changed or it is not a JSON
     * object (the SDK refuses what it cannot read).
     *
     * @param resourcePath the path under the SCIM root ({@code Users}, {@code Groups/abc}, {@code Bulk})
     */
    static String normalize(String method, String resourcePath, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            return body;
        }
        if (!(root instanceof ObjectNode object)) {
            return body;
        }
        boolean changed;
        if (resourcePath.equals("Bulk")) {
            changed = normalizeBulk(object);
        } else {
            changed = normalizeOne(method, resourcePath, object);
        }
        return changed ? object.toString() : body;
    }

    private static boolean normalizeOne(String method, String resourcePath, ObjectNode body) {
        Level level = forPath(resourcePath);
        if (level == null) {
            return false;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "PATCH" -> normalizePatch(body, level);
            case "PUT" -> canonicalize(body, level);
            case "POST" -> resourcePath.endsWith(".search") ? false : canonicalize(body, level);
            default -> false;
        };
    }

    private static boolean normalizePatch(ObjectNode patch, Level root) {
        if (!(patch.get("Operations") instanceof ArrayNode operations)) {
            return false;
        }
        boolean changed = false;
        for (JsonNode operation : operations) {
            if (!(operation instanceof ObjectNode op) || !op.has("value")) {
                continue;
            }
            JsonNode path = op.get("path");
            if (path == null || path.isNull()) {
                if (op.get("value") instanceof ObjectNode value) {
                    changed |= canonicalize(value, root);
                }
            } else if (path.isTextual()) {
                Level level = levelOf(path.asText(), root);
                if (level != null) {
                    changed |= canonicalizeValue(op.get("value"), level);
                }
            }
        }
        return changed;
    }

    private static boolean normalizeBulk(ObjectNode bulk) {
        if (!(bulk.get("Operations") instanceof ArrayNode operations)) {
            return false;
        }
        boolean changed = false;
        for (JsonNode operation : operations) {
            if (operation instanceof ObjectNode op && op.get("method") != null && op.get("method").isTextual()
                    && op.get("path") != null && op.get("path").isTextual()
                    && op.get("data") instanceof ObjectNode data) {
                String path = op.get("path").asText();
                changed |= normalizeOne(op.get("method").asText(), path.startsWith("/") ? path.substring(1) : path,
                        data);
            }
        }
        return changed;
    }

    /**
     * The request URL with the attribute names of its {@code attributes} and {@code excludedAttributes}
     * parameters spelled as the schemas do ({@code Name.GivenName} → {@code name.givenName}).
     */
    static String canonicalQuery(String url, Level root) {
        int q = url.indexOf('?');
        if (root == null || q < 0) {
            return url;
        }
        String[] parameters = url.substring(q + 1).split("&", -1);
        boolean changed = false;
        for (int i = 0; i < parameters.length; i++) {
            int eq = parameters[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = URLDecoder.decode(parameters[i].substring(0, eq), StandardCharsets.UTF_8);
            if (!key.equalsIgnoreCase("attributes") && !key.equalsIgnoreCase("excludedAttributes")) {
                continue;
            }
            String value = URLDecoder.decode(parameters[i].substring(eq + 1), StandardCharsets.UTF_8);
            List<String> paths = new ArrayList<>();
            for (String path : value.split(",", -1)) {
                paths.add(canonicalPath(path.trim(), root));
            }
            String fixed = String.join(",", paths);
            if (!fixed.equals(value)) {
                parameters[i] = parameters[i].substring(0, eq + 1)
                        + URLEncoder.encode(fixed, StandardCharsets.UTF_8).replace("+", "%20");
                changed = true;
            }
        }
        return changed ? url.substring(0, q + 1) + String.join("&", parameters) : url;
    }

    /** A plain attribute path ({@code [urn:]attribute[.sub]}) spelled as the schemas do; unknown parts kept. */
    static String canonicalPath(String path, Level root) {
        String lower = path.toLowerCase(Locale.ROOT);
        String prefix = "";
        String rest = path;
        Level level = root;
        for (Map.Entry<String, Level> e : root.below().entrySet()) {
            String urn = e.getKey();
            if (urn.startsWith("urn:") && lower.startsWith(urn.toLowerCase(Locale.ROOT))) {
                if (lower.length() == urn.length()) {
                    return urn;
                }
                if (lower.charAt(urn.length()) == ':') {
                    prefix = urn + ":";
                    rest = path.substring(urn.length() + 1);
                    level = e.getValue();
                    break;
                }
            }
        }
        if (prefix.isEmpty() && lower.startsWith("urn:")) {
            int last = path.lastIndexOf(':');
            prefix = path.substring(0, last + 1);
            rest = path.substring(last + 1);
        }
        int dot = rest.indexOf('.');
        String attribute = dot < 0 ? rest : rest.substring(0, dot);
        String canonical = level.canonical(attribute);
        if (canonical == null) {
            return path;
        }
        if (dot < 0) {
            return prefix + canonical;
        }
        String sub = rest.substring(dot + 1);
        Level below = level.below().get(canonical);
        String canonicalSub = below == null ? null : below.canonical(sub);
        return prefix + canonical + "." + (canonicalSub == null ? sub : canonicalSub);
    }
}
