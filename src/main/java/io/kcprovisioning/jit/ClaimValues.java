package io.kcprovisioning.jit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Flattens what a token claim or assertion attribute holds into group names. Pure Java, no Keycloak types. */
final class ClaimValues {

    static final int MAX_GROUPS = 5_000;

    private ClaimValues() {
    }

    /**
     * Reads a possibly dotted claim ({@code groups}, {@code realm_access.roles}) from a claims map: a missing claim
     * gives no groups; a string gives one; an array gives its non-blank elements (numbers and booleans as text).
     */
    static List<String> read(Map<String, ?> claims, String claim) {
        if (claims == null || claim == null || claim.isBlank()) {
            return List.of();
        }
        Object value = claims.get(claim);
        if (value == null && claim.contains(".")) {
            Object current = claims;
            for (String part : claim.split("\\.")) {
                current = current instanceof Map<?, ?> map ? map.get(part) : null;
            }
            value = current;
        }
        List<String> out = new ArrayList<>();
        flatten(value, out);
        return out;
    }

    static void flatten(Object value, List<String> out) {
        if (value == null || out.size() >= MAX_GROUPS) {
            return;
        }
        if (value instanceof Collection<?> many) {
            for (Object element : many) {
                flatten(element, out);
            }
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                flatten(element, out);
            }
        } else if (value instanceof Map<?, ?>) {
            // objects are not group names (Entra's overage claim, for instance): ignored
        } else {
            String text = value.toString().trim();
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
    }
}
