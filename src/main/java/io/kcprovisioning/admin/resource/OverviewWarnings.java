package io.kcprovisioning.admin.resource;

import io.kcprovisioning.jit.BrokerFlows;
import io.kcprovisioning.members.SeatUsage;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an overview warns an admin of, from facts read elsewhere. Codes are stable identifiers that a console
 * translates with the params; {@code message} says the same in English for API users.
 */
final class OverviewWarnings {

    static final String LOCKOUT_RISK = "lockout-risk";
    static final String OVER_CAPACITY = "over-capacity";
    static final String IDP_NOT_WIRED = "idp-not-wired";

    /** One warning. */
    record Warning(String code, Map<String, String> params, String message) {
    }

    private OverviewWarnings() {
    }

    /**
     * @param topRoleHeld whether an active member holds the catalog's most permissive role
     * @param wiring      how each identity provider is wired for the realm's mode
     */
    static List<Warning> of(ProvisioningPolicy policy, List<SeatUsage> seats, boolean topRoleHeld,
            List<BrokerFlows.IdpWiring> wiring) {
        List<Warning> out = new ArrayList<>();
        boolean provisioning = policy.mode() != ProvisioningMode.MANUAL;
        if (provisioning && !policy.roles().isEmpty() && !topRoleHeld) {
            String role = policy.roles().get(0).name();
            out.add(new Warning(LOCKOUT_RISK, params("role", role), "No active member holds the role " + role
                    + ": nobody can manage the organization. Map a group to it, or assign it to a member."));
        }
        for (SeatUsage usage : seats) {
            if (usage.tier() != null && usage.used() > usage.capacity()) {
                String name = policy.seatTier(usage.tier()).map(SeatTierDefinition::name).orElse(usage.name());
                out.add(new Warning(OVER_CAPACITY, params("tier", name, "used", String.valueOf(usage.used()),
                        "capacity", String.valueOf(usage.capacity())), "Seat tier " + name + " has "
                        + usage.used() + " seats used of " + usage.capacity() + ": nobody else gets one until"
                        + " enough are freed."));
            }
        }
        if (provisioning) {
            for (BrokerFlows.IdpWiring idp : wiring) {
                if (!idp.wired()) {
                    String missing = idp.note() == null ? "" : idp.note();
                    out.add(new Warning(IDP_NOT_WIRED, params("idp", idp.alias(), "missing", missing),
                            "Identity provider " + idp.alias() + " is not wired for provisioning: " + missing));
                }
            }
        }
        return out;
    }

    private static Map<String, String> params(String... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }
}
