package io.kcprovisioning.outbound;

import com.fasterxml.jackson.databind.JsonNode;

/** What a target says it supports in its ServiceProviderConfig (RFC 7643 section 5). */
public record TargetCapabilities(boolean patch, boolean bulk, int bulkMaxOperations, boolean etag, boolean filter,
        int filterMaxResults, boolean sort) {

    /** What is assumed of a target whose ServiceProviderConfig cannot be read: nothing beyond RFC 7644's core. */
    public static final TargetCapabilities MINIMAL = new TargetCapabilities(false, false, 0, false, false, 0, false);

    public static TargetCapabilities parse(JsonNode spc) {
        return new TargetCapabilities(supported(spc, "patch"), supported(spc, "bulk"),
                spc.path("bulk").path("maxOperations").asInt(0), supported(spc, "etag"), supported(spc, "filter"),
                spc.path("filter").path("maxResults").asInt(0), supported(spc, "sort"));
    }

    private static boolean supported(JsonNode spc, String feature) {
        JsonNode s = spc.path(feature).path("supported");
        return s.isBoolean() ? s.booleanValue() : "true".equalsIgnoreCase(s.asText());
    }
}
