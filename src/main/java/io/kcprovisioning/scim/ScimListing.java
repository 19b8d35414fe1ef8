package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;

/**
 * Lists SCIM resources page by page in the database: the filter becomes a JPQL condition, the count is a count
 * query, and the order is total and stable (sort key, then creation time, then id), so pages never overlap or
 * leave gaps while nothing changes. Like every startIndex-based SCIM server, a resource deleted behind a walk in
 * progress shifts the later ones by one position.
 */
final class ScimListing {

    private ScimListing() {
    }

    /** One page and the total. */
    record Page<T>(List<T> rows, long total) {
    }

    static Page<ScimUserEntity> users(ScimDirectory dir, long startIndex, int count, FilterNode filter,
            SchemaAttribute sortBy, SortOrder sortOrder) {
        return page(dir, ScimUserEntity.class, "ScimUserEntity", true, startIndex, count, filter, sortBy, sortOrder);
    }

    static Page<ScimGroupEntity> groups(ScimDirectory dir, long startIndex, int count, FilterNode filter,
            SchemaAttribute sortBy, SortOrder sortOrder) {
        return page(dir, ScimGroupEntity.class, "ScimGroupEntity", false, startIndex, count, filter, sortBy,
                sortOrder);
    }

    private static <T> Page<T> page(ScimDirectory dir, Class<T> type, String entity, boolean users, long startIndex,
            int count, FilterNode filter, SchemaAttribute sortBy, SortOrder sortOrder) {
        ScimFilterJpql jpql = new ScimFilterJpql(users);
        String where = " from " + entity + " r where r.realmId = :realmId"
                + (filter == null ? "" : " and " + jpql.condition(filter));
        Map<String, Object> params = jpql.params();
        TypedQuery<Long> countQuery = dir.entityManager().createQuery("select count(r)" + where, Long.class);
        countQuery.setParameter("realmId", dir.realmId());
        params.forEach(countQuery::setParameter);
        long total = countQuery.getSingleResult();
        if (count <= 0 || startIndex > total) {
            return new Page<>(List.of(), total);
        }
        String direction = sortOrder == SortOrder.DESCENDING ? " desc" : " asc";
        String key = sortBy == null ? null : ScimFilterJpql.columnExpression(users, ScimFilterJpql.path(sortBy));
        String order = " order by " + (key == null ? "" : key + direction + ", ") + "r.created" + direction
                + ", r.id" + direction;
        TypedQuery<T> query = dir.entityManager().createQuery("select r" + where + order, type);
        query.setParameter("realmId", dir.realmId());
        params.forEach(query::setParameter);
        query.setFirstResult((int) Math.min(Integer.MAX_VALUE, Math.max(0, startIndex - 1)));
        query.setMaxResults(Math.min(count, ScimEndpoints.MAX_RESULTS));
        return new Page<>(query.getResultList(), total);
    }
}
