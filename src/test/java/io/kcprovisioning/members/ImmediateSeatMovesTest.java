package io.kcprovisioning.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImmediateSeatMovesTest {

    private final SeatLedgerTest.Counters counters = new SeatLedgerTest.Counters();
    private final ImmediateSeatMoves seats = new ImmediateSeatMoves(counters);
    private final List<String> told = new ArrayList<>();

    private SeatTake take(String tier, int capacity) {
        return new SeatTake("r", "ann", tier, capacity, () -> told.add("took"), () -> told.add("lost"));
    }

    @Test
    void aFreeSeatIsTakenAndCountedAtOnce() {
        assertThat(seats.take(take("premium", 1))).isTrue();

        assertThat(counters.used).containsEntry("r/premium", 1);
        assertThat(told).containsExactly("took");
    }

    @Test
    void aFullTierAnswersFalseAndTellsNothing() {
        counters.used.put("r/premium", 1);

        assertThat(seats.take(take("premium", 1))).isFalse();

        assertThat(counters.used).containsEntry("r/premium", 1);
        assertThat(told).isEmpty();
    }

    @Test
    void aReleasedSeatIsFreeAtOnce() {
        counters.used.put("r/premium", 1);

        seats.release("r", "ann", "premium");

        assertThat(counters.used).containsEntry("r/premium", 0);
        assertThat(seats.take(take("premium", 1))).isTrue();
    }
}
