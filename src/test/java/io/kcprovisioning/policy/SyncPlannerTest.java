package io.kcprovisioning.policy;

import static io.kcprovisioning.policy.PolicyFixtures.enterpriseSeats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {

    private final ProvisioningPolicy policy = enterpriseSeats(ProvisioningMode.SCIM, true); // premium 2, standard 3

    private static List<PlannedChange> plan(ProvisioningPolicy policy, Map<String, Integer> used,
            List<DirectoryUser> users) {
        List<PlannedChange> out = new ArrayList<>();
        SyncPlanner planner = new SyncPlanner(policy, used, out::add);
        users.forEach(planner::offer);
        planner.finish();
        return out;
    }

    private static PlannedChange of(List<PlannedChange> changes, String id) {
        return changes.stream().filter(c -> c.user().userId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void pendingUsersGetFreedSeatsFirstComeFirstServed() {
        List<DirectoryUser> users = List.of(
                new DirectoryUser("late", Set.of("acme-staff"), Membership.pending("user", null), 200, false),
                new DirectoryUser("early", Set.of("acme-staff"), Membership.pending("user", null), 100, false));
        Map<String, Integer> used = Map.of("premium", 2, "standard", 2);

        List<PlannedChange> changes = plan(policy, used, users);

        assertThat(of(changes, "early").after().state()).isEqualTo(MemberState.ACTIVE);
        assertThat(of(changes, "late").after().state()).isEqualTo(MemberState.PENDING);
    }

    @Test
    void aSeatFreedByARefusedMemberGoesToAPendingUserInTheSameSync() {
        List<DirectoryUser> users = List.of(
                new DirectoryUser("waiting", Set.of("acme-staff"), Membership.pending("user", null), 100, false),
                new DirectoryUser("leaving", Set.of(), Membership.active("user", "standard"), 50, false));
        Map<String, Integer> used = Map.of("premium", 2, "standard", 3);

        List<PlannedChange> changes = plan(policy, used, users);

        assertThat(of(changes, "leaving").after().state()).isEqualTo(MemberState.DEPROVISIONED);
        assertThat(of(changes, "waiting").after()).isEqualTo(Membership.active("user", "standard"));
    }

    @Test
    void deactivatedUsersAreRefusedWhateverTheirGroups() {
        List<PlannedChange> changes = plan(policy, Map.of(), List.of(
                new DirectoryUser("off", Set.of("acme-owners"), Membership.active("owner", "premium"), 1, true)));

        assertThat(changes.get(0).after().state()).isEqualTo(MemberState.DEPROVISIONED);
        assertThat(changes.get(0).kind(policy)).isEqualTo(PlannedChange.Kind.REMOVED);
    }

    @Test
    void neverAssignsMoreSeatsThanCapacityAndASecondRunChangesNothing() {
        Random random = new Random(11);
        List<DirectoryUser> users = new ArrayList<>();
        Map<String, Integer> used = new HashMap<>(Map.of("premium", 0, "standard", 0));
        List<String> pool = List.of("acme-owners", "acme-admins", "acme-staff", "acme-premium", "other");
        for (int i = 0; i < 40; i++) {
            List<String> groups = new ArrayList<>();
            pool.forEach(g -> {
                if (random.nextInt(3) == 0) {
                    groups.add(g);
                }
            });
            users.add(new DirectoryUser("u" + i, groups, null, i, false));
        }

        List<PlannedChange> first = plan(policy, used, users);
        Map<String, Integer> usedAfter = new HashMap<>();
        List<DirectoryUser> next = new ArrayList<>();
        for (PlannedChange c : first) {
            if (c.after() != null && c.after().isActive() && c.after().tierKey() != null) {
                usedAfter.merge(c.after().tierKey(), 1, Integer::sum);
            }
            next.add(new DirectoryUser(c.user().userId(), c.user().groups(), c.after(), c.user().stateSince(), false));
        }
        assertThat(usedAfter.getOrDefault("premium", 0)).isLessThanOrEqualTo(2);
        assertThat(usedAfter.getOrDefault("standard", 0)).isLessThanOrEqualTo(3);

        List<PlannedChange> second = plan(policy, usedAfter, next);

        assertThat(second).allSatisfy(c -> assertThat(c.kind(policy)).isEqualTo(PlannedChange.Kind.UNCHANGED));
    }
}
