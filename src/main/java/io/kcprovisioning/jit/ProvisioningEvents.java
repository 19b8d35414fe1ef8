package io.kcprovisioning.jit;

import io.kcprovisioning.policy.Decision;
import org.keycloak.events.EventBuilder;

/** Keycloak event details that carry a provisioning decision on login events (and on their errors). */
public final class ProvisioningEvents {

    public static final String OUTCOME = "provisioning_outcome";
    public static final String ROLE = "provisioning_role";
    public static final String TIER = "provisioning_tier";
    public static final String REASON = "provisioning_reason";
    public static final String GROUPS = "provisioning_groups";
    /** The error detail of refused logins ({@code authentication_error_detail}). */
    public static final String REFUSED = "provisioning_refused";

    private static final int MAX_DETAIL = 1000;

    private ProvisioningEvents() {
    }

    static void annotate(EventBuilder event, Decision decision, java.util.List<String> groups) {
        event.detail(OUTCOME, decision.outcome().name().toLowerCase(java.util.Locale.ROOT));
        event.detail(REASON, decision.reason().wireName());
        if (decision.roleKey() != null) {
            event.detail(ROLE, decision.roleKey());
        }
        if (decision.tierKey() != null) {
            event.detail(TIER, decision.tierKey());
        }
        String joined = String.join(",", groups);
        event.detail(GROUPS, joined.length() > MAX_DETAIL ? joined.substring(0, MAX_DETAIL) : joined);
    }
}
