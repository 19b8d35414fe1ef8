package io.kcprovisioning.policy;

import java.util.List;

/**
 * One reason a policy is refused.
 *
 * @param field   JSON path of the offending field ({@code roles[1].binding.role})
 * @param message what is wrong, in English
 * @param code    for the reasons an admin form can cause, a stable name of the rule ({@code modeNotAllowed}) that a
 *                user interface turns into a message in the admin's language with {@code args}; null otherwise
 * @param args    the values that message names, in order
 */
public record PolicyViolation(String field, String message, String code, List<String> args) {

    public PolicyViolation {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public PolicyViolation(String field, String message) {
        this(field, message, null, List.of());
    }

    /** A violation with a rule code and the values its message names. */
    static PolicyViolation coded(String field, String message, String code, String... args) {
        return new PolicyViolation(field, message, code, List.of(args));
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
