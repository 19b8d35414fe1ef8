package io.kcprovisioning.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the decision function over random policies, groups and seat counts. */
class PolicyEnginePropertiesTest {

    private static final List<String> GROUP_POOL = List.of("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8",
            "g9");

    record Scenario(ProvisioningPolicy policy, List<String> userGroups, Map<String, Integer> free,
            Membership current, long seed) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> roleCount = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> tierCount = Arbitraries.integers().between(0, 3);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<ProvisioningMode> modes = Arbitraries.of(ProvisioningMode.JIT, ProvisioningMode.SCIM);
        Arbitrary<Boolean> mappings = Arbitraries.of(true, false);
        return Combinators.combine(roleCount, tierCount, seeds, modes, mappings)
                .as((roles, tiers, seed, mode, mapped) -> build(roles, tiers, seed, mode, mapped));
    }

    private static Scenario build(int roleCount, int tierCount, long seed, ProvisioningMode mode, boolean mapped) {
        Random random = new Random(seed);
        List<RoleDefinition> roles = new ArrayList<>();
        for (int i = 0; i < roleCount; i++) {
            roles.add(new RoleDefinition("r" + i, "Role " + i, RoleBinding.realmRole("role-" + i),
                    sample(random, 3)));
        }
        List<SeatTierDefinition> tiers = new ArrayList<>();
        Map<String, Integer> free = new HashMap<>();
        for (int i = 0; i < tierCount; i++) {
            int capacity = random.nextInt(4);
            tiers.add(new SeatTierDefinition("t" + i, "Tier " + i, capacity, null, sample(random, 2)));
            free.put("t" + i, random.nextInt(capacity + 1));
        }
        ProvisioningPolicy policy = new ProvisioningPolicy(ProductProfiles.CUSTOM, mode, mapped, roles, tiers,
                JitSettings.defaults(), null, null);
        Membership current = null;
        int kind = random.nextInt(4);
        if (kind == 1) {
            current = Membership.active("r" + random.nextInt(roleCount),
                    tierCount == 0 ? null : "t" + random.nextInt(tierCount));
        } else if (kind == 2) {
            current = Membership.pending("r" + random.nextInt(roleCount), null);
        }
        return new Scenario(policy, sample(random, 5), free, current, seed);
    }

    private static List<String> sample(Random random, int max) {
        List<String> pool = new ArrayList<>(GROUP_POOL);
        Collections.shuffle(pool, random);
        return List.copyOf(pool.subList(0, random.nextInt(max + 1)));
    }

    private static Decision decide(Scenario s, List<String> groups) {
        return PolicyEngine.decide(s.policy(), groups, s.current(), SeatAvailability.of(s.free()));
    }

    private static Set<String> mappedGroups(List<String> mapping, List<String> user) {
        return mapping.stream().filter(user::contains).collect(Collectors.toSet());
    }

    @Property(tries = 2000)
    void mostPermissiveMappedRoleWins(@ForAll("scenarios") Scenario s) {
        Decision d = decide(s, s.userGroups());
        if (!s.policy().groupMappings() || d.outcome() == Outcome.REFUSE) {
            return;
        }
        int expected = -1;
        for (int i = 0; i < s.policy().roles().size(); i++) {
            if (!mappedGroups(s.policy().roles().get(i).groups(), s.userGroups()).isEmpty()) {
                expected = i;
                break;
            }
        }
        assertThat(s.policy().roleRank(d.roleKey())).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void noMappedGroupMeansRefused(@ForAll("scenarios") Scenario s) {
        boolean inAnyRoleGroup = s.policy().roles().stream()
                .anyMatch(r -> !mappedGroups(r.groups(), s.userGroups()).isEmpty());
        Decision d = decide(s, s.userGroups());
        if (s.policy().groupMappings()) {
            assertThat(d.outcome() == Outcome.REFUSE).isEqualTo(!inAnyRoleGroup);
        } else {
            assertThat(d.outcome()).isNotEqualTo(Outcome.REFUSE);
        }
    }

    @Property(tries = 2000)
    void userInNoTierGroupWithoutASeatGetsTheHighestTierWithAFreeSeat(@ForAll("scenarios") Scenario s) {
        boolean inTierGroup = s.policy().groupMappings() && s.policy().seatTiers().stream()
                .anyMatch(t -> !mappedGroups(t.groups(), s.userGroups()).isEmpty());
        boolean holdsSeat = s.current() != null && s.current().heldTier() != null;
        Decision d = decide(s, s.userGroups());
        if (inTierGroup || holdsSeat || !s.policy().hasSeatTiers() || d.outcome() == Outcome.REFUSE) {
            return;
        }
        String expected = s.policy().seatTiers().stream()
                .filter(t -> s.free().getOrDefault(t.key(), 0) > 0)
                .map(SeatTierDefinition::key)
                .findFirst().orElse(null);
        if (expected == null) {
            assertThat(d.outcome()).isEqualTo(Outcome.PENDING);
        } else {
            assertThat(d.outcome()).isEqualTo(Outcome.ADMIT);
            assertThat(d.tierKey()).isEqualTo(expected);
        }
    }

    @Property(tries = 2000)
    void neverAssignsASeatThatIsNotFree(@ForAll("scenarios") Scenario s) {
        Decision d = decide(s, s.userGroups());
        if (d.outcome() != Outcome.ADMIT || d.tierKey() == null) {
            return;
        }
        boolean ownSeat = s.current() != null && d.tierKey().equals(s.current().heldTier());
        assertThat(ownSeat || s.free().getOrDefault(d.tierKey(), 0) > 0).isTrue();
    }

    @Property(tries = 2000)
    void decisionDoesNotDependOnTheOrderOrCaseOfGroups(@ForAll("scenarios") Scenario s) {
        List<String> shuffled = new ArrayList<>(s.userGroups());
        Collections.shuffle(shuffled, new Random(s.seed() ^ 0x5DEECE66DL));
        List<String> upper = shuffled.stream().map(g -> g.toUpperCase(Locale.ROOT)).toList();
        List<String> duplicated = new ArrayList<>(shuffled);
        duplicated.addAll(s.userGroups());

        Decision original = decide(s, s.userGroups());
        Decision reordered = decide(s, shuffled);
        Decision withDuplicates = decide(s, duplicated);
        Decision upperCase = decide(s, upper);

        assertThat(reordered).isEqualTo(original);
        assertThat(withDuplicates).isEqualTo(original);
        assertThat(upperCase.outcome()).isEqualTo(original.outcome());
        assertThat(upperCase.roleKey()).isEqualTo(original.roleKey());
        assertThat(upperCase.tierKey()).isEqualTo(original.tierKey());
    }

    @Property(tries = 500)
    void manualModeNeverManages(@ForAll("scenarios") Scenario s) {
        ProvisioningPolicy manual = s.policy().withMode(ProvisioningMode.MANUAL);

        Decision d = PolicyEngine.decide(manual, s.userGroups(), s.current(), SeatAvailability.of(s.free()));

        assertThat(d.outcome()).isEqualTo(Outcome.NOT_MANAGED);
    }
}
