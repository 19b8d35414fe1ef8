package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a resource into the rows of {@code PROV_SCIM_ATTR} that filters on attributes without a column use
 * (userName, externalId, displayName and active have columns and are not flattened).
 * Contract: path = lowercase attribute path without the core schema URN ({@code emails.value},
 * {@code name.formatted}); extension attributes are prefixed by their lowercase schema URN and a colon
 * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value}); {@code idx} is the element
 * index within a multi-valued attribute (0 otherwise); values are text, lowercased, at most 1024 characters
 * (booleans {@code true}/{@code false}, numbers as written).
 */
final class ScimFlattening {

    static final int MAX_VALUE = 1024;
    /** Not flattened: computed on read, secret, or answered by a column of their own. */
    private static final Set<String> SKIPPED = Set.of("id", "meta", "schemas", "password", "groups", "members",
            "username", "externalid", "displayname", "active");
    /** Sub-attributes of singular complex attributes that have columns. */
    private static final Set<String> SKIPPED_PATHS = Set.of("name.givenname", "name.familyname");

    private ScimFlattening() {
    }

    static List<ScimDirectory.FlatValue> user(ResourceNode resource) {
        return flatten(resource);
    }

    static List<ScimDirectory.FlatValue> flatten(JsonNode resource) {
        List<ScimDirectory.FlatValue> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (SKIPPED.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (key.startsWith("urn:") && field.getValue().isObject()) {
                String prefix = key.toLowerCase(Locale.ROOT) + ":";
                field.getValue().fields().forEachRemaining(ext ->
                        attribute(prefix + ext.getKey().toLowerCase(Locale.ROOT), ext.getValue(), out));
            } else {
                attribute(key.toLowerCase(Locale.ROOT), field.getValue(), out);
            }
        }
        return out;
    }

    private static void attribute(String path, JsonNode value, List<ScimDirectory.FlatValue> out) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            int idx = 0;
            for (JsonNode element : value) {
                element(path, element, idx++, out);
            }
        } else {
            element(path, value, 0, out);
        }
    }

    private static void element(String path, JsonNode value, int idx, List<ScimDirectory.FlatValue> out) {
        if (value.isObject()) {
            value.fields().forEachRemaining(sub -> {
                JsonNode v = sub.getValue();
                String subPath = path + "." + sub.getKey().toLowerCase(Locale.ROOT);
                if (v != null && v.isValueNode() && !v.isNull() && !SKIPPED_PATHS.contains(subPath)) {
                    out.add(new ScimDirectory.FlatValue(subPath, idx, text(v)));
                }
            });
        } else if (value.isValueNode() && !value.isNull()) {
            out.add(new ScimDirectory.FlatValue(path, idx, text(value)));
        }
    }

    private static String text(JsonNode v) {
        String s = v.asText().toLowerCase(Locale.ROOT);
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }
}
