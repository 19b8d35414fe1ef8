package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.common.constants.enums.Type;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.filter.AndExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.AttributePathRoot;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.NotExpressionNode;
import de.captaingoldfish.scim.sdk.server.filter.OrExpressionNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns a parsed SCIM filter into a JPQL condition on {@code r} (a {@code ScimUserEntity} or
 * {@code ScimGroupEntity}), with named parameters only. Attributes with a column compare on it; every other one
 * through an {@code exists} on the flattened attributes ({@link ScimFlattening}); a value filter
 * ({@code emails[type eq "work" and value co "x"]}) compares the sub-attributes of one and the same element.
 * Strings compare case-insensitively unless the attribute is case-exact and has a column ({@code id},
 * {@code externalId}). A resource without the attribute does not match any operator but {@code ne}.
 */
final class ScimFilterJpql {

    static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user";
    static final String CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group";

    /** A column that answers an attribute: its JPQL expression and how values compare on it. */
    private record Column(String expression, Kind kind) {
    }

    private enum Kind { EXACT, LOWER, BOOLEAN, MILLIS }

    /** Most nested groups (and/or chains, not, value filters) a filter may have. */
    static final int MAX_DEPTH = 10;
    /** Most comparisons a filter may have. */
    static final int MAX_COMPARISONS = 1000;

    private final boolean users;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private int aliases;
    private int comparisons;

    ScimFilterJpql(boolean users) {
        this.users = users;
    }

    Map<String, Object> params() {
        return params;
    }

    String condition(FilterNode node) {
        return translate(node, null, 1);
    }

    /**
     * A chain of the same operator ({@code a or b or c}) becomes one flat group: Hibernate's query parser takes
     * time and memory that grow steeply with nested parentheses (a few hundred nested ones exhaust the heap), so
     * nesting is also capped, and so is the number of comparisons.
     */
    private String translate(FilterNode node, String element, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BadRequestException("The filter nests deeper than " + MAX_DEPTH + " levels",
                    ScimType.RFC7644.INVALID_FILTER);
        }
        if (node instanceof AndExpressionNode || node instanceof OrExpressionNode) {
            StringJoiner group = new StringJoiner(node instanceof AndExpressionNode ? " and " : " or ", "(", ")");
            for (FilterNode operand : chain(node)) {
                group.add(translate(operand, element, depth + 1));
            }
            return group.toString();
        }
        if (node instanceof NotExpressionNode not) {
            return "(not " + translate(not.getRightNode(), element, depth + 1) + ")";
        }
        if (node instanceof AttributePathRoot root) {
            return valueFilter(root, depth);
        }
        if (node instanceof AttributeExpressionLeaf leaf) {
            if (++comparisons > MAX_COMPARISONS) {
                throw new BadRequestException("The filter has more than " + MAX_COMPARISONS + " comparisons",
                        ScimType.RFC7644.INVALID_FILTER);
            }
            return leaf(leaf, element);
        }
        throw new BadRequestException("Unsupported filter expression: " + node, ScimType.RFC7644.INVALID_FILTER);
    }

    /** The operands of a chain of one operator, in order: {@code (a or b) or c} gives a, b, c. */
    private static List<FilterNode> chain(FilterNode node) {
        List<FilterNode> operands = new ArrayList<>();
        Deque<FilterNode> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            FilterNode n = pending.pop();
            if (n.getClass() == node.getClass()) {
                pending.push(right(n));
                pending.push(left(n));
            } else {
                operands.add(n);
            }
        }
        return operands;
    }

    private static FilterNode left(FilterNode n) {
        return n instanceof AndExpressionNode and ? and.getLeftNode() : ((OrExpressionNode) n).getLeftNode();
    }

    private static FilterNode right(FilterNode n) {
        return n instanceof AndExpressionNode and ? and.getRightNode() : ((OrExpressionNode) n).getRightNode();
    }

    /** {@code emails[type eq "work" and value co "x"]}: some element of the attribute satisfies the inner filter. */
    private String valueFilter(AttributePathRoot root, int depth) {
        String attribute = path(root.getSchemaAttribute());
        if (!root.isWithFilter()) {
            return present(attribute);
        }
        if (!root.getSchemaAttribute().isMultiValued()) {
            return "(" + translate(root.getChild(), null, depth + 1) + ")"; // one element only: nothing to correlate
        }
        String e = alias();
        return "exists (select " + e + " from ScimAttributeEntity " + e + " where " + e + ".resourceId = r.id and "
                + e + ".path like " + param(attribute + ".%") + " and " + translate(root.getChild(), e, depth + 1)
                + ")";
    }

    private String leaf(AttributeExpressionLeaf leaf, String element) {
        SchemaAttribute attribute = leaf.getSchemaAttribute();
        String path = path(attribute);
        Comparator op = leaf.getComparator();
        // singular attributes (name.givenName inside name[...]) need no element correlation: their column serves
        boolean correlated = element != null && (attribute.getParent() == null
                || attribute.getParent().isMultiValued());
        Column column = correlated ? null : column(users, path);
        if (column != null) {
            return onColumn(column, op, leaf, attribute);
        }
        if (element == null && "members.value".equals(path) || "members".equals(path)) {
            return membership(op, leaf, "m.groupId = r.id and m.userId");
        }
        if (element == null && ("groups.value".equals(path) || "groups".equals(path))) {
            return membership(op, leaf, "m.userId = r.id and m.groupId");
        }
        String a = alias();
        String scope = "select " + a + " from ScimAttributeEntity " + a + " where " + a + ".resourceId = r.id and "
                + a + ".path = " + param(path) + (element == null ? "" : " and " + a + ".idx = " + element + ".idx");
        if (op == Comparator.PR) {
            return "exists (" + scope + " and " + a + ".valueLower is not null and " + a + ".valueLower <> '')";
        }
        String value = flatValue(leaf, attribute);
        if (op == Comparator.NE) {
            return "not exists (" + scope + " and " + a + ".valueLower = " + param(value) + ")";
        }
        return "exists (" + scope + " and " + compare(a + ".valueLower", op, value) + ")";
    }

    private String onColumn(Column column, Comparator op, AttributeExpressionLeaf leaf, SchemaAttribute attribute) {
        if (op == Comparator.PR) {
            return column.kind == Kind.BOOLEAN || column.kind == Kind.MILLIS ? "1 = 1"
                    : "(" + column.expression + " is not null and " + column.expression + " <> '')";
        }
        Object value = switch (column.kind) {
            case BOOLEAN -> leaf.getBooleanValue().orElseThrow(() -> invalid(attribute, "a boolean"));
            case MILLIS -> leaf.getDateTime().map(Instant::toEpochMilli).orElseThrow(() -> invalid(attribute,
                    "a date-time"));
            case LOWER -> text(leaf).toLowerCase(Locale.ROOT);
            case EXACT -> text(leaf);
        };
        if (column.kind == Kind.BOOLEAN && op != Comparator.EQ && op != Comparator.NE) {
            throw new BadRequestException("Only eq, ne and pr apply to boolean attribute " + attribute.getName(),
                    ScimType.RFC7644.INVALID_FILTER);
        }
        if (op == Comparator.NE) {
            return "(" + column.expression + " is null or " + column.expression + " <> " + param(value) + ")";
        }
        if (value instanceof String s) {
            return compare(column.expression, op, s);
        }
        return column.expression + " " + symbol(op, attribute) + " " + param(value);
    }

    private String membership(Comparator op, AttributeExpressionLeaf leaf, String correlation) {
        if (op == Comparator.PR) {
            return "exists (select m from ScimMemberEntity m where " + correlation.substring(0,
                    correlation.lastIndexOf(" and ")) + ")";
        }
        if (op != Comparator.EQ && op != Comparator.NE) {
            throw new BadRequestException("Only eq, ne and pr apply to memberships",
                    ScimType.RFC7644.INVALID_FILTER);
        }
        String exists = "exists (select m from ScimMemberEntity m where " + correlation + " = " + param(text(leaf))
                + ")";
        return op == Comparator.NE ? "(not " + exists + ")" : exists;
    }

    private String compare(String expression, Comparator op, String value) {
        return switch (op) {
            case EQ -> expression + " = " + param(value);
            case CO -> expression + " like " + param("%" + escape(value) + "%") + " escape '!'";
            case SW -> expression + " like " + param(escape(value) + "%") + " escape '!'";
            case EW -> expression + " like " + param("%" + escape(value)) + " escape '!'";
            case GT -> expression + " > " + param(value);
            case GE -> expression + " >= " + param(value);
            case LT -> expression + " < " + param(value);
            case LE -> expression + " <= " + param(value);
            default -> throw new BadRequestException("Unsupported operator " + op, ScimType.RFC7644.INVALID_FILTER);
        };
    }

    private static String symbol(Comparator op, SchemaAttribute attribute) {
        return switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new BadRequestException("Operator " + op.name().toLowerCase(Locale.ROOT)
                    + " does not apply to " + attribute.getName(), ScimType.RFC7644.INVALID_FILTER);
        };
    }

    /** The JPQL expression of the column that answers an attribute, or null (sortBy uses it too). */
    static String columnExpression(boolean users, String path) {
        Column column = column(users, path);
        return column == null ? null : column.expression();
    }

    private static Column column(boolean users, String path) {
        if (users) {
            return switch (path) {
                case "id" -> new Column("r.id", Kind.EXACT);
                case "username" -> new Column("r.userNameLower", Kind.LOWER);
                case "externalid" -> new Column("r.externalId", Kind.EXACT);
                case "displayname" -> new Column("lower(r.displayName)", Kind.LOWER);
                case "name.givenname" -> new Column("lower(r.givenName)", Kind.LOWER);
                case "name.familyname" -> new Column("lower(r.familyName)", Kind.LOWER);
                case "active" -> new Column("r.active", Kind.BOOLEAN);
                case "meta.created" -> new Column("r.created", Kind.MILLIS);
                case "meta.lastmodified" -> new Column("r.lastModified", Kind.MILLIS);
                default -> null;
            };
        }
        return switch (path) {
            case "id" -> new Column("r.id", Kind.EXACT);
            case "displayname" -> new Column("r.displayNameLower", Kind.LOWER);
            case "externalid" -> new Column("r.externalId", Kind.EXACT);
            case "meta.created" -> new Column("r.created", Kind.MILLIS);
            case "meta.lastmodified" -> new Column("r.lastModified", Kind.MILLIS);
            default -> null;
        };
    }

    /** The flattened path of an attribute: core attributes bare, extension ones behind their schema URN. */
    static String path(SchemaAttribute attribute) {
        String node = attribute.getScimNodeName().toLowerCase(Locale.ROOT);
        String uri = attribute.getResourceUri() == null ? "" : attribute.getResourceUri().toLowerCase(Locale.ROOT);
        if (uri.isEmpty() || uri.equals(CORE_USER) || uri.equals(CORE_GROUP) || node.startsWith("meta.")
                || uri.endsWith(":meta")) {
            return node;
        }
        return uri + ":" + node;
    }

    private String present(String attribute) {
        String a = alias();
        return "exists (select " + a + " from ScimAttributeEntity " + a + " where " + a + ".resourceId = r.id and ("
                + a + ".path = " + param(attribute) + " or " + a + ".path like " + param(attribute + ".%") + "))";
    }

    private static String flatValue(AttributeExpressionLeaf leaf, SchemaAttribute attribute) {
        if (attribute.getType() == Type.BOOLEAN) {
            return String.valueOf(leaf.getBooleanValue().orElseThrow(() -> invalid(attribute, "a boolean")));
        }
        String v = text(leaf).toLowerCase(Locale.ROOT);
        return v.length() > ScimFlattening.MAX_VALUE ? v.substring(0, ScimFlattening.MAX_VALUE) : v;
    }

    private static String text(AttributeExpressionLeaf leaf) {
        String v = leaf.getValue();
        if (v == null) {
            throw new BadRequestException("The filter compares " + leaf.getShortName() + " with no value",
                    ScimType.RFC7644.INVALID_FILTER);
        }
        return EmptyFilterStrings.restore(v);
    }

    private static BadRequestException invalid(SchemaAttribute attribute, String what) {
        return new BadRequestException(attribute.getName() + " must be compared with " + what,
                ScimType.RFC7644.INVALID_FILTER);
    }

    private static String escape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private String param(Object value) {
        String name = "f" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    private String alias() {
        return "a" + aliases++;
    }
}
