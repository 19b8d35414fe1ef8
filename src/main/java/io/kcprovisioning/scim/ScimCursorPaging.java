package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cursor paging (RFC 9865) for {@code GET /Users?cursor=} and {@code GET /Groups?cursor=}: keyset pages in
 * (creation time, id) order. Unlike startIndex, a walk never skips a resource that existed throughout, whatever is
 * created or deleted meanwhile. The cursor is opaque to clients: base64url of the last position.
 */
final class ScimCursorPaging {

    static final int DEFAULT_COUNT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimCursorPaging() {
    }

    /** Answers the request when it asks for cursor paging; empty otherwise. */
    static Optional<Response> handle(ScimRequestContext ctx, String resourcePath,
            MultivaluedMap<String, String> query) {
        if (!query.containsKey("cursor")) {
            return Optional.empty();
        }
        boolean users = "Users".equals(resourcePath);
        if (!users && !"Groups".equals(resourcePath)) {
            return Optional.empty();
        }
        long afterCreated = Long.MIN_VALUE;
        String afterId = "";
        String cursor = query.getFirst("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                afterCreated = Long.parseLong(decoded.substring(0, colon));
                afterId = decoded.substring(colon + 1);
            } catch (RuntimeException e) {
                return Optional.of(ScimResource.error(400, "invalidCursor", "The cursor is not one this server"
                        + " gave"));
            }
        }
        int count = DEFAULT_COUNT;
        if (query.getFirst("count") != null) {
            try {
                count = Math.max(0, Math.min(ScimEndpoints.MAX_RESULTS, Integer.parseInt(query.getFirst("count"))));
            } catch (NumberFormatException e) {
                return Optional.of(ScimResource.error(400, "invalidValue", "count must be a number"));
            }
        }
        ResourceType type = ScimEndpoints.get().getResourceTypeByName(users ? "User" : "Group").orElseThrow();
        FilterNode filter;
        try {
            filter = query.getFirst("filter") == null ? null : RequestUtils.parseFilter(type,
                    IdpQuirks.forSdk(query.getFirst("filter")));
        } catch (ScimException e) {
            return Optional.of(ScimResource.error(400, "invalidFilter", e.getMessage()));
        }
        String requestUri = ctx.session().getContext().getUri().getAbsolutePath().toString();
        ctx.useBaseUrl(requestUri.substring(0, requestUri.lastIndexOf('/')), resourcePath);
        ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
        ScimFilterJpql jpql = new ScimFilterJpql(users);
        String entity = users ? "ScimUserEntity" : "ScimGroupEntity";
        String where;
        try {
            where = " from " + entity + " r where r.realmId = :realmId"
                    + (filter == null ? "" : " and " + jpql.condition(filter));
        } catch (ScimException e) {
            return Optional.of(ScimResource.error(400, "invalidFilter", e.getMessage()));
        }
        Map<String, Object> params = jpql.params();
        TypedQuery<Long> total = dir.entityManager().createQuery("select count(r)" + where, Long.class);
        total.setParameter("realmId", dir.realmId());
        params.forEach(total::setParameter);

        String page = "select r" + where + " and (r.created > :afterCreated or (r.created = :afterCreated and r.id"
                + " > :afterId)) order by r.created, r.id";
        ArrayNode resources = JSON.createArrayNode();
        String next = null;
        if (users) {
            List<ScimUserEntity> rows = rows(dir, page, ScimUserEntity.class, params, afterCreated, afterId, count);
            for (var user : ScimUserHandler.readAll(ctx, dir, rows.subList(0, Math.min(count, rows.size())))) {
                resources.add(JSON.valueToTree(user));
            }
            if (rows.size() > count && count > 0) {
                ScimUserEntity last = rows.get(count - 1);
                next = encode(last.getCreated(), last.getId());
            }
        } else {
            List<ScimGroupEntity> rows = rows(dir, page, ScimGroupEntity.class, params, afterCreated, afterId, count);
            for (int i = 0; i < Math.min(count, rows.size()); i++) {
                resources.add(JSON.valueToTree(ScimGroupHandler.read(ctx, dir, rows.get(i), true)));
            }
            if (rows.size() > count && count > 0) {
                ScimGroupEntity last = rows.get(count - 1);
                next = encode(last.getCreated(), last.getId());
            }
        }
        ObjectNode list = JSON.createObjectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", total.getSingleResult());
        list.put("itemsPerPage", resources.size());
        if (next != null) {
            list.put("nextCursor", next);
        }
        list.set("Resources", resources);
        return Optional.of(Response.ok(list.toString(), ScimResource.SCIM_JSON).build());
    }

    private static <T> List<T> rows(ScimDirectory dir, String jpql, Class<T> type, Map<String, Object> params,
            long afterCreated, String afterId, int count) {
        TypedQuery<T> q = dir.entityManager().createQuery(jpql, type);
        q.setParameter("realmId", dir.realmId());
        params.forEach(q::setParameter);
        q.setParameter("afterCreated", afterCreated);
        q.setParameter("afterId", afterId);
        return q.setMaxResults(count + 1).getResultList();
    }

    private static String encode(long created, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((created + ":" + id)
                .getBytes(StandardCharsets.UTF_8));
    }
}
