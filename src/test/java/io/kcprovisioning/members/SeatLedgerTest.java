package io.kcprovisioning.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeatLedgerTest {

    /** Counters in memory that log every move, as "take realm/tier" or "release realm/tier". */
    static final class Counters implements SeatCounters {
        final Map<String, Integer> used = new HashMap<>();
        final List<String> moves = new ArrayList<>();

        @Override
        public boolean takeSeat(String realmId, String tierKey, int capacity) {
            moves.add("take " + realmId + "/" + tierKey);
            int now = used.getOrDefault(realmId + "/" + tierKey, 0);
            if (now >= capacity) {
                return false;
            }
            used.put(realmId + "/" + tierKey, now + 1);
            return true;
        }

        @Override
        public void releaseSeat(String realmId, String tierKey) {
            moves.add("release " + realmId + "/" + tierKey);
            used.computeIfPresent(realmId + "/" + tierKey, (k, v) -> Math.max(0, v - 1));
        }
    }

    private final Counters counters = new Counters();
    private final List<String> told = new ArrayList<>();
    private final SeatLedger ledger = new SeatLedger();

    private SeatTake take(String realm, String user, String tier, int capacity) {
        return new SeatTake(realm, user, tier, capacity, () -> told.add(user + " took " + tier),
                () -> told.add(user + " lost " + tier));
    }

    @Test
    void acceptsEveryTakeBeforeCommitWithoutTouchingTheCounters() {
        assertThat(ledger.take(take("r", "ann", "premium", 0))).isTrue();

        assertThat(counters.moves).isEmpty();
        assertThat(told).isEmpty();
    }

    @Test
    void freesSeatsBeforeTakingAnySoThatAFreedSeatCountsAtOnce() {
        counters.used.put("r/premium", 1);
        ledger.take(take("r", "bob", "premium", 1));
        ledger.release("r", "ann", "premium");

        ledger.settle(counters).report();

        assertThat(counters.moves).containsExactly("release r/premium", "take r/premium");
        assertThat(told).containsExactly("bob took premium");
    }

    @Test
    void movesCountersInRealmAndTierOrderWhateverTheOrderOfTheChanges() {
        ledger.take(take("r2", "ann", "premium", 9));
        ledger.take(take("r1", "bob", "standard", 9));
        ledger.take(take("r1", "cid", "premium", 9));
        ledger.release("r2", "dan", "standard");
        ledger.release("r1", "eve", "standard");

        ledger.settle(counters);

        assertThat(counters.moves).containsExactly("release r1/standard", "release r2/standard",
                "take r1/premium", "take r1/standard", "take r2/premium");
    }

    @Test
    void aTakeThatFindsItsTierFullIsToldAfterEveryTakeThatSucceeded() {
        ledger.take(take("r", "ann", "premium", 1));
        ledger.take(take("r", "bob", "premium", 1));
        ledger.take(take("r", "cid", "standard", 1));

        ledger.settle(counters).report();

        assertThat(told).containsExactly("ann took premium", "cid took standard", "bob lost premium");
    }

    @Test
    void releasingASeatStillToBeTakenDropsTheTakeInsteadOfFreeingASeat() {
        counters.used.put("r/premium", 1);
        ledger.take(take("r", "ann", "premium", 2));
        ledger.release("r", "ann", "premium");

        ledger.settle(counters).report();

        assertThat(counters.moves).isEmpty();
        assertThat(counters.used).containsEntry("r/premium", 1);
        assertThat(told).isEmpty();
        assertThat(ledger.isEmpty()).isTrue();
    }

    @Test
    void anotherMembersReleaseDoesNotDropATake() {
        ledger.take(take("r", "ann", "premium", 2));
        ledger.release("r", "bob", "premium");

        ledger.settle(counters).report();

        assertThat(counters.moves).containsExactly("release r/premium", "take r/premium");
        assertThat(told).containsExactly("ann took premium");
    }
}
