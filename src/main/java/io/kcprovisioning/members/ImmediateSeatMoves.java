package io.kcprovisioning.members;

/** Seats taken and freed at once, each take answered by the counter's conditional UPDATE. */
final class ImmediateSeatMoves implements SeatMoves {

    private final SeatCounters counters;

    ImmediateSeatMoves(SeatCounters counters) {
        this.counters = counters;
    }

    @Override
    public boolean take(SeatTake take) {
        if (!counters.takeSeat(take.realmId(), take.tierKey(), take.capacity())) {
            return false;
        }
        take.taken().run();
        return true;
    }

    @Override
    public void release(String realmId, String userId, String tierKey) {
        counters.releaseSeat(realmId, tierKey);
    }
}
