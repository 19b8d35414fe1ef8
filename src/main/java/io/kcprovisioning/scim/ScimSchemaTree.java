package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import de.captaingoldfish.scim.sdk.common.constants.ClassPathReferences;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes of the resource types this server serves, as a tree: the schemas the SCIM SDK serves
 * ({@link ClassPathReferences}), the core User with the enterprise extension, and the core Group, each with the
 * common attributes ({@code schemas}, {@code id}, {@code externalId}) and {@code meta}. Read once.
 */
final class ScimSchemaTree {

    /**
     * What a JSON value of an attribute must be: RFC 7643's type, and whether it is a list of them; and whether the
     * attribute is {@code readOnly} (RFC 7643 section 2.2: a client never sets it).
     */
    record Kind(String type, boolean multiValued, boolean readOnly) {

        Kind(String type, boolean multiValued) {
            this(type, multiValued, false);
        }
    }

    /**
     * What a PATCH path names (RFC 7644 section 3.5.2), on the schema: the level its attribute is at, the attribute
     * as sent ({@code emails}), the sub-attribute as sent ({@code value} in {@code emails[type eq "work"].value} or
     * {@code name.givenName}, or null), whether a value filter selects elements; {@code extension} when the path is
     * an extension's URN alone. The path's shape is {@link PatchPaths}'s to check.
     */
    record Target(Level level, String attribute, String subAttribute, boolean valuePath, boolean extension) {
    }

    /**
     * One level of a schema: its attribute names by their lower case, the levels below complex ones and each
     * attribute's kind (both by the canonical name).
     */
    record Level(Map<String, String> names, Map<String, Level> below, Map<String, Kind> kinds) {

        String canonical(String name) {
            return names.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static final Level USER = root(ClassPathReferences.USER_SCHEMA_JSON,
            ClassPathReferences.ENTERPRISE_USER_SCHEMA_JSON);
    static final Level GROUP = root(ClassPathReferences.GROUP_SCHEMA_JSON);

    private ScimSchemaTree() {
    }

    private static Level root(String mainSchema, String... extensions) {
        Map<String, String> names = new HashMap<>();
        Map<String, Level> below = new HashMap<>();
        Map<String, Kind> kinds = new HashMap<>();
        add(JsonHelper.loadJsonDocument(mainSchema), names, below, kinds);
        add(JsonHelper.loadJsonDocument(ClassPathReferences.META_SCHEMA_JSON), names, below, kinds);
        for (String name : List.of("id", "externalId")) {
            names.put(name.toLowerCase(Locale.ROOT), name);
            kinds.put(name, new Kind("string", false, name.equals("id")));
        }
        names.put("schemas", "schemas");
        kinds.put("schemas", new Kind("reference", true));
        for (String extension : extensions) {
            JsonNode schema = JsonHelper.loadJsonDocument(extension);
            String urn = schema.get("id").asText();
            Map<String, String> extNames = new HashMap<>();
            Map<String, Level> extBelow = new HashMap<>();
            Map<String, Kind> extKinds = new HashMap<>();
            add(schema, extNames, extBelow, extKinds);
            names.put(urn.toLowerCase(Locale.ROOT), urn);
            below.put(urn, new Level(Map.copyOf(extNames), Map.copyOf(extBelow), Map.copyOf(extKinds)));
            kinds.put(urn, new Kind("complex", false));
        }
        return new Level(Map.copyOf(names), Map.copyOf(below), Map.copyOf(kinds));
    }

    private static void add(JsonNode schema, Map<String, String> names, Map<String, Level> below,
            Map<String, Kind> kinds) {
        for (JsonNode attribute : schema.path("attributes")) {
            String name = attribute.get("name").asText();
            names.put(name.toLowerCase(Locale.ROOT), name);
            kinds.put(name, kind(attribute));
            JsonNode subs = attribute.path("subAttributes");
            if (subs.isArray() && !subs.isEmpty()) {
                Map<String, String> subNames = new HashMap<>();
                Map<String, Kind> subKinds = new HashMap<>();
                for (JsonNode sub : subs) {
                    String subName = sub.get("name").asText();
                    subNames.put(subName.toLowerCase(Locale.ROOT), subName);
                    subKinds.put(subName, kind(sub));
                }
                below.put(name, new Level(Map.copyOf(subNames), Map.of(), Map.copyOf(subKinds)));
            }
        }
    }

    private static Kind kind(JsonNode attribute) {
        return new Kind(attribute.path("type").asText("string").toLowerCase(Locale.ROOT),
                attribute.path("multiValued").asBoolean(false),
                "readOnly".equalsIgnoreCase(attribute.path("mutability").asText()));
    }

    /** What {@code path} names below {@code root}; see {@link Target}. */
    static Target target(String path, Level root) {
        Level level = root;
        String rest = path;
        String lower = path.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Level> e : root.below().entrySet()) {
            String urn = e.getKey().toLowerCase(Locale.ROOT);
            if (urn.startsWith("urn:") && lower.startsWith(urn)) {
                if (lower.length() == urn.length()) {
                    return new Target(root, e.getKey(), null, false, true);
                }
                if (lower.charAt(urn.length()) == ':') {
                    level = e.getValue();
                    rest = path.substring(urn.length() + 1);
                }
                break;
            }
        }
        if (level == root && lower.startsWith("urn:")) {
            int bracket = rest.indexOf('[');
            rest = rest.substring((bracket >= 0 ? rest.substring(0, bracket) : rest).lastIndexOf(':') + 1);
        }
        int bracket = rest.indexOf('[');
        if (bracket >= 0) {
            int close = rest.lastIndexOf(']');
            String sub = close >= 0 && close + 1 < rest.length() && rest.charAt(close + 1) == '.'
                    ? rest.substring(close + 2) : null;
            return new Target(level, rest.substring(0, bracket), sub, true, false);
        }
        int dot = rest.indexOf('.');
        return new Target(level, dot < 0 ? rest : rest.substring(0, dot), dot < 0 ? null : rest.substring(dot + 1),
                false, false);
    }
}
