package io.kcprovisioning.jit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AssertionType;
import org.keycloak.representations.JsonWebToken;

/**
 * The user's IdP groups as the identity provider sent them at this login: the named claim of the validated ID
 * token and of the userinfo response (OIDC), the named attribute of the assertion (SAML, by name or friendly
 * name), or a brokered user attribute of that name set by an IdP mapper. A missing claim means no groups.
 */
final class GroupClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupClaims() {
    }

    static List<String> extract(BrokeredIdentityContext context, String claim) {
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        Map<String, Object> data = context.getContextData();
        Object idToken = data.get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        if (idToken instanceof JsonWebToken token) {
            groups.addAll(ClaimValues.read(token.getOtherClaims(), claim));
        }
        Object userInfo = data.get(OIDCIdentityProvider.USER_INFO);
        if (userInfo instanceof JsonNode node && node.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.convertValue(node, Map.class);
            groups.addAll(ClaimValues.read(claims, claim));
        }
        Object assertion = data.get(SAMLEndpoint.SAML_ASSERTION);
        if (assertion instanceof AssertionType saml) {
            groups.addAll(samlAttribute(saml, claim));
        }
        List<String> mapped = context.getAttributes() == null ? null : context.getAttributes().get(claim);
        if (mapped != null) {
            mapped.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(groups::add);
        }
        return new ArrayList<>(groups);
    }

    private static List<String> samlAttribute(AssertionType assertion, String name) {
        List<String> out = new ArrayList<>();
        assertion.getAttributeStatements().stream()
                .flatMap(statement -> statement.getAttributes().stream())
                .map(choice -> choice.getAttribute())
                .filter(Objects::nonNull)
                .filter(a -> name.equals(a.getName()) || name.equals(a.getFriendlyName()))
                .flatMap(a -> a.getAttributeValue().stream())
                .forEach(value -> ClaimValues.flatten(value, out));
        return out;
    }
}
