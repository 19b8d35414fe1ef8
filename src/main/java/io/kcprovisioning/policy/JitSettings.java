package io.kcprovisioning.policy;

import java.util.Map;

/**
 * Settings for just-in-time provisioning at broker login.
 *
 * @param groupClaim           the token claim (OIDC) or assertion attribute (SAML) that carries the user's groups
 * @param groupClaimsByIdp     per identity-provider alias overrides of {@code groupClaim}
 * @param deprovisionOnRefusal whether an existing member refused at a later login is deprovisioned at once (true) or
 *                             stays until an admin removes them (false)
 */
public record JitSettings(String groupClaim, Map<String, String> groupClaimsByIdp, boolean deprovisionOnRefusal) {

    public static final String DEFAULT_GROUP_CLAIM = "groups";

    public JitSettings {
        groupClaimsByIdp = groupClaimsByIdp == null ? Map.of() : Map.copyOf(groupClaimsByIdp);
    }

    public static JitSettings defaults() {
        return new JitSettings(DEFAULT_GROUP_CLAIM, Map.of(), true);
    }

    public JitSettings withGroupClaim(String newGroupClaim) {
        return new JitSettings(newGroupClaim, groupClaimsByIdp, deprovisionOnRefusal);
    }

    /** The claim that carries groups for the given identity provider alias. */
    public String groupClaimFor(String idpAlias) {
        String claim = idpAlias == null ? null : groupClaimsByIdp.get(idpAlias);
        return claim != null ? claim : groupClaim;
    }
}
