package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * The shape of a PATCH operation's {@code path} (RFC 7644 section 3.5.2), checked before the SCIM SDK reads it:
 * {@code [URI ":"] attribute ["." subAttribute]}, or {@code [URI ":"] attribute "[" valueFilter "]" ["."
 * subAttribute]}. The SDK answered an empty path with 500 and read past what it did not expect: in
 * {@code emails[type eq "work"].value.x} it dropped {@code .x} and added an email, {@code emails[...][...]} and
 * {@code emails[...]x} lost their tails. Anything else is {@code invalidPath}; the value filter's own grammar is the
 * SDK's, and its refusals of a PATCH are reported as {@code invalidPath} too ({@link #isPathRefusal}).
 */
final class PatchPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PatchPaths() {
    }

    /** What is wrong with the paths of a PATCH body's operations, or null (also when the body is not JSON). */
    static String problem(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        JsonNode operations = root == null ? null : root.get("Operations");
        if (operations == null || !operations.isArray()) {
            return null;
        }
        for (int i = 0; i < operations.size(); i++) {
            JsonNode path = operations.get(i).isObject() ? operations.get(i).get("path") : null;
            if (path == null || path.isNull()) {
                continue;
            }
            String problem = path.isTextual() ? problemOf(path.asText())
                    : "the path must be a string, not " + path.getNodeType().name().toLowerCase(Locale.ROOT);
            if (problem != null) {
                return "Operation " + (i + 1) + ": " + problem;
            }
        }
        return null;
    }

    /** What is wrong with one path, or null. */
    static String problemOf(String path) {
        if (path.isBlank()) {
            return "the path is empty; leave it out to name the whole resource";
        }
        int open = path.indexOf('[');
        String attribute = open < 0 ? path : path.substring(0, open);
        String problem = attributePath(attribute, open < 0);
        if (problem != null) {
            return problem + " in path '" + path + "'";
        }
        if (open < 0) {
            return path.indexOf(']') >= 0 ? "']' without '[' in path '" + path + "'" : null;
        }
        int close = closing(path, open);
        if (close < 0) {
            return "the value filter of path '" + path + "' is not closed with ']'";
        }
        String filter = path.substring(open + 1, close);
        if (filter.isBlank()) {
            return "the value filter of path '" + path + "' is empty";
        }
        if (outsideStrings(filter, '[')) {
            return "a value filter inside a value filter in path '" + path + "'";
        }
        String grammar = ScimFilterGrammar.problem(filter, true);
        if (grammar != null) {
            return grammar + ", in the value filter of path '" + path + "'";
        }
        String rest = path.substring(close + 1);
        if (rest.isEmpty()) {
            return null;
        }
        if (rest.charAt(0) != '.' || !isName(rest.substring(1))) {
            return "after the value filter only one sub-attribute may follow ('.name'), not '" + rest + "', in path '"
                    + path + "'";
        }
        return null;
    }

    /**
     * {@code [URI ":"] name ["." name]}; before a value filter, {@code [URI ":"] name} only (a value filter selects
     * values of a multi-valued attribute, never of a sub-attribute).
     */
    private static String attributePath(String attribute, boolean subAttributeAllowed) {
        String names = attribute;
        if (attribute.regionMatches(true, 0, "urn:", 0, 4)) {
            int last = attribute.lastIndexOf(':');
            names = attribute.substring(last + 1);
        }
        String[] parts = names.split("\\.", -1);
        if (parts.length > (subAttributeAllowed ? 2 : 1)) {
            return subAttributeAllowed ? "an attribute path has at most one sub-attribute ('name.sub')"
                    : "a value filter applies to an attribute, not to a sub-attribute";
        }
        for (String part : parts) {
            if (!isName(part)) {
                return "'" + part + "' is not an attribute name";
            }
        }
        return null;
    }

    /** RFC 7643 section 2.1: ALPHA *(nameChar); {@code $ref} as the schemas name it. */
    private static boolean isName(String name) {
        if (name.equals("$ref")) {
            return true;
        }
        if (name.isEmpty() || name.charAt(0) >= 128 || !Character.isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    /** The index of the ']' that closes the '[' at {@code open}, strings skipped; -1 if none. */
    private static int closing(String path, int open) {
        int depth = 0;
        for (int i = open; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                i = IdpQuirks.endOfString(path, i) - 1;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean outsideStrings(String text, char wanted) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = IdpQuirks.endOfString(text, i) - 1;
            } else if (c == wanted) {
                return true;
            }
        }
        return false;
    }


    /** Whether the SDK's answer to a PATCH refused its path: the only filter a PATCH has is its path's. */
    static boolean isPathRefusal(String scimType) {
        return "invalidFilter".equals(scimType);
    }
}
