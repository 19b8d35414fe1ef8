package io.kcprovisioning.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/provisioning/console}: the Provisioning console, a static web app that signs in with
 * the realm's {@value ConsoleClient#CLIENT_ID} client and calls the admin API. Serving it needs no login; the
 * data it shows comes from the admin API, which checks the signed-in admin's permissions. Every answer carries
 * headers that keep the app from being framed by other sites or sniffed into another type, and a content security
 * policy that allows the app's own origin only (keycloak-js's silent SSO check uses an iframe of that origin).
 * Keycloak's own security headers, which would replace that policy with the realm's login-page one, are skipped;
 * the realm's Strict-Transport-Security is kept.
 */
public final class ConsoleResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; frame-src 'self';"
            + " img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'self'";
    static final String NOT_BUILT = "console not built";
    /** The path of the SCIM endpoint under a realm's URL, for the console's SCIM connection page. */
    static final String SCIM_PATH = "/provisioning/scim/v2";

    private final KeycloakSession session;
    private final ConsoleFiles files;

    public ConsoleResource(KeycloakSession session) {
        this.session = session;
        this.files = new ConsoleFiles(ConsoleResource.class.getClassLoader());
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
    }

    /** The console itself at {@code console/}; {@code console} without the slash redirects there. */
    @GET
    public Response index() {
        UriInfo uri = session.getContext().getUri();
        String path = uri.getRequestUri().getRawPath();
        if (!path.endsWith("/")) {
            URI slashed = uri.getRequestUriBuilder().replacePath(path + "/").build();
            return secured(Response.seeOther(slashed)).build();
        }
        RealmModel realm = session.getContext().getRealm();
        ConsoleClient.ensure(session, realm);
        return serve(ConsoleFiles.INDEX, true);
    }

    /** Where the console finds the server, its realm and its client. */
    @GET
    @Path("config.json")
    public Response config() {
        String base = session.getContext().getUri().getBaseUri().toString();
        String serverUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return secured(Response.ok(new ConsoleConfig(serverUrl, session.getContext().getRealm().getName(),
                ConsoleClient.CLIENT_ID, SCIM_PATH), MediaType.APPLICATION_JSON_TYPE))
                .header("Cache-Control", ConsoleFiles.CACHE_REVALIDATE)
                .build();
    }

    @GET
    @Path("{path:.+}")
    public Response file(@PathParam("path") String path) {
        return serve(path, false);
    }

    /** The body of {@code config.json}. */
    public record ConsoleConfig(String serverUrl, String realm, String clientId, String scimPath) {
    }

    private Response serve(String path, boolean index) {
        return files.read(path)
                .map(f -> secured(Response.ok(f.body(), f.contentType())).header("Cache-Control", f.cacheControl()))
                .orElseGet(() -> secured(Response.status(Response.Status.NOT_FOUND)
                        .entity(index ? NOT_BUILT : "not found").type(MediaType.TEXT_PLAIN_TYPE))
                        .header("Cache-Control", ConsoleFiles.CACHE_REVALIDATE))
                .build();
    }

    private Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        BrowserSecurityHeaders hsts = BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY;
        String transport = session.getContext().getRealm().getBrowserSecurityHeaders()
                .getOrDefault(hsts.getKey(), hsts.getDefaultValue());
        if (transport != null && !transport.isEmpty()) {
            response.header(hsts.getHeaderName(), transport);
        }
        return response.header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "SAMEORIGIN")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "none");
    }
}
