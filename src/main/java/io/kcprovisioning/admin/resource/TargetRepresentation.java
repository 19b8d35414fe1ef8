package io.kcprovisioning.admin.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcprovisioning.outbound.TargetSettings;
import java.util.List;

/**
 * An outbound SCIM target as the admin API reads and writes it. {@code auth.secret} is write-only: answers carry
 * {@code auth.secretSet} instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetRepresentation(String id, String name, Boolean enabled, String baseUrl, Auth auth, Scope scope,
        Boolean pushGroups, String deprovision, Integer rateLimit, List<String> quirks, String inboundConnection) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Auth(String type, String secret, String secretRef, String username, String clientId,
            String tokenUrl, String scope, Boolean secretSet) {
    }

    public record Scope(String kind, List<String> keys) {
    }

    static TargetRepresentation of(TargetSettings t, boolean secretStored) {
        TargetSettings.Auth a = t.auth();
        return new TargetRepresentation(t.id(), t.name(), t.enabled(), t.baseUrl(),
                new Auth(a.type() == null ? null : a.type().wireName(), null, a.secretRef(), a.username(),
                        a.clientId(), a.tokenUrl(), a.scope(), a.secretRef() != null || secretStored),
                new Scope(t.scope().kind() == null ? null : t.scope().kind().wireName(), t.scope().keys()),
                t.pushGroups(), t.deprovision() == null ? null : t.deprovision().wireName(), t.rateLimit(),
                t.quirks().stream().sorted().toList(), t.inboundConnection());
    }
}
