package io.kcprovisioning.members;

import java.util.Locale;

/** What caused a member change; recorded on the member and in events. */
public enum ProvisioningSource {
    JIT,
    SCIM,
    SYNC,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
