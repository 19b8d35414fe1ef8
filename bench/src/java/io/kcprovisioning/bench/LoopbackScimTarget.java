package io.kcprovisioning.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast downstream SCIM server on loopback for the outbound benchmarks: the SCIM SDK's server (the library this
 * extension's inbound endpoint is built on) behind the JDK's HTTP server, users in memory, a static bearer token,
 * PATCH and filter supported, {@code userName eq} answered from an index. It records when each userName first
 * arrived (created) and counts the writes.
 */
final class LoopbackScimTarget implements AutoCloseable {

    static final String TOKEN = "bench-loopback-token";
    /** The token is checked before the SDK sees the request. */
    private static final Authorization CHECKED = new Authorization() {
        @Override
        public Set<String> getClientRoles() {
            return Set.of();
        }

        @Override
        public boolean authenticate(Map<String, String> headers, Map<String, String> query) {
            return true;
        }
    };

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final ResourceEndpoint endpoint;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> idsByUserName = new ConcurrentHashMap<>();
    private final Map<String, Long> createdAtNanos = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    LoopbackScimTarget() throws IOException {
        // without TCP_NODELAY the JDK server's answers wait on the client's delayed ACK, about 40 ms each
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(1000).build())
                .patchConfig(PatchConfig.builder().supported(true).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder().name("Bearer token")
                        .description("a static token").type("oauthbearertoken").primary(true).build()))
                .build();
        endpoint = new ResourceEndpoint(provider);
        endpoint.registerEndpoint(new UserEndpointDefinition(new Users()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(threads);
        server.createContext("/scim/v2", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
    }

    /** When the user of this userName was created here (System.nanoTime), or null. */
    Long createdAt(String userName) {
        return createdAtNanos.get(userName.toLowerCase(Locale.ROOT));
    }

    int users() {
        return users.size();
    }

    long writes() {
        return writes.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\"}");
                return;
            }
            HttpMethod method = HttpMethod.valueOf(ex.getRequestMethod());
            if (method != HttpMethod.GET) {
                writes.incrementAndGet();
            }
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI().toString();
            ScimResponse response = endpoint.handleRequest(url, method,
                    in.length == 0 ? null : new String(in, StandardCharsets.UTF_8), headers,
                    new Context(CHECKED));
            reply(ex, response.getHttpStatus(), response.toString());
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/scim+json");
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Users in memory; a concrete subclass, as the SDK needs. */
    private final class Users extends ResourceHandler<User> {

        @Override
        public User createResource(User resource, Context context) {
            String userName = resource.getUserName().orElseThrow().toLowerCase(Locale.ROOT);
            String id = UUID.randomUUID().toString();
            if (idsByUserName.putIfAbsent(userName, id) != null) {
                throw new ConflictException("userName " + userName + " is taken");
            }
            Instant now = Instant.now();
            resource.setId(id);
            stamp(resource, now, now);
            users.put(id, resource);
            createdAtNanos.putIfAbsent(userName, System.nanoTime());
            return resource;
        }

        @Override
        public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                Context context) {
            return users.get(id);
        }

        @Override
        public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
                SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
                List<SchemaAttribute> excluded, Context context) {
            List<User> found;
            if (filter instanceof AttributeExpressionLeaf leaf && leaf.getComparator() == Comparator.EQ
                    && "userName".equalsIgnoreCase(leaf.getAttributeName())) {
                String id = idsByUserName.get(leaf.getValue().toLowerCase(Locale.ROOT));
                found = id == null || users.get(id) == null ? List.of() : List.of(users.get(id));
            } else {
                found = users.values().stream().skip(Math.max(0, startIndex - 1)).limit(count).toList();
            }
            return PartialListResponse.<User>builder().resources(found).totalResults(found.size()).build();
        }

        @Override
        public User updateResource(User resource, Context context) {
            String id = resource.getId().orElseThrow();
            User old = users.get(id);
            if (old == null) {
                return null;
            }
            stamp(resource, old.getMeta().flatMap(Meta::getCreated).orElse(Instant.now()), Instant.now());
            users.put(id, resource);
            return resource;
        }

        private void stamp(User user, Instant created, Instant modified) {
            Meta meta = user.getMeta().orElse(null);
            if (meta == null) {
                user.setMeta(Meta.builder().resourceType("User").created(created).lastModified(modified).build());
            } else {
                meta.setResourceType("User");
                meta.setCreated(created);
                meta.setLastModified(modified);
            }
        }

        @Override
        public void deleteResource(String id, Context context) {
            User old = users.remove(id);
            if (old != null) {
                old.getUserName().ifPresent(n -> idsByUserName.remove(n.toLowerCase(Locale.ROOT)));
            }
        }
    }
}
