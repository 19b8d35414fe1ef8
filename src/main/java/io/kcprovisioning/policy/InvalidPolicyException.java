package io.kcprovisioning.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a policy (or its JSON) is refused; the message names every offending field. */
public final class InvalidPolicyException extends RuntimeException {

    private final List<PolicyViolation> violations;

    public InvalidPolicyException(List<PolicyViolation> violations) {
        super(violations.stream().map(PolicyViolation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidPolicyException(String field, String message) {
        this(List.of(new PolicyViolation(field, message)));
    }

    public List<PolicyViolation> violations() {
        return violations;
    }
}
