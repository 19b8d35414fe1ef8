package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.PlannedChange;
import io.kcprovisioning.sync.SyncService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The answer of {@code POST policy/preview}. */
record PreviewRepresentation(long examined, Map<String, Long> counts, Map<String, List<SyncService.Entry>> users,
        Lockout lockout) {

    record Lockout(boolean refused, String message, String topRole, List<String> losingTopRole,
            String youWouldBe) {
    }

    static PreviewRepresentation of(SyncService.Report report, LockoutGuard guard) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PlannedChange.Kind kind : PlannedChange.Kind.values()) {
            counts.put(kind.name().toLowerCase(Locale.ROOT), report.counts().getOrDefault(kind, 0L));
        }
        Map<String, List<SyncService.Entry>> users = new LinkedHashMap<>();
        report.users().forEach((kind, list) -> users.put(kind.name().toLowerCase(Locale.ROOT), list));
        return new PreviewRepresentation(report.examined(), counts, users, new Lockout(guard.refused(),
                guard.message(), guard.topRole(), guard.losing(), guard.selfDemotion()));
    }
}
