package io.kcprovisioning.scim;

import io.kcprovisioning.console.ConsoleClient;
import io.kcprovisioning.console.ConsoleResource;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts {@code /realms/{realm}/provisioning}: the SCIM endpoint for IdPs at {@code scim/v2}, and the Provisioning
 * console at {@code console/}. The id differs from Keycloak's own preview SCIM server ({@code scim}), so both can
 * run on one server. Once the server has started, the console's client is created in the admin realm. The
 * extension's version shows in the admin console's Provider info under this provider.
 */
public final class ProvisioningRealmResourceProviderFactory implements RealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "provisioning";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                ConsoleClient.ensureInAdminRealm(factory);
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        // the node's name in outbound leases (GET .../targets/{id}/status names the node sending to a target)
        return Map.of("version", version(), "outboundNode", io.kcprovisioning.outbound.OutboundDelivery.node());
    }

    /** The version the build wrote into the jar. */
    static String version() {
        Properties build = new Properties();
        try (InputStream in = ProvisioningRealmResourceProviderFactory.class
                .getResourceAsStream("/META-INF/keycloak-provisioning.properties")) {
            if (in == null) {
                return "unknown";
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("version", "unknown");
    }

    /** The per-request provider. */
    private record Provider(KeycloakSession session) implements RealmResourceProvider {

        @Override
        public Object getResource() {
            return new Root(session);
        }

        @Override
        public void close() {
        }
    }

    /** {@code /realms/{realm}/provisioning}. */
    public static final class Root {
        private final KeycloakSession session;

        Root(KeycloakSession session) {
            this.session = session;
        }

        @Path("scim/v2")
        public ScimResource scim() {
            return new ScimResource(session);
        }

        @Path("console")
        public ConsoleResource console() {
            return new ConsoleResource(session);
        }
    }
}
