package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.PlannedChange;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.sync.SyncService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.UserModel;

/** The answer of {@code POST policy/preview}. */
record PreviewRepresentation(long examined, Map<String, Long> counts, Map<String, List<PreviewUser>> users,
        List<Seats> seats, Lockout lockout) {

    /**
     * One user whom the change affects, named so that an admin recognises them.
     *
     * @param username null when the user is gone
     * @param email    null when unknown (and then left out of the JSON)
     * @param before   the standing now ("active owner / premium", "pending", "none")
     * @param after    the standing the change gives
     * @param reasonCode the decision's reason ({@code role-from-groups}, as members and explain name it)
     * @param reason   the decision's explanation, in English
     */
    record PreviewUser(String userId, String username, String email, String before, String after,
            String reasonCode, String reason) {

        static PreviewUser of(SyncService.Entry entry, UserModel user) {
            return new PreviewUser(entry.userId(), user == null ? null : user.getUsername(),
                    user == null ? null : user.getEmail(), entry.before(), entry.after(), entry.reasonCode(),
                    entry.reason());
        }
    }

    /**
     * Seats per tier after the change. {@code overCapacity} > 0 when the new capacity is below the seats members
     * keep: nobody is evicted (members keep the seat they hold), but no one else gets one until enough are freed.
     */
    record Seats(String tier, int capacity, long used, long overCapacity) {
    }

    record Lockout(boolean refused, String message, String topRole, List<String> losingTopRole,
            boolean leavesNoTopRole, String youWouldBe) {
    }

    /** {@code users} finds a Keycloak user by id (null when gone); called once per listed user. */
    static PreviewRepresentation of(SyncService.Report report, LockoutGuard guard, ProvisioningPolicy candidate,
            Function<String, UserModel> users) {
        List<Seats> seats = candidate.seatTiers().stream().map(t -> {
            long used = report.seatsAfter().getOrDefault(t.key(), 0L);
            return new Seats(t.key(), t.capacity(), used, Math.max(0, used - t.capacity()));
        }).toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PlannedChange.Kind kind : PlannedChange.Kind.values()) {
            counts.put(kind.name().toLowerCase(Locale.ROOT), report.counts().getOrDefault(kind, 0L));
        }
        Map<String, List<PreviewUser>> listed = new LinkedHashMap<>();
        report.users().forEach((kind, list) -> listed.put(kind.name().toLowerCase(Locale.ROOT), list.stream()
                .map(e -> PreviewUser.of(e, users.apply(e.userId()))).toList()));
        return new PreviewRepresentation(report.examined(), counts, listed, seats, new Lockout(guard.refused(),
                guard.message(), guard.topRole(), guard.losing(), guard.leavesNoTopRole(), guard.selfDemotion()));
    }
}
