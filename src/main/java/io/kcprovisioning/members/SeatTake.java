package io.kcprovisioning.members;

/**
 * A seat of a tier to take for a member. {@code taken} runs once the seat is counted; {@code lost} runs, still in
 * the transaction, when a take made at commit finds the tier full by then (a take made at once answers false
 * instead, see {@link SeatMoves#take}).
 */
record SeatTake(String realmId, String userId, String tierKey, int capacity, Runnable taken, Runnable lost) {
}
