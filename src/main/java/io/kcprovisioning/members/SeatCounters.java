package io.kcprovisioning.members;

/** The database's seat counters, one per realm and tier (see {@code SeatUsageEntity}). */
interface SeatCounters {

    /** Takes one seat of the tier if fewer than {@code capacity} are used; atomic in the database. */
    boolean takeSeat(String realmId, String tierKey, int capacity);

    /** Frees one seat of the tier (never below zero). */
    void releaseSeat(String realmId, String tierKey);
}
