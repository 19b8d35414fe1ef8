package io.kcprovisioning.members;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.Membership;

/**
 * The result of applying a decision to a user.
 *
 * @param decision the policy's decision (after any seat race was resolved)
 * @param before   the user's standing before (null when unknown)
 * @param after    the standing now (null when not managed)
 */
public record MemberChange(Decision decision, Membership before, Membership after) {
}
