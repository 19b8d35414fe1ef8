package io.kcprovisioning.policy;

import java.util.Locale;

/** How users arrive in a realm. Manual is the default: the extension then changes nothing. */
public enum ProvisioningMode {
    MANUAL,
    JIT,
    SCIM;

    /** The lowercase name used in JSON, the admin API and realm exports. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name ({@code manual}, {@code jit}, {@code scim}), case-insensitively. */
    public static ProvisioningMode fromWireName(String value) {
        if (value == null) {
            throw new IllegalArgumentException("mode is required");
        }
        for (ProvisioningMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "' (expected manual, jit or scim)");
    }
}
