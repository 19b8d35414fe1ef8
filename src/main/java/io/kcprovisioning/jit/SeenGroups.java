package io.kcprovisioning.jit;

import io.kcprovisioning.jit.jpa.SeenGroupEntity;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The group-claim values identity providers sent at JIT logins, per realm, so that admins can pick mappings from
 * them (refused users' groups included: they are the ones an admin may want to map).
 *
 * <p>A login reads which of its values are known; only new values, and values last seen longer than
 * {@value #LAST_SEEN_RESOLUTION_MS} ms ago, are written, in a short transaction of its own. Two nodes recording the
 * same new value at once lose one insert to the unique constraint there, never the login: the login's transaction
 * holds no lock on these rows and is not marked rollback-only. After such a race each value is inserted alone,
 * skipping those that exist by then.
 */
public final class SeenGroups {

    /** How often a known value's "last seen" is written, at most: a busy realm's logins write it rarely. */
    static final long LAST_SEEN_RESOLUTION_MS = 10 * 60_000;
    /** Longer values are not recorded (the column's length); a policy can still map them. */
    static final int MAX_LENGTH = 512;
    /** Values recorded per login, at most (the member row keeps as many). */
    static final int MAX_RECORDED = 500;
    private static final int IN_CHUNK = 100;
    private static final Logger LOG = Logger.getLogger(SeenGroups.class);

    /** One value seen, {@code lastSeenAt} an ISO-8601 instant. */
    public record SeenGroup(String value, String lastSeenAt) {
    }

    private SeenGroups() {
    }

    /** Records the values of a login's group claim; a failure is logged and never fails the login. */
    static void record(KeycloakSession session, RealmModel realm, Collection<String> groups) {
        TreeSet<String> values = new TreeSet<>();
        for (String g : groups) {
            if (g != null && !g.isBlank() && g.length() <= MAX_LENGTH && values.size() < MAX_RECORDED) {
                values.add(g);
            }
        }
        if (values.isEmpty()) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            Map<String, Long> known = lastSeen(em(session), realm.getId(), List.copyOf(values));
            List<String> missing = values.stream().filter(v -> !known.containsKey(v)).toList();
            List<String> stale = known.entrySet().stream()
                    .filter(e -> e.getValue() < now - LAST_SEEN_RESOLUTION_MS).map(Map.Entry::getKey).toList();
            if (!missing.isEmpty() || !stale.isEmpty()) {
                write(session.getKeycloakSessionFactory(), realm.getId(), missing, stale, now);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Realm %s: group-claim values of a login not recorded: %s", realm.getName(), e.toString());
        }
    }

    /**
     * Values whose lower-cased form starts with {@code prefix} (case-insensitive; null or blank for all), ordered
     * by value, paged in the database.
     */
    public static List<SeenGroup> list(KeycloakSession session, RealmModel realm, String prefix, int first,
            int max) {
        String like = prefix == null || prefix.isBlank() ? "%"
                : lower(prefix.trim()).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return em(session).createQuery("select g from SeenGroupEntity g where g.realmId = :realmId"
                        + " and g.groupValueLower like :prefix escape '!' order by g.groupValueLower, g.groupValue",
                        SeenGroupEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("prefix", like)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultStream()
                .map(g -> new SeenGroup(g.getGroupValue(), Instant.ofEpochMilli(g.getLastSeen()).toString()))
                .toList();
    }

    private static void write(KeycloakSessionFactory factory, String realmId, List<String> missing,
            List<String> stale, long now) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                EntityManager em = em(s);
                missing.forEach(v -> em.persist(row(realmId, v, now)));
                touch(em, realmId, stale, now);
            });
        } catch (RuntimeException raced) {
            LOG.debugf("Realm %s: a group-claim value was recorded concurrently (%s); recording one by one",
                    realmId, raced.getMessage());
            KeycloakModelUtils.runJobInTransaction(factory, s -> touch(em(s), realmId, stale, now));
            for (String value : missing) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> {
                        EntityManager em = em(s);
                        if (lastSeen(em, realmId, List.of(value)).isEmpty()) {
                            em.persist(row(realmId, value, now));
                        }
                    });
                } catch (RuntimeException again) {
                    LOG.debugf("Realm %s: group-claim value recorded concurrently: %s", realmId, again.getMessage());
                }
            }
        }
    }

    private static Map<String, Long> lastSeen(EntityManager em, String realmId, List<String> values) {
        Map<String, Long> known = new HashMap<>();
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            em.createQuery("select g.groupValue, g.lastSeen from SeenGroupEntity g where g.realmId = :realmId"
                            + " and g.groupValue in :values", Object[].class)
                    .setParameter("realmId", realmId)
                    .setParameter("values", values.subList(from, Math.min(values.size(), from + IN_CHUNK)))
                    .getResultList()
                    .forEach(row -> known.put((String) row[0], ((Number) row[1]).longValue()));
        }
        return known;
    }

    private static void touch(EntityManager em, String realmId, List<String> values, long now) {
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            em.createQuery("update SeenGroupEntity g set g.lastSeen = :now where g.realmId = :realmId"
                            + " and g.groupValue in :values and g.lastSeen < :now")
                    .setParameter("now", now)
                    .setParameter("realmId", realmId)
                    .setParameter("values", values.subList(from, Math.min(values.size(), from + IN_CHUNK)))
                    .executeUpdate();
        }
    }

    private static SeenGroupEntity row(String realmId, String value, long now) {
        SeenGroupEntity row = new SeenGroupEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realmId);
        row.setGroupValue(value);
        row.setGroupValueLower(lower(value));
        row.setLastSeen(now);
        return row;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
