package io.kcprovisioning.outbound;

import io.kcprovisioning.outbound.jpa.OutboxEntity;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import jakarta.persistence.TypedQuery;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/** What a target's outbox holds: rows per state, and the rows themselves (a state's, or all), newest change first. */
public final class OutboxStatus {

    /** One row as an admin sees it; {@code remoteId}: the resource's id at the target, once linked. */
    public record Row(String resourceType, String resourceId, String state, long changes, int attempts,
            long nextAttempt, String origin, String lastError, long updated, Long delivered, String remoteId) {
    }

    private final KeycloakSession session;

    public OutboxStatus(KeycloakSession session) {
        this.session = session;
    }

    public Map<OutboxState, Long> counts(String targetId) {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        Outbox.em(session).createQuery("select o.state, count(o) from OutboxEntity o where o.targetId = :t"
                        + " group by o.state", Object[].class).setParameter("t", targetId).getResultList()
                .forEach(r -> counts.put((OutboxState) r[0], (Long) r[1]));
        return counts;
    }

    /** When the oldest change not yet delivered (pending or in flight) was recorded, or null when there is none. */
    public Long oldestPending(String targetId) {
        return Outbox.em(session).createQuery("select min(coalesce(o.pendingSince, o.updated)) from OutboxEntity o"
                        + " where o.targetId = :t and o.state in (:pending, :inFlight)", Long.class)
                .setParameter("t", targetId).setParameter("pending", OutboxState.PENDING)
                .setParameter("inFlight", OutboxState.IN_FLIGHT).getSingleResult();
    }

    /** Up to {@code max} rows, of {@code state} (null: every state). */
    public List<Row> rows(String targetId, OutboxState state, int max) {
        TypedQuery<OutboxEntity> q = Outbox.em(session).createQuery("select o from OutboxEntity o where"
                + " o.targetId = :t" + (state == null ? "" : " and o.state = :s") + " order by o.updated desc",
                OutboxEntity.class).setParameter("t", targetId).setMaxResults(max);
        if (state != null) {
            q.setParameter("s", state);
        }
        return q.getResultList().stream().map(o -> {
            OutboxLinkEntity link = Outbox.em(session).find(OutboxLinkEntity.class, o.getId());
            return new Row(o.getResourceType(), o.getResourceId(), o.getState().name().toLowerCase(Locale.ROOT),
                    o.getSeq(), o.getAttempts(), o.getNextAttempt(), o.getOrigin(), o.getLastError(), o.getUpdated(),
                    o.getDelivered(), link == null ? null : link.getRemoteId());
        }).toList();
    }
}
