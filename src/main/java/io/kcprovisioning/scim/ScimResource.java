package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.HttpStatus;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResponseException;
import de.captaingoldfish.scim.sdk.common.response.BulkResponse;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ListResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.outbound.ChangeOrigins;
import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import io.kcprovisioning.store.RealmPolicyStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/provisioning/scim/v2/...}: authenticates the connection token, hands the request to the
 * SCIM SDK inside the request's Keycloak transaction, and rolls the transaction back when the answer is an error,
 * so that a refused request leaves nothing half-written.
 */
public final class ScimResource {

    public static final String SCIM_JSON = "application/scim+json";
    private static final String SCIM_ROOT = "/scim/v2";
    private static final Logger LOG = Logger.getLogger(ScimResource.class);

    private final KeycloakSession session;

    public ScimResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("{path: .*}")
    public Response get() {
        return handle(HttpMethod.GET, null);
    }

    @POST
    @Path("{path: .*}")
    public Response post(InputStream body) {
        return handle(HttpMethod.POST, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(InputStream body) {
        return handle(HttpMethod.PUT, body);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(InputStream body) {
        return handle(HttpMethod.PATCH, body);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete() {
        return handle(HttpMethod.DELETE, null);
    }

    private Response handle(HttpMethod method, InputStream entity) {
        long started = System.nanoTime();
        RealmModel realm = session.getContext().getRealm();
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String operation = ScimMetrics.operation(method, session.getContext().getUri().getPath());
        Response response;
        String unstorable;
        String memberProblem;
        String pathProblem;
        String schemaProblem;
        PatchOperations.Refusal patchProblem;
        String resourcePath = resourcePath(session.getContext().getUri().getPath());
        Optional<ScimTokenEntity> token = authenticate(realm, headers);
        String body = null;
        ResponseException unreadable = null;
        if (token.isPresent() && entity != null) {
            try {
                body = ScimRequestBody.read(entity, ScimEndpoints.MAX_PAYLOAD_BYTES);
            } catch (ResponseException e) {
                unreadable = e;
            }
        }
        if (token.isEmpty()) {
            response = error(HttpStatus.UNAUTHORIZED, null, "A valid SCIM connection token of realm '"
                    + realm.getName() + "' is required as a Bearer token");
            response = Response.fromResponse(response)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\"").build();
        } else if (unreadable != null) {
            response = error(unreadable.getStatus(), unreadable.getScimType(), unreadable.getMessage());
        } else if (onlyEmptyEntityTags(headers.getRequestHeader(HttpHeaders.IF_MATCH))) {
            // "" or W/"" is the tag of no version: it matches nothing (RFC 9110 section 13.1.1), it is not "no
            // precondition"
            response = error(HttpStatus.PRECONDITION_FAILED, null,
                    "If-Match names an empty entity tag, which matches no version of the resource");
        } else if (body != null && (unstorable = unstorableCharacter(body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, "invalidValue", "Values must not contain " + unstorable);
        } else if (body != null && (method == HttpMethod.POST || method == HttpMethod.PUT)
                && (schemaProblem = ResourceSchemas.problem(resourcePath, body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, ScimType.RFC7644.INVALID_SYNTAX, schemaProblem);
        } else if (body != null && (method == HttpMethod.POST || method == HttpMethod.PUT)
                && isGroupsPath(session.getContext().getUri().getPath())
                && (memberProblem = GroupMemberValues.problem(body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, "invalidValue", memberProblem);
        } else if (body != null && method == HttpMethod.PATCH
                && (patchProblem = PatchOperations.messageProblem(body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, patchProblem.scimType(), patchProblem.detail());
        } else if (body != null && method == HttpMethod.PATCH && (pathProblem = PatchPaths.problem(body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, "invalidPath", pathProblem);
        } else if (body != null && method == HttpMethod.PATCH
                && (patchProblem = PatchOperations.operationProblem(resourcePath, body)) != null) {
            response = error(HttpStatus.BAD_REQUEST, patchProblem.scimType(), patchProblem.detail());
        } else {
            try {
                String normalized = body == null || body.isBlank() ? null : IdpQuirks.normalize(method,
                        ScimAttributeNames.normalize(method.name(), resourcePath, body));
                String typeProblem = normalized == null ? null
                        : ScimValueTypes.problem(method.name(), resourcePath, normalized);
                response = typeProblem != null ? error(HttpStatus.BAD_REQUEST, "invalidValue", typeProblem)
                        : dispatch(realm, token.get(), method, normalized, headers);
            } catch (BadRequestException e) { // a filter too large for the SDK's parser (IdpQuirks)
                response = error(HttpStatus.BAD_REQUEST, method == HttpMethod.PATCH
                        && PatchPaths.isPathRefusal(e.getScimType()) ? "invalidPath" : e.getScimType(), e.getMessage());
            }
        }
        if (response.getStatus() >= 400) {
            session.getTransactionManager().setRollbackOnly();
        }
        ScimMetrics.record(operation, response.getStatus(), System.nanoTime() - started);
        return response;
    }

    /** The request path under the SCIM root: {@code Users}, {@code Groups/abc}, {@code Bulk}; "" for the root. */
    private static String resourcePath(String path) {
        int start = path.indexOf(SCIM_ROOT + "/");
        return start < 0 ? "" : path.substring(start + SCIM_ROOT.length() + 1);
    }

    private Response dispatch(RealmModel realm, ScimTokenEntity token, HttpMethod method, String body,
            HttpHeaders headers) {
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        ChangeOrigins.scimRequest(session, token.getId()); // its changes are not echoed back to this directory
        boolean bulk = method == HttpMethod.POST && session.getContext().getUri().getPath().endsWith("/Bulk");
        ScimRequestContext context = new ScimRequestContext(session, realm, policy, token.getId(), bulk);
        Map<String, String> httpHeaders = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty() && !HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)) {
                httpHeaders.put(name, values.get(0));
            }
        });
        String resource = resourcePath(session.getContext().getUri().getPath());
        if (method == HttpMethod.GET) {
            Optional<Response> cursorPage;
            try {
                cursorPage = ScimCursorPaging.handle(context, resource,
                        session.getContext().getUri().getQueryParameters());
            } catch (RuntimeException e) {
                LOG.errorf(e, "SCIM cursor page failed in realm %s", realm.getName());
                return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "The request could not be processed");
            }
            if (cursorPage.isPresent()) {
                return cursorPage.get();
            }
        }
        String url = ScimAttributeNames.canonicalQuery(IdpQuirks.correlateFilterParameter(
                session.getContext().getUri().getRequestUri()), ScimAttributeNames.forPath(resource));
        ScimResponse scim;
        try {
            scim = ScimEndpoints.get().handleRequest(url, method, body, httpHeaders, context);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.errorf(e, "SCIM %s %s failed in realm %s", method, session.getContext().getUri().getPath(),
                    realm.getName());
            return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "The request could not be processed");
        }
        if (scim.getHttpStatus() >= 500) {
            LOG.warnf("SCIM %s %s in realm %s answered %d: %s", method, session.getContext().getUri().getPath(),
                    realm.getName(), scim.getHttpStatus(), scim instanceof ErrorResponse err
                            ? err.getDetail().orElse("") : "");
        }
        if (method == HttpMethod.PATCH && scim instanceof ErrorResponse err
                && PatchPaths.isPathRefusal(err.getScimType().orElse(null))) {
            // RFC 7644 section 3.5.2: a malformed path is invalidPath; the SDK names its value filter's errors
            return error(err.getHttpStatus(), "invalidPath", err.getDetail().orElse("The path is malformed"));
        }
        if (scim instanceof ListResponse<?> list && !list.has("Resources")) {
            // RFC 7644 section 3.4.2 allows leaving out an empty Resources; every reference server sends [] and
            // clients that iterate it without a null check need it
            list.set("Resources", list.arrayNode());
        }
        Response built = scim.buildJakartaResponse();
        if (bulk && scim instanceof BulkResponse && scim.getHttpStatus() == HttpStatus.PRECONDITION_FAILED) {
            // a Bulk stopped by failOnErrors: RFC 7644 section 3.7.3 answers 200 with the operations done and the
            // error that stopped it (each operation with its own status); the SDK says 412, which reads as if
            // nothing had been done, though the operations before the error are committed
            built = Response.fromResponse(built).status(HttpStatus.OK).build();
        }
        if (method == HttpMethod.GET && scim.getHttpStatus() == 200 && DiscoveryLocations.isDiscovery(resource)) {
            String json = resource.equals("ServiceProviderConfig") ? ServiceProviderConfigs.standardOnly(scim.toString())
                    : resource.startsWith("Schemas") ? EmailUniqueness.declare(scim.toString(),
                            realm.isDuplicateEmailsAllowed())
                    : scim.toString();
            return Response.fromResponse(built).entity(DiscoveryLocations.rebase(json, scimBase()))
                    .type(SCIM_JSON).build();
        }
        return Response.fromResponse(built).type(SCIM_JSON).build();
    }

    /**
     * What a JSON text escapes that no database stores as sent, or null: U+0000 (PostgreSQL cannot store it in text;
     * refused here rather than failing the commit) and a lone UTF-16 surrogate ({@code "\\ud800"} is valid JSON
     * but no character; Java's UTF-8 encoding, which JDBC drivers use, turned it into '?', a userName silently
     * changed). A raw NUL is not valid JSON and fails parsing anyway; raw surrogates cannot arrive in UTF-8.
     */
    static String unstorableCharacter(String json) {
        for (int i = json.indexOf('\\'); i >= 0 && i + 1 < json.length(); i = json.indexOf('\\', i + 2)) {
            if (json.charAt(i + 1) != 'u') {
                continue; // any other escape, "\\\\" included, is two characters
            }
            int code = hex4(json, i + 2);
            if (code == 0) {
                return "the NUL character (\\u0000)";
            }
            boolean high = code >= 0xD800 && code <= 0xDBFF;
            int low = high && json.startsWith("\\u", i + 6) ? hex4(json, i + 8) : -1;
            if (high && low >= 0xDC00 && low <= 0xDFFF) {
                i += 6; // a surrogate pair: one character
            } else if (high || code >= 0xDC00 && code <= 0xDFFF) {
                return "a lone UTF-16 surrogate (\\u" + json.substring(i + 2, i + 6) + ")";
            }
            i += 4;
        }
        return null;
    }

    /** The value of four hex digits at {@code at}, or -1. */
    private static int hex4(String text, int at) {
        if (at + 4 > text.length()) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(at, at + 4), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** This realm's SCIM base URL as the client called it ({@code .../realms/acme/provisioning/scim/v2}). */
    private String scimBase() {
        URI request = session.getContext().getUri().getRequestUri();
        String rawPath = request.getRawPath();
        return UriBuilder.fromUri(request).replaceQuery(null).fragment(null)
                .replacePath(rawPath.substring(0, rawPath.indexOf(SCIM_ROOT) + SCIM_ROOT.length())).build().toString();
    }

    private Optional<ScimTokenEntity> authenticate(RealmModel realm, HttpHeaders headers) {
        List<String> values = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (values == null || values.size() != 1) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return new ScimTokenService(session, realm).authenticate(value.substring(7).trim());
    }

    /** Whether a path is the Groups collection or one group ({@code .../scim/v2/Groups[/id]}). */
    static boolean isGroupsPath(String path) {
        int groups = path.indexOf(SCIM_ROOT + "/Groups");
        String rest = groups < 0 ? null : path.substring(groups + SCIM_ROOT.length() + "/Groups".length());
        return rest != null && (rest.isEmpty() || rest.equals("/") || rest.lastIndexOf('/') == 0);
    }

    /** Whether If-Match was sent and every entity tag in it is the empty one ({@code ""} or {@code W/""}). */
    static boolean onlyEmptyEntityTags(List<String> ifMatch) {
        if (ifMatch == null || ifMatch.isEmpty()) {
            return false;
        }
        for (String header : ifMatch) {
            for (String tag : header.split(",")) {
                String t = tag.trim();
                if (!t.equals("\"\"") && !t.equals("W/\"\"")) {
                    return false;
                }
            }
        }
        return true;
    }

    static Response error(int status, String scimType, String detail) {
        ErrorResponse error = new ErrorResponse(new ResponseException(detail, status, scimType));
        return Response.status(status).type(SCIM_JSON).entity(error.toString()).build();
    }
}
