package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites what real IdPs send into RFC 7644 before the SCIM SDK validates it (FIELD-NOTES, "What IdPs send"):
 * <ul>
 * <li>Entra's default PATCH: capitalised ops ({@code Replace}) and {@code active} as the string
 * {@code "True"}/{@code "False"};</li>
 * <li>the enterprise {@code manager} as a bare id string instead of {@code {"value": id}};</li>
 * <li>{@code active} as a string in POST and PUT bodies;</li>
 * <li>Entra's matching filter {@code emails[type eq "work"].value eq "x"} (see {@link #correlateValuePaths}), in
 * the {@code filter} query parameter and in {@code POST .search} bodies.</li>
 * </ul>
 * Anything it does not recognise is passed on untouched; malformed JSON is left for the SDK to refuse.
 */
final class IdpQuirks {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final java.util.Set<String> OPERATORS = java.util.Set.of("eq", "ne", "co", "sw", "ew", "gt",
            "ge", "lt", "le", "pr");
    /** Most nested brackets, round or square, a filter may have (the SDK's parser overflowed at a few thousand). */
    static final int MAX_BRACKETS = 100;
    /** What follows {@code ]} in {@code emails[type eq "work"].value eq "x"}: a sub-attribute and an operator. */
    private static final Pattern SUB_ATTRIBUTE_COMPARISON = Pattern.compile(
            "\\.([A-Za-z][A-Za-z0-9_$-]*)\\s+(?:(pr)\\b|(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+)",
            Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values per member-removal operation handed to the SCIM SDK (see {@link #splitLongRemovals}). */
    static final int VALUES_PER_REMOVAL = 100;

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
            case POST, PUT -> normalizeResource(object) | normalizeSearch(object) | normalizeBulk(object);
            default -> false;
        };
        return changed ? object.toString() : body;
    }

    /** A {@code POST .search} body: its filter with value paths correlated. */
    private static boolean normalizeSearch(ObjectNode request) {
        JsonNode filter = request.get("filter");
        if (filter == null || !filter.isTextual() || !request.path("schemas").toString().contains(SEARCH_REQUEST)) {
            return false;
        }
        String fixed = forSdk(filter.asText());
        if (fixed.equals(filter.asText())) {
            return false;
        }
        request.put("filter", fixed);
        return true;
    }

    /** A Bulk request: its PATCH operations' bodies as any PATCH body. */
    private static boolean normalizeBulk(ObjectNode request) {
        if (!(request.get("Operations") instanceof ArrayNode operations)
                || !request.path("schemas").toString().contains(BULK_REQUEST)) {
            return false;
        }
        boolean changed = false;
        for (JsonNode operation : operations) {
            if ("PATCH".equalsIgnoreCase(operation.path("method").asText())
                    && operation.get("data") instanceof ObjectNode data) {
                changed |= normalizePatch(data);
            }
        }
        return changed;
    }

    /**
     * A filter as the SCIM SDK's parser is to read it: refused when too large for it ({@link #checkFilterSize}) or
     * not one complete expression of RFC 7644's grammar ({@link ScimFilterGrammar}), value paths correlated
     * ({@link #correlateValuePaths}).
     *
     * @throws BadRequestException {@code invalidFilter}
     */
    static String forSdk(String filter) {
        if (filter.isBlank()) {
            return filter; // an empty filter parameter is no filter, as the SDK reads it
        }
        checkFilterSize(filter);
        ScimFilterGrammar.check(filter);
        return correlateValuePaths(EmptyFilterStrings.forSdk(filter));
    }

    /**
     * Refuses a filter too large for the SCIM SDK's parser before it reads it: the parser recurses once per
     * {@code and}/{@code or} and per bracket, and a few thousand overflow the thread's stack (a 500 with no SCIM
     * body). The limit on comparisons is the one the database translation has ({@link ScimFilterJpql}).
     *
     * @throws BadRequestException {@code invalidFilter}
     */
    static void checkFilterSize(String filter) {
        int comparisons = 0;
        int depth = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '"') {
                i = endOfString(filter, i) - 1;
            } else if (c == '(' || c == '[') {
                if (++depth > MAX_BRACKETS) {
                    throw new BadRequestException("The filter nests more than " + MAX_BRACKETS + " brackets",
                            ScimType.RFC7644.INVALID_FILTER);
                }
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (Character.isLetter(c)) {
                int end = i;
                while (end < filter.length() && isNameCharacter(filter.charAt(end))) {
                    end++;
                }
                if (end - i == 2 && OPERATORS.contains(filter.substring(i, end).toLowerCase(Locale.ROOT))
                        && ++comparisons > ScimFilterJpql.MAX_COMPARISONS) {
                    throw new BadRequestException("The filter has more than " + ScimFilterJpql.MAX_COMPARISONS
                            + " comparisons", ScimType.RFC7644.INVALID_FILTER);
                }
                i = end - 1;
            }
        }
    }

    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == '.' || c == ':';
    }

    /** The request URL with its {@code filter} query parameter's value paths correlated. */
    static String correlateFilterParameter(URI url) {
        String query = url.getRawQuery();
        if (query == null || !query.toLowerCase(Locale.ROOT).contains("filter=")) {
            return url.toString();
        }
        StringJoiner fixedQuery = new StringJoiner("&");
        boolean changed = false;
        for (String parameter : query.split("&", -1)) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && "filter".equalsIgnoreCase(parameter.substring(0, eq))) {
                String filter = URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
                String fixed = forSdk(filter);
                if (!fixed.equals(filter)) {
                    parameter = parameter.substring(0, eq + 1)
                            + URLEncoder.encode(fixed, StandardCharsets.UTF_8).replace("+", "%20");
                    changed = true;
                }
            }
            fixedQuery.add(parameter);
        }
        if (!changed) {
            return url.toString();
        }
        String text = url.toString();
        return text.substring(0, text.indexOf('?') + 1) + fixedQuery;
    }

    /**
     * Entra ID matches users by {@code emails[type eq "work"].value eq "x"}: a value path followed by a
     * sub-attribute, which RFC 7644's filter grammar does not have (only PATCH paths do). The SCIM SDK reads it as
     * two comparisons that any element may satisfy each, so a user with a home address x and some other work
     * address matched, and Entra would take them for the user it looks for. Rewritten to
     * {@code emails[(type eq "work") and value eq "x"]}, both comparisons hold for one and the same element.
     * Anything else, quoted strings included, is left as it is.
     */
    static String correlateValuePaths(String filter) {
        if (filter.indexOf(']') < 0) {
            return filter;
        }
        StringBuilder out = new StringBuilder(filter.length() + 16);
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '"') {
                int end = endOfString(filter, i);
                out.append(filter, i, end);
                i = end;
            } else if (c == '[') {
                int close = closingBracket(filter, i + 1);
                if (close < 0) {
                    out.append(filter, i, filter.length());
                    break;
                }
                Matcher tail = SUB_ATTRIBUTE_COMPARISON.matcher(filter).region(close + 1, filter.length());
                if (!tail.lookingAt()) {
                    out.append(filter, i, close + 1);
                    i = close + 1;
                    continue;
                }
                String operator = tail.group(2) != null ? tail.group(2) : tail.group(3);
                int end = tail.group(2) != null ? tail.end() : endOfValue(filter, tail.end());
                out.append("[(").append(filter, i + 1, close).append(") and ").append(tail.group(1)).append(' ')
                        .append(operator);
                if (tail.group(2) == null) {
                    out.append(' ').append(filter, tail.end(), end);
                }
                out.append(']');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just after the string literal that starts at {@code start} (or the end of the text). */
    /** The index after the JSON string literal that opens at {@code start} (escapes skipped); the filter tools share it. */
    static int endOfString(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return text.length();
    }

    /** The index of the {@code ]} that closes a value filter starting at {@code from}, or -1. */
    private static int closingBracket(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i) - 1;
            } else if (c == ']') {
                return i;
            } else if (c == '[') {
                return -1;
            }
        }
        return -1;
    }

    /** The index just after a comparison value: a string literal, or a bare token (number, true, false, null). */
    private static int endOfValue(String text, int start) {
        if (start < text.length() && text.charAt(start) == '"') {
            return endOfString(text, start);
        }
        int i = start;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ')'
                && text.charAt(i) != ']') {
            i++;
        }
        return i;
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
            if (path != null) {
                checkFilterSize(path);
            }
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
        return splitLongRemovals(array) | changed;
    }

    /**
     * A {@code remove} with a path and a list of values ({@code "path":"members","value":[{"value":id}, ...]},
     * Entra's and Okta's member removal) is turned by the SCIM SDK into one filter that joins every value with
     * {@code or}, and the SDK's recursive filter parser overflows the thread's stack past a few thousand values (a
     * 500). Such an operation with more than {@link #VALUES_PER_REMOVAL} values becomes several of that many each,
     * written as that same filter ({@code members[value eq "a" or value eq "b"]}), which removes the same values.
     * Lists the SDK would not rewrite itself (values that are not one-field objects of a plain value) are left.
     */
    private static boolean splitLongRemovals(ArrayNode operations) {
        boolean changed = false;
        for (int i = 0; i < operations.size(); i++) {
            if (!(operations.get(i) instanceof ObjectNode op) || !"remove".equals(op.path("op").asText())
                    || !op.path("path").isTextual() || op.path("path").asText().contains("[")
                    || !(op.get("value") instanceof ArrayNode values) || values.size() <= VALUES_PER_REMOVAL) {
                continue;
            }
            List<String> terms = new ArrayList<>();
            for (JsonNode v : values) {
                if (!(v instanceof ObjectNode item) || item.size() != 1 || !item.elements().next().isValueNode()) {
                    terms = null;
                    break;
                }
                String field = item.fieldNames().next();
                terms.add(field + " eq \"" + item.get(field).asText().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"");
            }
            if (terms == null) {
                continue;
            }
            operations.remove(i);
            for (int from = 0; from < terms.size(); from += VALUES_PER_REMOVAL) {
                ObjectNode part = JSON.createObjectNode().put("op", "remove").put("path", op.get("path").asText()
                        + "[" + String.join(" or ", terms.subList(from, Math.min(terms.size(),
                                from + VALUES_PER_REMOVAL))) + "]");
                operations.insert(i++, part);
            }
            i--;
            changed = true;
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
