package io.kcprovisioning.bench;

import java.util.Arrays;

/** Latency samples in milliseconds, and their percentiles. */
final class Samples {

    private double[] values = new double[64];
    private int size;

    void addNanos(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos / 1_000_000.0;
    }

    double percentile(double p) {
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))];
    }

    int size() {
        return size;
    }
}
