package io.kcprovisioning.jit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JIT through a SAML identity provider: a second realm of the same Keycloak plays the IdP and sends the user's
 * groups as a multi-valued SAML attribute {@code groups}.
 */
class JitSamlIT {

    private static final String SAML_IDP = "corp-saml";

    private KeycloakAdmin admin;
    private JitRealm realm;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
        realm = JitRealm.create(admin, "jit-saml", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                Map.of("owner", List.of("acme-owners"), "user", List.of("acme-staff")),
                Map.of("premium", 1, "standard", 2), Map.of()));
        String consumerUrl = admin.baseUrl() + "/realms/" + realm.name();

        RealmSetup idp = RealmSetup.unique("saml-idp").group("acme-owners").group("acme-staff").group("marketing")
                .user("uma", List.of()).user("vic", List.of());
        ObjectNode rep = idp.representation();
        ((ObjectNode) rep.get("users").get(0)).putArray("groups").add("/acme-owners").add("/acme-staff");
        ((ObjectNode) rep.get("users").get(1)).putArray("groups").add("/marketing");
        ObjectNode client = ((ArrayNode) rep.get("clients")).addObject();
        client.put("clientId", consumerUrl).put("protocol", "saml").put("enabled", true);
        client.putArray("redirectUris").add(consumerUrl + "/broker/" + SAML_IDP + "/endpoint");
        client.set("attributes", Json.MAPPER.valueToTree(Map.of(
                "saml.client.signature", "false",
                "saml.server.signature", "true",
                "saml.authnstatement", "true",
                "saml_name_id_format", "username",
                "saml.force.name.id.format", "true",
                "saml_assertion_consumer_url_post", consumerUrl + "/broker/" + SAML_IDP + "/endpoint")));
        ArrayNode mappers = client.putArray("protocolMappers");
        mappers.addObject().put("name", "groups").put("protocol", "saml")
                .put("protocolMapper", "saml-group-membership-mapper")
                .set("config", Json.MAPPER.valueToTree(Map.of("attribute.name", "groups", "full.path", "false",
                        "single", "false", "attribute.nameformat", "Basic")));
        mappers.addObject().put("name", "email").put("protocol", "saml")
                .put("protocolMapper", "saml-user-property-mapper")
                .set("config", Json.MAPPER.valueToTree(Map.of("user.attribute", "email",
                        "attribute.name", "email", "attribute.nameformat", "Basic")));
        String idpRealm = idp.create(admin);

        ObjectNode samlIdp = Json.object();
        samlIdp.put("alias", SAML_IDP).put("providerId", "saml").put("enabled", true).put("trustEmail", true);
        samlIdp.set("config", Json.MAPPER.valueToTree(Map.of(
                "singleSignOnServiceUrl", admin.baseUrl() + "/realms/" + idpRealm + "/protocol/saml",
                "idpEntityId", admin.baseUrl() + "/realms/" + idpRealm,
                "entityId", consumerUrl,
                "nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "principalType", "SUBJECT",
                "postBindingResponse", "true",
                "postBindingAuthnRequest", "true",
                "validateSignature", "false",
                "wantAuthnRequestsSigned", "false",
                "syncMode", "FORCE")));
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/identity-provider/instances", samlIdp));
        KeycloakAdmin.ok(admin.post(realm.base() + "/broker-flows", null));
    }

    @Test
    void samlUserGetsTheMostPermissiveRoleOfTheirGroups() {
        BrokeredLogin.Result r = realm.login().viaKeycloakIdp(SAML_IDP, "uma", RealmSetup.PASSWORD);

        assertThat(r.loggedIn()).as(r.page()).isTrue();
        assertThat(r.idToken().get("org_role").asText()).isEqualTo("owner");
        assertThat(r.idToken().get("seat_tier").asText()).isEqualTo("premium");
    }

    @Test
    void samlUserInNoMappedGroupIsRefusedAndNotCreated() {
        BrokeredLogin.Result r = realm.login().viaKeycloakIdp(SAML_IDP, "vic", RealmSetup.PASSWORD);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("provisioning-refused-message")).contains("not in any group");
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users?search=vic").json()).isEmpty();
    }
}
