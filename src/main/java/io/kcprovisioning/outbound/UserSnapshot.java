package io.kcprovisioning.outbound;

/**
 * A user's current state as one target should see it, read when its outbox row is claimed. {@code exists}: the
 * Keycloak user still exists; {@code inScope}: an active member the target's scope holds.
 *
 * @param remoteId the user's id at the target (its link), or null
 * @param linkedUserName the userName last pushed (for a user deleted since), or null
 */
public record UserSnapshot(String userId, boolean exists, boolean inScope, String userName, String firstName,
        String lastName, String email, boolean enabled, String roleKey, String roleName, String tierKey,
        String tierName, String remoteId, String linkedUserName) {

    /** What the target should hold for this user. */
    public enum Want { PRESENT, DEACTIVATED, DELETED, NOTHING }

    public Want want(TargetSettings.Deprovision deprovision) {
        if (exists && inScope) {
            return Want.PRESENT;
        }
        if (remoteId == null) {
            return Want.NOTHING; // never pushed there: nothing to take back
        }
        return deprovision == TargetSettings.Deprovision.DELETE ? Want.DELETED : Want.DEACTIVATED;
    }
}
