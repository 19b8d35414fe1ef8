package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;

/**
 * RFC 7644's filter grammar allows the empty string ({@code userName eq ""}: a compValue is any JSON string), but
 * the SCIM SDK's lexer reads a string as at least one character and refuses it. Before the SDK reads a filter, each
 * empty string literal is replaced by {@link #EMPTY}, a private-use character; the database translation
 * ({@link ScimFilterJpql}) reads it back as the empty string. A filter that holds that character itself is refused,
 * so the stand-in never changes what a filter means.
 */
final class EmptyFilterStrings {

    /** What stands for {@code ""} between this rewrite and the database translation. */
    static final String EMPTY = "\uE000";

    private EmptyFilterStrings() {
    }

    /**
     * The filter with {@code ""} replaced.
     *
     * @throws BadRequestException {@code invalidFilter}, when the filter holds {@link #EMPTY}
     */
    static String forSdk(String filter) {
        if (filter.contains(EMPTY)) {
            throw new BadRequestException("The filter holds the private-use character U+E000, which this server"
                    + " does not accept in filters", ScimType.RFC7644.INVALID_FILTER);
        }
        if (!filter.contains("\"\"")) {
            return filter;
        }
        StringBuilder out = new StringBuilder(filter.length() + 8);
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c != '"') {
                out.append(c);
                continue;
            }
            int end = IdpQuirks.endOfString(filter, i);
            if (end == i + 2) {
                out.append('"').append(EMPTY).append('"');
            } else {
                out.append(filter, i, end);
            }
            i = end - 1;
        }
        return out.toString();
    }

    /** A compared value as the client sent it. */
    static String restore(String value) {
        return EMPTY.equals(value) ? "" : value;
    }

}
