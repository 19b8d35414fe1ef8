package io.kcprovisioning.jit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JIT rows of PRODUCT.md, each shown by a real brokered login: Keycloak distribution with the jar, the
 * upstream IdP mock-oauth2-server in its own process, a scripted browser.
 */
class JitProvisioningIT {

    private KeycloakAdmin admin;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
    }

    private JitRealm realmWithMappings(int premium, int standard) {
        return JitRealm.create(admin, "jit", "enterprise-seats", p -> JitRealm.map(p, "jit", true, JitRealm.ACME_ROLE_GROUPS,
                Map.of("premium", premium, "standard", standard), Map.of("premium", List.of("acme-premium"))));
    }

    @Test
    void firstLoginCreatesTheUserWithTheRoleAndTierOfTheirGroups() {
        JitRealm realm = realmWithMappings(2, 2);

        BrokeredLogin.Result result = realm.loginWithGroups("alice", List.of("acme-admins", "acme-premium"));

        assertThat(result.loggedIn()).as(result.page()).isTrue();
        String id = realm.userId("alice");
        JsonNode member = realm.member(id);
        assertThat(member.get("state").asText()).isEqualTo("active");
        assertThat(member.get("role").asText()).isEqualTo("admin");
        assertThat(member.get("tier").asText()).isEqualTo("premium");
        assertThat(realm.realmRoles(id)).contains("org-admin", "seat-premium").doesNotContain("org-owner",
                "org-user", "seat-standard");
    }

    @Test
    void anIdentityProviderAddedAfterThePolicyWasSavedIsWiredAtOnce() {
        JitRealm realm = realmWithMappings(2, 2);

        realm.addIdentityProvider("partner");

        JsonNode flows = admin.get(realm.base() + "/broker-flows").json();
        JsonNode partner = null;
        for (JsonNode f : flows) {
            if (f.get("alias").asText().equals("partner")) {
                partner = f;
            }
        }
        assertThat(partner).as(flows.toString()).isNotNull();
        assertThat(partner.get("wired").asBoolean()).as(partner.toString()).isTrue();
        BrokeredLogin.Result refused = realm.loginWithGroupsVia("partner", "pia", List.of("somewhere-else"));
        assertThat(refused.loggedIn()).isFalse();
        BrokeredLogin.Result admitted = realm.loginWithGroupsVia("partner", "paul", List.of("acme-admins"));
        assertThat(admitted.loggedIn()).as(admitted.page()).isTrue();
        String id = realm.userId("paul");
        assertThat(realm.member(id).get("role").asText()).isEqualTo("admin");
        assertThat(realm.realmRoles(id)).contains("org-admin");
    }

    @Test
    void tokensCarryTheRoleAndSeatTierClaims() {
        JitRealm realm = realmWithMappings(2, 2);

        BrokeredLogin.Result result = realm.loginWithGroups("tina", List.of("acme-staff"));

        assertThat(result.idToken().get("org_role").asText()).isEqualTo("user");
        assertThat(result.idToken().get("seat_tier").asText()).isEqualTo("premium");
        assertThat(result.accessToken().get("org_role").asText()).isEqualTo("user");
        assertThat(result.accessToken().get("seat_tier").asText()).isEqualTo("premium");
    }

    @Test
    void mostPermissiveRoleWinsAcrossSeveralGroups() {
        JitRealm realm = realmWithMappings(2, 2);

        realm.loginWithGroups("bob", List.of("acme-staff", "acme-owners", "acme-admins"));

        assertThat(realm.member(realm.userId("bob")).get("role").asText()).isEqualTo("owner");
    }

    @Test
    void groupChangeAtTheIdpChangesTheRoleAtTheNextLogin() {
        JitRealm realm = realmWithMappings(2, 2);
        realm.loginWithGroups("carl", List.of("acme-owners"));
        String id = realm.userId("carl");
        assertThat(realm.realmRoles(id)).contains("org-owner");

        BrokeredLogin.Result second = realm.loginWithGroups("carl", List.of("acme-staff"));

        assertThat(second.loggedIn()).isTrue();
        assertThat(second.idToken().get("org_role").asText()).isEqualTo("user");
        assertThat(realm.realmRoles(id)).contains("org-user").doesNotContain("org-owner");
    }

    @Test
    void userInNoMappedGroupIsRefusedAndNotCreated() {
        JitRealm realm = realmWithMappings(2, 2);

        BrokeredLogin.Result result = realm.loginWithGroups("dana", List.of("marketing"));

        assertThat(result.loggedIn()).isFalse();
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.text("provisioning-refused-message")).contains("not in any group");
        assertThat(realm.userId("dana")).isNull();
    }

    @Test
    void missingGroupClaimIsRefused() {
        JitRealm realm = realmWithMappings(2, 2);

        BrokeredLogin.Result result = realm.login().viaMockOidc(JitRealm.IDP, "eve",
                Map.of("email", "eve@example.test", "given_name", "Eve", "family_name", "Test"));

        assertThat(result.status()).isEqualTo(403);
        assertThat(realm.userId("eve")).isNull();
    }

    @Test
    void singleValuedGroupClaimIsRead() {
        JitRealm realm = realmWithMappings(2, 2);

        BrokeredLogin.Result result = realm.login().viaMockOidc(JitRealm.IDP, "finn",
                Map.of("email", "finn@example.test", "given_name", "Finn", "family_name", "Test",
                        "groups", "acme-admins"));

        assertThat(result.loggedIn()).as(result.page()).isTrue();
        assertThat(realm.member(realm.userId("finn")).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void memberRefusedAtALaterLoginIsDeprovisionedAndFreesTheSeat() {
        JitRealm realm = realmWithMappings(0, 1);
        realm.loginWithGroups("gina", List.of("acme-staff"));
        String id = realm.userId("gina");
        assertThat(realm.seats().get(1).get("used").asInt()).isEqualTo(1);

        BrokeredLogin.Result refused = realm.loginWithGroups("gina", List.of("marketing"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(realm.member(id).get("state").asText()).isEqualTo("deprovisioned");
        assertThat(realm.realmRoles(id)).doesNotContain("org-user", "seat-standard");
        assertThat(realm.seats().get(1).get("used").asInt()).isZero();
        assertThat(realm.loginWithGroups("harry", List.of("acme-staff")).loggedIn()).isTrue();
    }

    @Test
    void noFreeSeatRefusesWithTheNoSeatPageAndLeavesTheUserPending() {
        JitRealm realm = realmWithMappings(0, 1);
        assertThat(realm.loginWithGroups("ivan", List.of("acme-staff")).loggedIn()).isTrue();

        BrokeredLogin.Result result = realm.loginWithGroups("jane", List.of("acme-staff"));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.text("provisioning-refused-message")).contains("No seat is available");
        JsonNode member = realm.member(realm.userId("jane"));
        assertThat(member.get("state").asText()).isEqualTo("pending");
        assertThat(realm.seats().get(1).get("used").asInt()).isEqualTo(1);
    }

    @Test
    void withoutMappingsNewUsersGetTheLowestRole() {
        JitRealm realm = JitRealm.create(admin, "jit-nomap", "enterprise-seats", p -> JitRealm.map(p, "jit", false,
                Map.of(), Map.of("premium", 1, "standard", 1), Map.of()));

        BrokeredLogin.Result result = realm.loginWithGroups("kim", List.of("acme-owners"));

        assertThat(result.loggedIn()).isTrue();
        assertThat(realm.member(realm.userId("kim")).get("role").asText()).isEqualTo("user");
    }

    @Test
    void withoutMappingsTheRoleAnAdminGaveIsKeptAtTheNextLogin() {
        JitRealm realm = JitRealm.create(admin, "jit-nomap", "enterprise-seats", p -> JitRealm.map(p, "jit", false,
                Map.of(), Map.of("premium", 1, "standard", 1), Map.of()));
        realm.loginWithGroups("lena", List.of());
        String id = realm.userId("lena");
        JsonNode owner = admin.get("/admin/realms/" + realm.name() + "/roles/org-owner").json();
        KeycloakAdmin.ok(admin.post("/admin/realms/" + realm.name() + "/users/" + id + "/role-mappings/realm",
                List.of(owner)));

        BrokeredLogin.Result again = realm.loginWithGroups("lena", List.of());

        assertThat(again.idToken().get("org_role").asText()).isEqualTo("owner");
        assertThat(realm.realmRoles(id)).contains("org-owner").doesNotContain("org-user");
    }

    @Test
    void manualModeHasNoEffect() {
        JitRealm realm = JitRealm.create(admin, "jit-manual", "enterprise-seats", p -> { });

        BrokeredLogin.Result result = realm.loginWithGroups("mona", List.of("marketing"));

        assertThat(result.loggedIn()).isTrue();
        assertThat(realm.memberResult(realm.userId("mona")).status()).isEqualTo(404);
        assertThat(result.idToken().has("org_role")).isFalse();
    }
}
