package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import java.util.Locale;
import java.util.Set;

/**
 * A filter is read completely or refused (RFC 7644 section 3.4.2.2's grammar), before the SCIM SDK reads it. The
 * SDK's parser stops at the end of the first complete expression and drops the rest: {@code userName pr pr},
 * {@code userName eq "a" title eq "b"} and {@code (userName eq "a"))} were evaluated as a part of the filter sent,
 * which can widen the result; a bad escape in a string, a value filter inside a value filter and an exponent in a
 * number were dropped or misread likewise.
 *
 * <pre>
 * FILTER    = attrExp / logExp / valuePath / ["not"] "(" FILTER ")"
 * valuePath = attrPath "[" valFilter "]" ["." subAttr (compareOp compValue / "pr")]   ; the tail: Entra ID
 * valFilter = attrExp / logExp / ["not"] "(" valFilter ")"                           ; no valuePath inside
 * attrExp   = attrPath "pr" / attrPath compareOp compValue
 * attrPath  = [URI ":"] ATTRNAME ["." ATTRNAME]
 * compValue = false / null / true / number / string                                  ; as JSON writes them
 * </pre>
 * Keywords and operators in any case ("and", "EQ"); {@code and} binds tighter than {@code or}. The one extension
 * is Entra ID's matching filter {@code emails[type eq "work"].value eq "x"} (FIELD-NOTES, "What IdPs send"), which
 * {@link IdpQuirks#correlateValuePaths} rewrites into the grammar. Numbers are JSON's without an exponent, the only
 * ones the SDK reads whole. Nesting is bounded by {@link IdpQuirks#checkFilterSize}, which runs first.
 */
final class ScimFilterGrammar {

    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");

    private final String text;
    private int at;

    private ScimFilterGrammar(String text) {
        this.text = text;
    }

    /**
     * Refuses a filter that is not one complete expression of the grammar.
     *
     * @throws BadRequestException {@code invalidFilter}, naming what was found where
     */
    static void check(String filter) {
        String problem = problem(filter, false);
        if (problem != null) {
            throw new BadRequestException(problem, ScimType.RFC7644.INVALID_FILTER);
        }
    }

    /** What is wrong with a filter, or null; {@code valueFilter} for the inside of a value path's brackets. */
    static String problem(String filter, boolean valueFilter) {
        ScimFilterGrammar parser = new ScimFilterGrammar(filter);
        try {
            parser.skipSpace();
            if (parser.atEnd()) {
                throw parser.refusal("the filter is empty");
            }
            parser.or(valueFilter);
            parser.skipSpace();
            if (!parser.atEnd()) {
                throw parser.refusal("unexpected " + parser.found() + " after a complete filter");
            }
            return null;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    private void or(boolean inValue) {
        and(inValue);
        while (keyword("or")) {
            and(inValue);
        }
    }

    private void and(boolean inValue) {
        unary(inValue);
        while (keyword("and")) {
            unary(inValue);
        }
    }

    private void unary(boolean inValue) {
        skipSpace();
        int start = at;
        if (keyword("not")) {
            skipSpace();
            if (peek() != '(') {
                at = start; // an attribute called "not"
            } else {
                group(inValue);
                return;
            }
        }
        if (peek() == '(') {
            group(inValue);
            return;
        }
        attributeExpression(inValue);
    }

    private void group(boolean inValue) {
        at++; // '('
        or(inValue);
        skipSpace();
        if (peek() != ')') {
            throw refusal("expected ')' but found " + found());
        }
        at++;
    }

    private void attributeExpression(boolean inValue) {
        skipSpace();
        attributePath();
        skipSpace();
        if (peek() == '[') {
            if (inValue) {
                throw refusal("a value filter inside a value filter");
            }
            at++;
            or(true);
            skipSpace();
            if (peek() != ']') {
                throw refusal("expected ']' but found " + found());
            }
            at++;
            if (peek() != '.') {
                return; // a value path on its own is a filter
            }
            at++;
            if (!name()) {
                throw refusal("expected a sub-attribute name but found " + found());
            }
            comparison(true);
            return;
        }
        comparison(false);
    }

    /** An operator and, unless it is "pr", its value. */
    private void comparison(boolean afterValuePath) {
        skipSpace();
        int start = at;
        while (!atEnd() && Character.isLetter(text.charAt(at))) {
            at++;
        }
        String operator = text.substring(start, at).toLowerCase(Locale.ROOT);
        if (operator.equals("pr")) {
            return;
        }
        if (!COMPARISONS.contains(operator)) {
            at = start;
            throw refusal("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) but found " + found()
                    + (afterValuePath ? " after the sub-attribute of a value path" : ""));
        }
        skipSpace();
        value();
    }

    private void value() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '-' || c >= '0' && c <= '9') {
            number();
        } else {
            int start = at;
            while (!atEnd() && Character.isLetter(text.charAt(at))) {
                at++;
            }
            String word = text.substring(start, at);
            if (!word.equals("true") && !word.equals("false") && !word.equals("null")) {
                at = start;
                throw refusal("expected a value (a \"string\", a number, true, false or null) but found " + found());
            }
        }
    }

    /** A JSON string: no raw control character, only JSON's escapes. */
    private void string() {
        int start = at++;
        while (!atEnd()) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return;
            }
            if (c < 0x20) {
                throw refusal("a control character (U+" + String.format("%04X", (int) c) + ") in a string; write it"
                        + " as an escape");
            }
            if (c == '\\') {
                char e = at + 1 < text.length() ? text.charAt(at + 1) : 0;
                if ("\"\\/bfnrt".indexOf(e) >= 0 && e != 0) {
                    at += 2;
                    continue;
                }
                if (e == 'u' && at + 6 <= text.length() && isHex(text.substring(at + 2, at + 6))) {
                    at += 6;
                    continue;
                }
                throw refusal("the escape '\\" + (e == 0 ? "" : String.valueOf(e)) + "' is not one JSON has"
                        + " (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
            at++;
        }
        at = start;
        throw refusal("the string that starts here is not closed with '\"'");
    }

    private static boolean isHex(String four) {
        for (int i = 0; i < four.length(); i++) {
            if (Character.digit(four.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A JSON number without an exponent: -?(0|[1-9][0-9]*)(.[0-9]+)? */
    private void number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (peek() >= '1' && peek() <= '9') {
            digits();
        } else {
            at = start;
            throw refusal("expected a number but found " + found());
        }
        if (peek() == '.') {
            at++;
            if (!(peek() >= '0' && peek() <= '9')) {
                throw refusal("expected digits after the decimal point but found " + found());
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            throw refusal("numbers with an exponent are not supported; write the number out");
        }
        if (Character.isLetterOrDigit(peek())) {
            throw refusal("unexpected " + found() + " in a number");
        }
    }

    private void digits() {
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
    }

    /** {@code [URI ":"] ATTRNAME ["." ATTRNAME]}. */
    private void attributePath() {
        int start = at;
        while (!atEnd() && isPathCharacter(text.charAt(at))) {
            at++;
        }
        String path = text.substring(start, at);
        if (path.isEmpty()) {
            throw refusal("expected an attribute name but found " + found());
        }
        String names = path;
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            if (!path.regionMatches(true, 0, "urn:", 0, 4)) {
                at = start;
                throw refusal("'" + path + "' is neither an attribute name nor a URN-qualified one");
            }
            names = path.substring(colon + 1);
        }
        String[] parts = names.split("\\.", -1);
        if (parts.length > 2) {
            at = start;
            throw refusal("'" + path + "' has more than one sub-attribute");
        }
        for (String part : parts) {
            if (!isAttributeName(part)) {
                at = start;
                throw refusal("'" + path + "' is not an attribute path");
            }
        }
    }

    /** A sub-attribute name after a value path's ']' and '.'. */
    private boolean name() {
        int start = at;
        while (!atEnd() && isNameCharacter(text.charAt(at))) {
            at++;
        }
        return isAttributeName(text.substring(start, at));
    }

    /** RFC 7643 section 2.1: ALPHA *(ALPHA / DIGIT / "-" / "_"); {@code $ref} as the schemas name it. */
    private static boolean isAttributeName(String name) {
        if (name.equals("$ref")) {
            return true;
        }
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameCharacter(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isNameCharacter(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '$';
    }

    private static boolean isPathCharacter(char c) {
        return isNameCharacter(c) || c == '.' || c == ':';
    }

    /** Whether the next word is {@code word} (in any case), then consumed; a name going on after it is not. */
    private boolean keyword(String word) {
        skipSpace();
        int end = at + word.length();
        if (end <= text.length() && text.regionMatches(true, at, word, 0, word.length())
                && (end == text.length() || !isPathCharacter(text.charAt(end)))) {
            at = end;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private char peek() {
        return atEnd() ? 0 : text.charAt(at);
    }

    private String found() {
        if (atEnd()) {
            return "the end of the filter";
        }
        int end = at;
        while (end < text.length() && end < at + 20 && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return "'" + text.substring(at, Math.max(end, at + 1)) + "'";
    }

    private Refused refusal(String what) {
        return new Refused("Invalid filter at position " + (at + 1) + ": " + what);
    }

    /** Unwinds the parser; never leaves this class. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
