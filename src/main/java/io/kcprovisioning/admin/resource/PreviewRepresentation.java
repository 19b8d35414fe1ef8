package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.PlannedChange;
import io.kcprovisioning.sync.SyncService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The answer of {@code POST policy/preview}. */
record PreviewRepresentation(long examined, Map<String, Long> counts, Map<String, List<SyncService.Entry>> users,
        List<Seats> seats, Lockout lockout) {

    /**
     * Seats per tier after the change. {@code overCapacity} > 0 when the new capacity is below the seats members
     * keep: nobody is evicted (members keep the seat they hold), but no one else gets one until enough are freed.
     */
    record Seats(String tier, int capacity, long used, long overCapacity) {
    }

    record Lockout(boolean refused, String message, String topRole, List<String> losingTopRole,
            String youWouldBe) {
    }

    static PreviewRepresentation of(SyncService.Report report, LockoutGuard guard,
            io.kcprovisioning.policy.ProvisioningPolicy candidate) {
        List<Seats> seats = candidate.seatTiers().stream().map(t -> {
            long used = report.seatsAfter().getOrDefault(t.key(), 0L);
            return new Seats(t.key(), t.capacity(), used, Math.max(0, used - t.capacity()));
        }).toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PlannedChange.Kind kind : PlannedChange.Kind.values()) {
            counts.put(kind.name().toLowerCase(Locale.ROOT), report.counts().getOrDefault(kind, 0L));
        }
        Map<String, List<SyncService.Entry>> users = new LinkedHashMap<>();
        report.users().forEach((kind, list) -> users.put(kind.name().toLowerCase(Locale.ROOT), list));
        return new PreviewRepresentation(report.examined(), counts, users, seats, new Lockout(guard.refused(),
                guard.message(), guard.topRole(), guard.losing(), guard.selfDemotion()));
    }
}
