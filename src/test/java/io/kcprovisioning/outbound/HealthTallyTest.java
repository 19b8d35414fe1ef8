package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTallyTest {

    @Test
    void failuresAfterTheLastDeliveryAreTheOnesInARow() {
        HealthTally tally = new HealthTally("realm", "crm");
        tally.add(DeliveryOutcome.retry("503 first"), 10);
        tally.add(DeliveryOutcome.delivered(), 20);
        tally.add(DeliveryOutcome.retry("503 second"), 30);
        tally.add(DeliveryOutcome.dead("400 third"), 40);
        assertThat(tally.delivered()).isEqualTo(1);
        assertThat(tally.failed()).isEqualTo(3);
        assertThat(tally.failuresSinceDelivery()).isEqualTo(2);
        assertThat(tally.lastDelivered()).isEqualTo(20);
        assertThat(tally.lastError()).isEqualTo("400 third");
        assertThat(tally.lastErrorAt()).isEqualTo(40);
    }

    @Test
    void aDeliveryLastLeavesNoFailureInARow() {
        HealthTally tally = new HealthTally("realm", "crm");
        tally.add(DeliveryOutcome.retry("timeout"), 10);
        tally.add(DeliveryOutcome.delivered(), 20);
        assertThat(tally.failuresSinceDelivery()).isZero();
        assertThat(tally.failed()).isEqualTo(1);
    }

    @Test
    void withoutADeliveryEveryFailureIsInARow() {
        HealthTally tally = new HealthTally("realm", "crm");
        tally.add(DeliveryOutcome.retry("refused"), 10);
        tally.add(DeliveryOutcome.retry("refused"), 11);
        assertThat(tally.delivered()).isZero();
        assertThat(tally.failuresSinceDelivery()).isEqualTo(2);
        assertThat(tally.lastDelivered()).isZero();
    }
}
