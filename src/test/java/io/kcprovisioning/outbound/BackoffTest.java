package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void growsExponentiallyFromOneSecondToADay() {
        RandomGenerator middle = fixed(0.5);
        assertThat(Backoff.delayMillis(1, -1, middle)).isEqualTo(1000);
        assertThat(Backoff.delayMillis(2, -1, middle)).isEqualTo(2000);
        assertThat(Backoff.delayMillis(3, -1, middle)).isEqualTo(5000);
        assertThat(Backoff.delayMillis(13, -1, middle)).isEqualTo(86_400_000);
        assertThat(Backoff.delayMillis(40, -1, middle)).isEqualTo(86_400_000);
    }

    @Test
    void jitterStaysWithinAQuarter() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            long d = Backoff.delayMillis(5, -1, random);
            assertThat(d).isBetween(22_500L, 37_500L);
        }
        assertThat(Backoff.delayMillis(5, -1, fixed(0.0))).isEqualTo(22_500);
        assertThat(Backoff.delayMillis(5, -1, fixed(0.999999))).isLessThanOrEqualTo(37_500);
    }

    @Test
    void retryAfterWins() {
        assertThat(Backoff.delayMillis(1, 30_000, fixed(0.5))).isEqualTo(30_000);
        assertThat(Backoff.delayMillis(9, 0, fixed(0.5))).isZero();
    }

    @Test
    void givesUpAfterTheLastStep() {
        assertThat(Backoff.exhausted(Backoff.MAX_ATTEMPTS - 1)).isFalse();
        assertThat(Backoff.exhausted(Backoff.MAX_ATTEMPTS)).isTrue();
    }
}
