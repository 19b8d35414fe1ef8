package io.kcprovisioning.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A downstream SCIM 2.0 service provider for outbound tests, run in its own JVM by {@link ScimSdkServer}: the SCIM
 * SDK's server ({@code de.captaingoldfish:scim-sdk-server}) behind the JDK's HTTP server, Users and Groups kept in
 * memory, a static bearer token. {@code GET /_received} (no token) lists every SCIM request it was sent, with its
 * body, for tests that assert what arrived.
 *
 * <p>Arguments: port, token, and optionally {@code no-patch} (its ServiceProviderConfig then says PATCH is not
 * supported, and PATCH requests are refused).
 */
public final class ScimSdkServerMain {

    private static final String BASE = "/scim/v2";
    private static final List<Map<String, String>> RECEIVED = new CopyOnWriteArrayList<>();

    private ScimSdkServerMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        boolean patch = !(args.length > 2 && args[2].equals("no-patch"));
        Users users = new Users();
        Groups groups = new Groups(users);
        ResourceEndpoint endpoint = endpoint(users, groups, patch);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(BASE, ex -> scim(ex, endpoint, token, port));
        server.createContext("/_received", ScimSdkServerMain::received);
        server.start();
        System.out.println("SCIM SDK server listening on " + port);
    }

    private static ResourceEndpoint endpoint(Users users, Groups groups, boolean patch) {
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(100).build())
                .sortConfig(SortConfig.builder().supported(true).build())
                .patchConfig(PatchConfig.builder().supported(patch).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder().name("Bearer token")
                        .description("A static bearer token").type("oauthbearertoken").primary(true).build()))
                .build();
        ResourceEndpoint endpoint = new ResourceEndpoint(provider);
        ResourceType u = endpoint.registerEndpoint(new UserEndpointDefinition(users));
        u.getFeatures().setAutoFiltering(true);
        u.getFeatures().setAutoSorting(true);
        ResourceType g = endpoint.registerEndpoint(new GroupEndpointDefinition(groups));
        g.getFeatures().setAutoFiltering(true);
        g.getFeatures().setAutoSorting(true);
        return endpoint;
    }

    private static void scim(HttpExchange ex, ResourceEndpoint endpoint, String token, int port) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = ex.getRequestMethod();
        String uri = ex.getRequestURI().toString();
        RECEIVED.add(Map.of("method", method, "path", uri.substring(BASE.length()), "body", body));
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\","
                    + "\"detail\":\"bad token\"}", Map.of());
            return;
        }
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        ScimResponse response;
        synchronized (ScimSdkServerMain.class) { // one request at a time: the handlers' read-modify-write stays whole
            response = endpoint.handleRequest("http://127.0.0.1:" + port + uri, HttpMethod.valueOf(method),
                    body.isEmpty() ? null : body, headers, new Context(null));
        }
        reply(ex, response.getHttpStatus(), response.getHttpStatus() == 204 ? "" : response.toString(),
                response.getHttpHeaders());
    }

    private static void received(HttpExchange ex) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        RECEIVED.forEach(r -> list.addObject().put("method", r.get("method")).put("path", r.get("path"))
                .put("body", r.get("body")));
        reply(ex, 200, list.toString(), Map.of());
    }

    private static void reply(HttpExchange ex, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", "application/scim+json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /** A fresh meta (the SDK refuses to replace one that is there). */
    private static void stamp(ResourceNode node, String resourceType, Instant created) {
        node.remove("meta");
        node.setMeta(Meta.builder().resourceType(resourceType).created(created).lastModified(Instant.now()).build());
    }

    /** Users in memory, stored as JSON (handed out as copies, since the SDK trims what it returns). */
    static final class Users extends ResourceHandler<User> {

        final Map<String, String> byId = new ConcurrentHashMap<>();
        private Groups groups;

        @Override
        public User createResource(User user, Context context) {
            String userName = user.getUserName().orElse("");
            if (all().stream().anyMatch(u -> u.getUserName().orElse("").equalsIgnoreCase(userName))) {
                throw new ConflictException("userName " + userName + " is taken", ScimType.RFC7644.UNIQUENESS);
            }
            user.setId(UUID.randomUUID().toString());
            stamp(user, "User", Instant.now());
            byId.put(user.getId().get(), user.toString());
            return copy(user.getId().get());
        }

        @Override
        public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                Context context) {
            return byId.containsKey(id) ? copy(id) : null;
        }

        @Override
        public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
                SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
                List<SchemaAttribute> excluded, Context context) {
            List<User> all = all();
            return PartialListResponse.<User>builder().resources(all).totalResults(all.size()).build();
        }

        @Override
        public User updateResource(User user, Context context) {
            String id = user.getId().orElseThrow();
            User old = copy(id);
            if (old == null) {
                throw new ResourceNotFoundException("no user " + id);
            }
            stamp(user, "User", old.getMeta().flatMap(Meta::getCreated).orElse(Instant.now()));
            byId.put(id, user.toString());
            return copy(id);
        }

        @Override
        public void deleteResource(String id, Context context) {
            if (byId.remove(id) == null) {
                throw new ResourceNotFoundException("no user " + id);
            }
            groups.dropMember(id);
        }

        List<User> all() {
            return byId.keySet().stream().map(this::copy).toList();
        }

        User copy(String id) {
            String json = byId.get(id);
            return json == null ? null : JsonHelper.readJsonDocument(json, User.class);
        }
    }

    /** Groups in memory; a deleted user leaves every group, as real servers do. */
    static final class Groups extends ResourceHandler<Group> {

        final Map<String, String> byId = new ConcurrentHashMap<>();

        Groups(Users users) {
            users.groups = this;
        }

        @Override
        public Group createResource(Group group, Context context) {
            String name = group.getDisplayName().orElse("");
            if (all().stream().anyMatch(g -> g.getDisplayName().orElse("").equals(name))) {
                throw new ConflictException("group " + name + " exists", ScimType.RFC7644.UNIQUENESS);
            }
            group.setId(UUID.randomUUID().toString());
            stamp(group, "Group", Instant.now());
            byId.put(group.getId().get(), group.toString());
            return copy(group.getId().get());
        }

        @Override
        public Group getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                Context context) {
            return byId.containsKey(id) ? copy(id) : null;
        }

        @Override
        public PartialListResponse<Group> listResources(long startIndex, int count, FilterNode filter,
                SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
                List<SchemaAttribute> excluded, Context context) {
            List<Group> all = all();
            return PartialListResponse.<Group>builder().resources(all).totalResults(all.size()).build();
        }

        @Override
        public Group updateResource(Group group, Context context) {
            String id = group.getId().orElseThrow();
            Group old = copy(id);
            if (old == null) {
                throw new ResourceNotFoundException("no group " + id);
            }
            stamp(group, "Group", Instant.now());
            byId.put(id, group.toString());
            return copy(id);
        }

        @Override
        public void deleteResource(String id, Context context) {
            if (byId.remove(id) == null) {
                throw new ResourceNotFoundException("no group " + id);
            }
        }

        void dropMember(String userId) {
            for (String id : byId.keySet()) {
                Group g = copy(id);
                if (g.getMembers().stream().anyMatch(m -> userId.equals(m.getValue().orElse(null)))) {
                    g.setMembers(g.getMembers().stream().filter(m -> !userId.equals(m.getValue().orElse(null)))
                            .toList());
                    byId.put(id, g.toString());
                }
            }
        }

        List<Group> all() {
            return byId.keySet().stream().map(this::copy).toList();
        }

        Group copy(String id) {
            String json = byId.get(id);
            return json == null ? null : JsonHelper.readJsonDocument(json, Group.class);
        }
    }
}
