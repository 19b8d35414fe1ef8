package io.kcprovisioning.jit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcprovisioning.testing.BrokeredLogin;
import io.kcprovisioning.testing.DatabaseServer;
import io.kcprovisioning.testing.JitRealm;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.TestKeycloak;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seats under concurrent first logins, the refusal pages in three languages and as JSON, events, flows. */
class JitSeatsAndRefusalsIT {

    private KeycloakAdmin admin;

    @BeforeEach
    void setUp() {
        admin = TestKeycloak.admin();
    }

    private JitRealm realm(int premium, int standard, String contact) {
        return JitRealm.create(admin, "seats", "enterprise-seats", p -> {
            JitRealm.map(p, "jit", true, JitRealm.ACME_ROLE_GROUPS, Map.of("premium", premium, "standard", standard), Map.of());
            if (contact != null) {
                p.put("contact", contact);
            }
        });
    }

    @Test
    @Tag(DatabaseServer.TAG)
    void twentyConcurrentFirstLoginsForFiveSeatsGiveExactlyFiveMembers() throws Exception {
        JitRealm realm = realm(2, 3, null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<BrokeredLogin.Result>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String user = "racer" + i;
            results.add(pool.submit(() -> realm.loginWithGroups(user, List.of("acme-staff"))));
        }
        int loggedIn = 0;
        int refused = 0;
        for (Future<BrokeredLogin.Result> f : results) {
            BrokeredLogin.Result r = f.get();
            if (r.loggedIn()) {
                loggedIn++;
            } else if (r.status() == 403) {
                refused++;
            }
        }
        pool.shutdown();

        assertThat(loggedIn).isEqualTo(5);
        assertThat(refused).isEqualTo(15);
        JsonNode active = admin.get(realm.base() + "/members?state=active").json();
        assertThat(active).hasSize(5);
        JsonNode seats = realm.seats();
        assertThat(seats.get(0).get("used").asInt()).isEqualTo(2);
        assertThat(seats.get(1).get("used").asInt()).isEqualTo(3);
        assertThat(admin.get(realm.base() + "/members?state=pending").json()).hasSize(15);
    }

    @Test
    void refusalPageNamesTheContact() {
        JitRealm realm = realm(1, 1, "the IT desk (it@example.test)");

        BrokeredLogin.Result r = realm.loginWithGroups("nora", List.of("nobody"));

        assertThat(r.text("provisioning-refused-contact")).isEqualTo("Please contact the IT desk (it@example.test).");
    }

    @Test
    void refusalPageSpeaksFrench() {
        JitRealm realm = realm(1, 1, null);

        BrokeredLogin.Result r = realm.login().uiLocales("fr").viaMockOidc(JitRealm.IDP, "olive",
                JitRealm.claims("olive", List.of("nobody")));

        assertThat(r.text("provisioning-refused-message"))
                .isEqualTo("Votre compte ne fait partie d'aucun groupe donnant accès à cette organisation.");
        assertThat(r.text("provisioning-refused-contact"))
                .isEqualTo("Veuillez contacter l'administrateur de votre organisation.");
    }

    @Test
    void noSeatPageSpeaksIndonesian() {
        JitRealm realm = realm(0, 0, null);

        BrokeredLogin.Result r = realm.login().uiLocales("id").viaMockOidc(JitRealm.IDP, "putu",
                JitRealm.claims("putu", List.of("acme-staff")));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("provisioning-refused-message")).startsWith("Saat ini tidak ada kursi yang tersedia");
    }

    @Test
    void refusalAndNoSeatPagesNameTheContactInThePageLanguage() {
        JitRealm realm = JitRealm.create(admin, "seats", "enterprise-seats", p -> {
            JitRealm.map(p, "jit", true, JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 0, "standard", 0), Map.of());
            p.put("contact", "the IT desk");
            p.putObject("contactByLocale").put("fr", "le service informatique").put("id", "bagian TI");
        });

        BrokeredLogin.Result french = realm.login().uiLocales("fr").viaMockOidc(JitRealm.IDP, "odile",
                JitRealm.claims("odile", List.of("nobody")));
        BrokeredLogin.Result indonesian = realm.login().uiLocales("id").viaMockOidc(JitRealm.IDP, "wayan",
                JitRealm.claims("wayan", List.of("acme-staff")));
        BrokeredLogin.Result english = realm.loginWithGroups("nick", List.of("nobody"));

        assertThat(french.text("provisioning-refused-contact"))
                .isEqualTo("Veuillez contacter le service informatique.");
        assertThat(indonesian.text("provisioning-refused-message")).startsWith("Saat ini tidak ada kursi");
        assertThat(indonesian.text("provisioning-refused-contact")).isEqualTo("Silakan hubungi bagian TI.");
        assertThat(english.text("provisioning-refused-contact")).isEqualTo("Please contact the IT desk.");
    }

    @Test
    void clientsThatAskForJsonGetAJsonError() {
        JitRealm realm = realm(1, 1, null);

        BrokeredLogin.Result r = realm.login().accept("application/json").viaMockOidc(JitRealm.IDP, "quinn",
                JitRealm.claims("quinn", List.of("nobody")));

        assertThat(r.status()).isEqualTo(403);
        JsonNode error = io.kcprovisioning.testing.Json.parse(r.page());
        assertThat(error.get("error").asText()).isEqualTo("access_denied");
        assertThat(error.get("provisioning_reason").asText()).isEqualTo("no-mapped-group");
    }

    @Test
    void loginEventsCarryTheDecisionAndRefusalsAreErrorEvents() {
        JitRealm realm = realm(1, 1, null);
        realm.loginWithGroups("rosa", List.of("acme-admins"));
        realm.loginWithGroups("sam", List.of("marketing"));

        JsonNode events = admin.get("/admin/realms/" + realm.name() + "/events?max=100").json();

        boolean admitted = false;
        boolean refusedError = false;
        for (JsonNode e : events) {
            JsonNode details = e.path("details");
            if ("admit".equals(details.path("provisioning_outcome").asText())
                    && "admin".equals(details.path("provisioning_role").asText())) {
                admitted = true;
            }
            if (e.get("type").asText().endsWith("_ERROR") && "provisioning_refused".equals(e.path("error").asText())
                    && "no-mapped-group".equals(details.path("provisioning_reason").asText())) {
                refusedError = true;
            }
        }
        assertThat(admitted).as(events.toString()).isTrue();
        assertThat(refusedError).as(events.toString()).isTrue();
    }

    @Test
    void loginEventsNameOnlyTheTierTheUserGotAndApartTheTierAPendingUserWaitsFor() {
        JitRealm realm = JitRealm.create(admin, "seats", "enterprise-seats", p -> JitRealm.map(p, "jit", true,
                JitRealm.ACME_ROLE_GROUPS, Map.of("premium", 1, "standard", 1),
                Map.of("premium", List.of("acme-premium"))));
        realm.loginWithGroups("una", List.of("acme-staff"));
        realm.loginWithGroups("vic", List.of("acme-staff"));
        realm.loginWithGroups("walt", List.of("acme-staff"));
        realm.loginWithGroups("xavi", List.of("acme-staff", "acme-premium"));

        JsonNode events = admin.get("/admin/realms/" + realm.name() + "/events?max=100").json();

        // user → the tiers their events name; the post-broker-login event (where the seat is taken) as a summary
        Map<String, Set<String>> named = new TreeMap<>();
        Map<String, String> postLogin = new TreeMap<>();
        for (JsonNode e : events) {
            JsonNode details = e.path("details");
            if (!details.has("provisioning_outcome")) {
                continue;
            }
            String user = details.path("identity_provider_identity").asText().replace("@example.test", "");
            Set<String> tiers = named.computeIfAbsent(user, u -> new TreeSet<>());
            if (details.has("provisioning_tier")) {
                tiers.add(details.get("provisioning_tier").asText());
            }
            if (e.get("type").asText().equals("IDENTITY_PROVIDER_POST_LOGIN")) {
                postLogin.put(user, details.get("provisioning_outcome").asText() + " "
                        + details.path("provisioning_tier").asText("-") + " "
                        + details.path("provisioning_pending_tier").asText("-"));
            }
        }
        assertThat(named).as(events.toString()).containsExactly(Map.entry("una", Set.of("premium")),
                Map.entry("vic", Set.of("standard")), Map.entry("walt", Set.of()), Map.entry("xavi", Set.of()));
        assertThat(postLogin).containsExactly(Map.entry("una", "admit premium -"), Map.entry("vic", "admit standard -"),
                Map.entry("walt", "pending - -"), Map.entry("xavi", "pending - premium"));
    }

    @Test
    void savingAJitPolicyWiresTheBrokerFlowsOfEveryIdentityProvider() {
        JitRealm realm = realm(1, 1, null);

        JsonNode flows = admin.get(realm.base() + "/broker-flows").json();

        assertThat(flows).hasSize(1);
        assertThat(flows.get(0).get("wired").asBoolean()).isTrue();
        assertThat(flows.get(0).get("firstBrokerLoginFlow").asText()).isEqualTo("provisioning first broker login");
        assertThat(flows.get(0).get("postBrokerLoginFlow").asText()).isEqualTo("provisioning post broker login");
    }
}
