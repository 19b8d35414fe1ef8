package io.kcprovisioning.jit;

import static io.kcprovisioning.testing.ScimRealm.USER_SCHEMAS;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SCIM mode and broker logins: the directory creates accounts; a first login links to the pushed one. */
class ScimBrokerLinkIT {

    private KeycloakAdmin admin;
    private JitRealm realm;
    private ScimClient scim;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
        realm = JitRealm.create(admin, "scim-link", "enterprise-seats", p -> JitRealm.map(p, "scim", false,
                Map.of(), Map.of("premium", 0, "standard", 10), Map.of()));
        scim = ScimClient.withNewToken(admin, realm.name());
    }

    private String push(String userName, String email) {
        var r = scim.post("/Users", "{" + USER_SCHEMAS + "\"userName\":\"" + userName + "\",\"emails\":[{\"value\":\"" + email
                + "\",\"primary\":true}],\"name\":{\"givenName\":\"G\",\"familyName\":\"F\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void firstLoginOfAPushedUserLinksToTheSameAccountWithoutAPrompt() {
        String id = push("yara.directory", "yara@example.test");

        BrokeredLogin.Result r = realm.loginWithGroups("yara", List.of());

        assertThat(r.loggedIn()).as(r.page()).isTrue();
        assertThat(r.idToken().get("sub").asText()).isEqualTo(id);
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/count").body()).isEqualTo("1");
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + id + "/federated-identity").json())
                .hasSize(1);
    }

    @Test
    void aLoginTheDirectoryDidNotPushIsRefusedAndCreatesNobody() {
        BrokeredLogin.Result r = realm.loginWithGroups("zoe", List.of());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("provisioning-refused-message")).contains("directory has not given your account access");
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/count").body()).isEqualTo("0");
    }

    @Test
    void aDeactivatedUserCannotLinkAtFirstLogin() {
        String id = push("abe.directory", "abe@example.test");
        scim.patch("/Users/" + id, ScimRealm.patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));

        BrokeredLogin.Result r = realm.loginWithGroups("abe", List.of());

        assertThat(r.loggedIn()).isFalse();
        assertThat(admin.get("/admin/realms/" + realm.name() + "/users/" + id + "/federated-identity").json())
                .isEmpty();
    }

    @Test
    void switchingTheRealmToScimBindsTheScimFlow() {
        var flows = admin.get(realm.base() + "/broker-flows").json();

        assertThat(flows.get(0).get("wired").asBoolean()).isTrue();
        assertThat(flows.get(0).get("firstBrokerLoginFlow").asText()).isEqualTo("provisioning scim first broker login");
    }
}
