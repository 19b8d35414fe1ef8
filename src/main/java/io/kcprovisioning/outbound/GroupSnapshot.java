package io.kcprovisioning.outbound;

import java.util.List;

/**
 * A policy group as one target should see it, read when its outbox row is claimed.
 *
 * @param resourceId    the group's outbox resource id ({@link PolicyGroups#resourceId})
 * @param displayName   the mapped group, or null when the policy no longer maps it (or the target no longer pushes
 *                      groups): then it is taken back
 * @param remoteId      the group's id at the target (its link), or null
 * @param memberIds     the target's ids of the members it should hold: the group's members that this target's scope
 *                      holds and that are linked there already
 * @param unlinked      members the scope holds that are not linked at the target yet; each is added once its own
 *                      delivery links it
 */
public record GroupSnapshot(String resourceId, String displayName, String remoteId, List<String> memberIds,
        int unlinked) {

    public GroupSnapshot {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }

    /** What the target should hold for this group. */
    public UserSnapshot.Want want() {
        if (displayName != null) {
            return UserSnapshot.Want.PRESENT;
        }
        return remoteId == null ? UserSnapshot.Want.NOTHING : UserSnapshot.Want.DELETED;
    }
}
