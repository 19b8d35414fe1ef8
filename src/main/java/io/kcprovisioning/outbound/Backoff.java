package io.kcprovisioning.outbound;

import java.util.random.RandomGenerator;

/**
 * When a failed change is tried again: 1 s, 2 s, 5 s, 15 s, 30 s, 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h, 24 h
 * after the 1st to 13th failure, each ±25 % at random (so that changes failing together do not come back together),
 * or the target's Retry-After when it gave one. After {@link #MAX_ATTEMPTS} failures the change is a dead letter.
 */
public final class Backoff {

    private static final long[] STEPS_SECONDS = {1, 2, 5, 15, 30, 60, 300, 900, 3600, 10800, 21600, 43200, 86400};
    public static final int MAX_ATTEMPTS = STEPS_SECONDS.length + 1;

    private Backoff() {
    }

    /** Milliseconds to wait after the {@code failures}-th failure in a row (1-based). */
    public static long delayMillis(int failures, long retryAfterMillis, RandomGenerator random) {
        if (retryAfterMillis >= 0) {
            return retryAfterMillis;
        }
        long base = STEPS_SECONDS[Math.min(Math.max(failures, 1), STEPS_SECONDS.length) - 1] * 1000;
        double jitter = 0.75 + random.nextDouble() * 0.5;
        return Math.round(base * jitter);
    }

    /** Whether a change that failed {@code failures} times in a row is given up on. */
    public static boolean exhausted(int failures) {
        return failures >= MAX_ATTEMPTS;
    }
}
