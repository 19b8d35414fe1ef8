package io.kcprovisioning.policy;

/**
 * One reason a policy is refused.
 *
 * @param field   JSON path of the offending field ({@code roles[1].binding.role})
 * @param message what is wrong, in English
 */
public record PolicyViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
