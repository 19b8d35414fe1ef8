package io.kcprovisioning.members;

/** Capacity, seats used and members waiting, for one seat tier ({@code tier} null: pending for any tier). */
public record SeatUsage(String tier, String name, int capacity, int used, int pending) {
}
