package io.kcprovisioning.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcprovisioning.testing.KeycloakAdmin;
import io.kcprovisioning.testing.KeycloakServer;
import io.kcprovisioning.testing.Json;
import io.kcprovisioning.testing.RealmSetup;
import io.kcprovisioning.testing.ScimClient;
import io.kcprovisioning.testing.TestKeycloak;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo's SCIM walk-through ({@code demo/scim.sh}) against the demo's realm {@code globex}
 * ({@code demo/realms/globex-realm.json}, imported under a unique name), run twice: what the README tells a reader
 * they will see is what they see, and the script can be run again.
 */
class DemoScimIT {

    private static final Path ROOT = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath();

    @Test
    void theDemoScimScriptShowsSeatsAndRolesFollowingThePushedGroups() throws Exception {
        KeycloakAdmin admin = TestKeycloak.admin();
        ObjectNode realm = (ObjectNode) Json.parse(Files.readString(ROOT.resolve("demo/realms/globex-realm.json")));
        String name = RealmSetup.unique("globex").name();
        realm.put("realm", name);
        KeycloakAdmin.ok(admin.post("/admin/realms", realm));
        Path tokenFile = Files.createTempFile("globex-scim-token", "");
        Files.writeString(tokenFile, ScimClient.withNewToken(admin, name).token());

        for (int run = 1; run <= 2; run++) {
            String out = runScript(name, tokenFile);

            assertThat(out).as("run %d", run)
                    .contains("frank  not a member (in no mapped group)\n")
                    .contains("ivan   pending       role=user   seat=\n")
                    .contains("frank  deprovisioned role=       seat=\n")
                    .contains("heidi  active        role=owner  seat=standard\n")
                    .contains("ivan   active        role=user   seat=standard\n")
                    .contains("grace  active        role=user   seat=premium\n");
        }
        assertThat(KeycloakAdmin.ok(admin.get("/admin/realms/" + name + "/users?username=frank@globex.example"))
                .json().get(0).get("enabled").asBoolean()).isFalse();
    }

    private String runScript(String realm, Path tokenFile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", ROOT.resolve("demo/scim.sh").toString()))
                .redirectErrorStream(true);
        pb.environment().put("DEMO_BASE_URL", TestKeycloak.admin().baseUrl());
        pb.environment().put("DEMO_REALM", realm);
        pb.environment().put("DEMO_SCIM_TOKEN_FILE", tokenFile.toString());
        pb.environment().put("DEMO_ADMIN_USER", KeycloakServer.ADMIN_USER);
        pb.environment().put("DEMO_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
