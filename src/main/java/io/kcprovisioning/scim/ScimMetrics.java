package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Micrometer metrics of the SCIM endpoint, on Keycloak's metrics endpoint ({@code --metrics-enabled=true}):
 * {@code provisioning_scim_requests_total{operation,status}}, {@code provisioning_scim_errors_total{operation,status}}
 * and the latency timer {@code provisioning_scim_request_seconds{operation}}.
 */
final class ScimMetrics {

    private ScimMetrics() {
    }

    /** A low-cardinality operation name: {@code users.create}, {@code groups.patch}, {@code bulk}, ... */
    static String operation(HttpMethod method, String path) {
        String p = path == null ? "" : path;
        int v2 = p.indexOf("/scim/v2/");
        String rest = v2 < 0 ? "" : p.substring(v2 + "/scim/v2/".length());
        String[] parts = rest.split("/");
        String type = parts.length == 0 || parts[0].isEmpty() ? "root" : parts[0].toLowerCase(Locale.ROOT);
        boolean byId = parts.length > 1 && !parts[1].isEmpty() && !".search".equals(parts[1]);
        return switch (type) {
            case "users", "groups" -> type + "." + switch (method) {
                case GET -> byId ? "get" : "list";
                case POST -> parts.length > 1 && ".search".equals(parts[1]) ? "search" : "create";
                case PUT -> "replace";
                case PATCH -> "patch";
                case DELETE -> "delete";
            };
            case "bulk" -> "bulk";
            case ".search" -> "search";
            case "serviceproviderconfig", "schemas", "resourcetypes" -> "discovery";
            default -> "other";
        };
    }

    static void record(String operation, int status, long nanos) {
        String statusTag = Integer.toString(status);
        Counter.builder("provisioning.scim.requests").description("SCIM requests")
                .tag("operation", operation).tag("status", statusTag)
                .register(Metrics.globalRegistry).increment();
        if (status >= 400) {
            Counter.builder("provisioning.scim.errors").description("SCIM requests answered with an error")
                    .tag("operation", operation).tag("status", statusTag)
                    .register(Metrics.globalRegistry).increment();
        }
        Timer.builder("provisioning.scim.request").description("SCIM request latency")
                .tag("operation", operation)
                .register(Metrics.globalRegistry).record(Duration.ofNanos(nanos));
    }
}
