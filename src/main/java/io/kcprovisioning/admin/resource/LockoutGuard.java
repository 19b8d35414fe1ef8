package io.kcprovisioning.admin.resource;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.sync.SyncService;
import java.util.List;
import java.util.Map;

/**
 * Refuses a policy that would leave the organization with nobody in its most permissive role (Owner, or Admin in
 * profiles without Owner), naming who would lose it, and one that would demote the admin saving it.
 *
 * @param refused   whether the save is refused (unless forced)
 * @param message   why, for the admin (in English; a console words it from the other fields in its language)
 * @param topRole   the most permissive role's name
 * @param losing    usernames of those who would lose the most permissive role
 * @param selfDemotion the acting admin's change, when it is a demotion or removal ("active owner -> active user")
 * @param leavesNoTopRole whether nobody would be left in the most permissive role
 */
public record LockoutGuard(boolean refused, String message, String topRole, List<String> losing, String selfDemotion,
        boolean leavesNoTopRole) {

    static LockoutGuard of(ProvisioningPolicy candidate, SyncService.Report report, List<String> losing) {
        String top = candidate.roles().isEmpty() ? null : candidate.roles().get(0).name();
        boolean lockout = report.topRoleBefore() > 0 && report.topRoleAfter() == 0;
        String self = null;
        for (Map.Entry<String, SyncService.Entry> e : report.watched().entrySet()) {
            SyncService.Entry entry = e.getValue();
            if (!entry.before().equals(entry.after()) && demotes(candidate, entry)) {
                self = entry.before() + " -> " + entry.after();
            }
        }
        StringBuilder message = new StringBuilder();
        if (lockout) {
            message.append("This policy leaves the organization with no ").append(top).append(": ")
                    .append(String.join(", ", losing)).append(" would lose the role.");
        }
        if (self != null) {
            if (!message.isEmpty()) {
                message.append(' ');
            }
            message.append("It would demote you (").append(self).append(").");
        }
        return new LockoutGuard(lockout || self != null, message.toString(), top, losing, self, lockout);
    }

    private static boolean demotes(ProvisioningPolicy policy, SyncService.Entry entry) {
        String[] before = entry.before().split(" ");
        String[] after = entry.after().split(" ");
        if (!"active".equals(before[0])) {
            return false;
        }
        if (!"active".equals(after[0]) || after.length < 2) {
            return true;
        }
        int rankBefore = before.length < 2 ? Integer.MAX_VALUE : policy.roleRank(before[1]);
        int rankAfter = policy.roleRank(after[1]);
        return rankBefore >= 0 && rankAfter > rankBefore;
    }
}
