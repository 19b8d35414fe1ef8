package io.kcprovisioning.sync;

import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.policy.DirectoryUser;
import io.kcprovisioning.policy.PlannedChange;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.SyncPlanner;
import io.kcprovisioning.scim.ScimDirectoryView;
import io.kcprovisioning.store.jpa.SeatUsageEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Sync now and policy previews: both read every directory user of a realm (a batch per transaction), plan with the
 * same {@link SyncPlanner}, and so agree exactly on the same input; a Sync then applies the planned changes, a
 * batch per transaction, through {@link MembershipService}.
 */
public final class SyncService {

    static final int APPLY_BATCH = 100;

    private SyncService() {
    }

    /**
     * What changes, by kind, with up to {@code listed} users of each kind; and who holds the most permissive role
     * before and after (for the lockout guard).
     */
    public record Report(Map<PlannedChange.Kind, Long> counts, Map<PlannedChange.Kind, List<Entry>> users,
            long examined, long topRoleBefore, long topRoleAfter, List<String> losingTopRole,
            Map<String, Entry> watched, Map<String, Long> seatsAfter) {

        Report(Map<PlannedChange.Kind, Long> counts, Map<PlannedChange.Kind, List<Entry>> users, long examined) {
            this(counts, users, examined, 0, 0, List.of(), Map.of(), Map.of());
        }
    }

    /** One user of a report. */
    public record Entry(String userId, String before, String after, String reasonCode, String reason) {
    }

    /** Plans for {@code candidate} without changing anything. */
    public static Report preview(KeycloakSessionFactory factory, String realmId, ProvisioningPolicy current,
            ProvisioningPolicy candidate, int listed, java.util.Set<String> watch) {
        Collector collector = new Collector(candidate, listed, false);
        collector.watch = watch;
        plan(factory, realmId, current, candidate, collector);
        return collector.report();
    }

    /** How far a Sync is: the plan's size once planned, then the changes applied so far after each batch. */
    public interface Progress {
        void planned(long examined, long toApply);

        void applied(long applied);
    }

    /** Plans for the realm's policy and applies the plan, telling {@code progress} how far it is. */
    public static Report run(KeycloakSessionFactory factory, String realmId, ProvisioningPolicy policy, int listed,
            Progress progress) {
        Collector collector = new Collector(policy, listed, true);
        plan(factory, realmId, policy, policy, collector);
        List<PlannedChange> changes = collector.changes;
        progress.planned(collector.examined, changes.size());
        long applied = 0;
        for (int from = 0; from < changes.size(); from += APPLY_BATCH) {
            List<PlannedChange> batch = changes.subList(from, Math.min(changes.size(), from + APPLY_BATCH));
            KeycloakModelUtils.runJobInTransaction(factory, session -> apply(session, realmId, policy, batch));
            applied += batch.size();
            progress.applied(applied);
        }
        return collector.report();
    }

    private static void plan(KeycloakSessionFactory factory, String realmId, ProvisioningPolicy current,
            ProvisioningPolicy candidate, Collector collector) {
        Map<String, Integer> used = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> seatsUsed(session, realmId));
        SyncPlanner planner = new SyncPlanner(candidate, used, collector);
        ProvisioningMode mode = candidate.mode();
        if (mode == ProvisioningMode.MANUAL) {
            return;
        }
        new DirectoryReader(factory, realmId, current).read(mode, user -> {
            collector.examined++;
            planner.offer(user);
        });
        planner.finish();
    }

    /**
     * Applies a batch of planned changes. The plan was read earlier, in other transactions: a SCIM write or a login
     * since then may have changed a user's groups. SCIM users are locked first (as SCIM writes lock them) and their
     * groups and active flag read again; a user whose groups changed since the plan is decided again from the
     * groups they have now rather than overwritten with the plan (which would undo the SCIM write or the login until
     * the next change).
     */
    private static void apply(KeycloakSession session, String realmId, ProvisioningPolicy policy,
            List<PlannedChange> batch) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        MembershipService members = new MembershipService(session, realm);
        Map<String, Boolean> scimActive = Map.of();
        Map<String, List<String>> scimGroups = Map.of();
        if (policy.mode() == ProvisioningMode.SCIM) {
            ScimDirectoryView scim = new ScimDirectoryView(session, realm);
            List<String> ids = batch.stream().map(c -> c.user().userId()).toList();
            scimActive = scim.lockedActiveFlags(ids);
            scimGroups = scim.groupNames(ids);
        }
        for (PlannedChange change : batch) {
            DirectoryUser planned = change.user();
            UserModel user = session.users().getUserById(realm, planned.userId());
            if (user == null) {
                continue;
            }
            Boolean active = scimActive.get(planned.userId());
            if (active == null) {
                members.applyPlanned(policy, user, change.decision(), planned.groups(), true);
                continue;
            }
            List<String> groups = scimGroups.getOrDefault(planned.userId(), List.of());
            if (active != planned.deactivated() && Set.copyOf(groups).equals(Set.copyOf(planned.groups()))) {
                members.applyPlanned(policy, user, change.decision(), groups, false);
            } else if (!active) {
                members.deprovision(policy, user, "deactivated", "Deactivated by the directory (active=false)",
                        ProvisioningSource.SYNC);
            } else {
                members.provision(policy, user, groups, ProvisioningSource.SYNC, true);
            }
        }
    }

    private static Map<String, Integer> seatsUsed(KeycloakSession session, String realmId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Map<String, Integer> used = new HashMap<>();
        em.createNamedQuery("provSeatsByRealm", SeatUsageEntity.class).setParameter("realmId", realmId)
                .getResultList().forEach(s -> used.put(s.getTierKey(), s.getUsed()));
        return used;
    }

    /** Counts planned changes, keeps a few per kind, and (for a Sync) every change to apply. */
    private static final class Collector implements java.util.function.Consumer<PlannedChange> {
        private final ProvisioningPolicy policy;
        private final int listed;
        private final boolean keepChanges;
        private final Map<PlannedChange.Kind, Long> counts = new EnumMap<>(PlannedChange.Kind.class);
        private final Map<PlannedChange.Kind, List<Entry>> users = new EnumMap<>(PlannedChange.Kind.class);
        private final List<PlannedChange> changes = new ArrayList<>();
        private long examined;
        private long topBefore;
        private long topAfter;
        private final List<String> losingTop = new ArrayList<>();
        private java.util.Set<String> watch = java.util.Set.of();
        private final Map<String, Entry> watched = new HashMap<>();
        private final Map<String, Long> seatsAfter = new HashMap<>();

        Collector(ProvisioningPolicy policy, int listed, boolean keepChanges) {
            this.policy = policy;
            this.listed = listed;
            this.keepChanges = keepChanges;
        }

        @Override
        public void accept(PlannedChange change) {
            PlannedChange.Kind kind = change.kind(policy);
            counts.merge(kind, 1L, Long::sum);
            String top = policy.roles().isEmpty() ? null : policy.roles().get(0).key();
            boolean hadTop = change.user().current() != null && change.user().current().isActive()
                    && java.util.Objects.equals(top, change.user().current().roleKey());
            boolean hasTop = change.after() != null && change.after().isActive()
                    && java.util.Objects.equals(top, change.after().roleKey());
            topBefore += hadTop ? 1 : 0;
            topAfter += hasTop ? 1 : 0;
            if (hadTop && !hasTop && losingTop.size() < 100) {
                losingTop.add(change.user().userId());
            }
            if (change.after() != null && change.after().isActive() && change.after().tierKey() != null) {
                seatsAfter.merge(change.after().tierKey(), 1L, Long::sum);
            }
            if (watch.contains(change.user().userId())) {
                watched.put(change.user().userId(), entry(change));
            }
            if (kind != PlannedChange.Kind.UNCHANGED) {
                List<Entry> list = users.computeIfAbsent(kind, k -> new ArrayList<>());
                if (list.size() < listed) {
                    list.add(entry(change));
                }
            }
            if (keepChanges && (kind != PlannedChange.Kind.UNCHANGED || !java.util.Objects.equals(
                    change.user().current(), change.after()))) {
                changes.add(change);
            }
        }

        Report report() {
            return new Report(counts, users, examined, topBefore, topAfter, losingTop, watched, seatsAfter);
        }

        private static Entry entry(PlannedChange change) {
            return new Entry(change.user().userId(), describe(change.user().current()), describe(change.after()),
                    change.decision().reason().wireName(), change.decision().message());
        }

        private static String describe(io.kcprovisioning.policy.Membership m) {
            if (m == null) {
                return "none";
            }
            String state = m.state().name().toLowerCase(java.util.Locale.ROOT);
            return m.roleKey() == null ? state : state + " " + m.roleKey() + (m.tierKey() == null ? ""
                    : " / " + m.tierKey());
        }
    }
}
