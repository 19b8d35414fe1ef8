package io.kcprovisioning.tokens;

import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.policy.Membership;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Puts the member's role key and seat-tier key into ID tokens, access tokens and userinfo, under configurable
 * claim names, so that applications can enforce them without calling back. Nothing is added for users who are not
 * active members (or when the realm is in Manual mode).
 */
public final class MembershipClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String PROVIDER_ID = "provisioning-membership-mapper";
    public static final String ROLE_CLAIM = "role.claim.name";
    public static final String TIER_CLAIM = "tier.claim.name";
    public static final String DEFAULT_ROLE_CLAIM = "org_role";
    public static final String DEFAULT_TIER_CLAIM = "seat_tier";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();
    private static final String NONE = "none";

    static {
        ProviderConfigProperty role = new ProviderConfigProperty(ROLE_CLAIM, "Role claim name",
                "Claim that carries the member's role key (e.g. 'owner'); empty to leave it out.",
                ProviderConfigProperty.STRING_TYPE, DEFAULT_ROLE_CLAIM);
        ProviderConfigProperty tier = new ProviderConfigProperty(TIER_CLAIM, "Seat tier claim name",
                "Claim that carries the member's seat-tier key (e.g. 'premium'); empty to leave it out.",
                ProviderConfigProperty.STRING_TYPE, DEFAULT_TIER_CLAIM);
        CONFIG.add(role);
        CONFIG.add(tier);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, MembershipClaimsMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
        factory.register(TokenClaimsScope::onEvent);
    }

    @Override
    public String getDisplayType() {
        return "Provisioning: role and seat tier";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the member's provisioning role and seat tier to the token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        if (policy.mode() == ProvisioningMode.MANUAL) {
            return;
        }
        // the ID token, access token and userinfo of one request share one lookup
        String key = "provisioning.membership." + userSession.getUser().getId();
        Object cached = session.getAttribute(key);
        Membership member;
        if (cached instanceof Membership m) {
            member = m;
        } else if (NONE.equals(cached)) {
            member = null;
        } else {
            member = new MembershipService(session, realm).current(policy, userSession.getUser());
            session.setAttribute(key, member == null ? NONE : member);
        }
        if (member == null || !member.isActive()) {
            return;
        }
        put(token, mappingModel.getConfig().getOrDefault(ROLE_CLAIM, DEFAULT_ROLE_CLAIM), member.roleKey());
        put(token, mappingModel.getConfig().getOrDefault(TIER_CLAIM, DEFAULT_TIER_CLAIM), member.tierKey());
    }

    private static void put(IDToken token, String claim, String value) {
        if (claim != null && !claim.isBlank() && value != null) {
            token.getOtherClaims().put(claim.trim(), value);
        }
    }

    /** A ready-made mapper model, for client scopes created by code. */
    public static ProtocolMapperModel create(String name, String roleClaim, String tierClaim) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName(name);
        model.setProtocolMapper(PROVIDER_ID);
        model.setProtocol("openid-connect");
        model.setConfig(new java.util.HashMap<>());
        model.getConfig().put(ROLE_CLAIM, roleClaim);
        model.getConfig().put(TIER_CLAIM, tierClaim);
        model.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true");
        model.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
        model.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
        return model;
    }
}
