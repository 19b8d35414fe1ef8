package io.kcprovisioning.jit;

import io.kcprovisioning.policy.Decision;
import io.kcprovisioning.policy.Outcome;
import java.util.List;
import java.util.Locale;
import org.keycloak.events.EventBuilder;

/** Keycloak event details that carry a provisioning decision on login events (and on their errors). */
public final class ProvisioningEvents {

    public static final String OUTCOME = "provisioning_outcome";
    public static final String ROLE = "provisioning_role";
    /** The seat tier the user holds after the decision. */
    public static final String TIER = "provisioning_tier";
    /** The seat tier a pending user waits for (absent: any tier). */
    public static final String PENDING_TIER = "provisioning_pending_tier";
    public static final String REASON = "provisioning_reason";
    public static final String GROUPS = "provisioning_groups";
    /** The error detail of refused logins ({@code authentication_error_detail}). */
    public static final String REFUSED = "provisioning_refused";

    private static final int MAX_DETAIL = 1000;

    private ProvisioningEvents() {
    }

    /** A decision applied to the user: its tier is the seat the user holds now, or waits for when pending. */
    static void annotate(EventBuilder event, Decision decision, List<String> groups) {
        annotate(event, decision, groups, true);
    }

    /**
     * The first-broker-login admission, decided before the user exists: it names no tier, since the seat is taken
     * afterwards, in the post-broker-login flow, whose event names the tier the user got.
     */
    static void annotateAdmission(EventBuilder event, Decision decision, List<String> groups) {
        annotate(event, decision, groups, false);
    }

    private static void annotate(EventBuilder event, Decision decision, List<String> groups, boolean withTier) {
        event.detail(OUTCOME, decision.outcome().name().toLowerCase(Locale.ROOT));
        event.detail(REASON, decision.reason().wireName());
        if (decision.roleKey() != null) {
            event.detail(ROLE, decision.roleKey());
        }
        if (withTier && decision.tierKey() != null) {
            event.detail(decision.outcome() == Outcome.PENDING ? PENDING_TIER : TIER, decision.tierKey());
        }
        String joined = String.join(",", groups);
        event.detail(GROUPS, joined.length() > MAX_DETAIL ? joined.substring(0, MAX_DETAIL) : joined);
    }
}
