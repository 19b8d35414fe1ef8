package io.kcprovisioning.outbound;

import java.util.List;

/**
 * One reason a target cannot be saved: the offending field and a message key of the extension's message bundles
 * ({@code theme-resources/messages}, en, fr, id) with its parameters.
 */
public record TargetViolation(String field, String messageKey, List<String> params) {

    public TargetViolation {
        params = params == null ? List.of() : List.copyOf(params);
    }

    public static TargetViolation of(String field, String messageKey, String... params) {
        return new TargetViolation(field, messageKey, List.of(params));
    }
}
