package io.kcprovisioning.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plans a Sync: what the policy decides for every directory user, seats included, in an order that makes a
 * preview and the Sync that follows it agree exactly. Pure: the Sync applies the plan, a preview only reports it.
 *
 * <ol>
 * <li>Pass 1 (any order): users the policy now refuses lose their standing, and the seats they held are freed.</li>
 * <li>Pass 2: everyone else, current members first, then pending users first come first served, then the others
 * (each group by time in state, then id), is decided against the seats left; a move to another tier frees the
 * seat held before.</li>
 * </ol>
 * Users are fed one by one ({@link #offer}); only those kept for pass 2 stay in memory.
 */
public final class SyncPlanner {

    private final ProvisioningPolicy policy;
    private final Map<String, Integer> free = new HashMap<>();
    private final List<DirectoryUser> deferred = new ArrayList<>();
    private final Consumer<PlannedChange> sink;

    /**
     * @param policy the policy to plan for
     * @param used   seats in use per tier now
     * @param sink   receives every planned change, pass 1 ones as they are found, pass 2 ones in order
     */
    public SyncPlanner(ProvisioningPolicy policy, Map<String, Integer> used, Consumer<PlannedChange> sink) {
        this.policy = policy;
        this.sink = sink;
        for (SeatTierDefinition tier : policy.seatTiers()) {
            free.put(tier.key(), tier.capacity() - used.getOrDefault(tier.key(), 0));
        }
    }

    /** Pass 1 for one user. */
    public void offer(DirectoryUser user) {
        Decision decision = decide(user);
        if (decision.outcome() == Outcome.REFUSE || decision.outcome() == Outcome.NOT_MANAGED) {
            Membership after = decision.outcome() == Outcome.NOT_MANAGED ? user.current()
                    : user.current() == null ? null : new Membership(MemberState.DEPROVISIONED, null, null);
            release(user.current());
            sink.accept(new PlannedChange(user, decision, after));
        } else {
            deferred.add(user);
        }
    }

    /** Pass 2; call once after every user was offered. */
    public void finish() {
        deferred.sort(Comparator.comparingInt(SyncPlanner::category)
                .thenComparingLong(DirectoryUser::stateSince)
                .thenComparing(DirectoryUser::userId));
        for (DirectoryUser user : deferred) {
            Decision decision = decide(user);
            String held = user.current() == null ? null : user.current().heldTier();
            Membership after;
            switch (decision.outcome()) {
                case ADMIT -> {
                    if (decision.tierKey() != null && !decision.tierKey().equals(held)) {
                        free.merge(decision.tierKey(), -1, Integer::sum);
                        release(user.current());
                    }
                    after = new Membership(MemberState.ACTIVE, decision.roleKey(), decision.tierKey());
                }
                case PENDING -> {
                    release(user.current());
                    after = new Membership(MemberState.PENDING, decision.roleKey(), decision.tierKey());
                }
                default -> {
                    release(user.current());
                    after = user.current() == null ? null : new Membership(MemberState.DEPROVISIONED, null, null);
                }
            }
            sink.accept(new PlannedChange(user, decision, after));
        }
        deferred.clear();
    }

    private Decision decide(DirectoryUser user) {
        if (user.deactivated() && policy.mode() != ProvisioningMode.MANUAL) {
            return new Decision(Outcome.REFUSE, null, null, ReasonCode.NOT_PROVISIONED,
                    "Deactivated by the directory", List.of(), List.of());
        }
        return PolicyEngine.decide(policy, user.groups(), user.current(),
                tier -> Math.max(0, free.getOrDefault(tier, 0)));
    }

    private void release(Membership current) {
        String held = current == null ? null : current.heldTier();
        if (held != null && free.containsKey(held)) {
            free.merge(held, 1, Integer::sum);
        }
    }

    private static int category(DirectoryUser user) {
        Membership m = user.current();
        if (m == null) {
            return 2;
        }
        return switch (m.state()) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case DEPROVISIONED -> 2;
        };
    }
}
