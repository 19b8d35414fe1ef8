package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ETagFeature;
import de.captaingoldfish.scim.sdk.server.schemas.custom.ResourceTypeFeatures;
import java.util.List;

/**
 * The SCIM SDK's endpoint, built once per server: ServiceProviderConfig (filter, sort, PATCH with the Microsoft
 * Entra workarounds, ETag, Bulk), and the User and Group resource types with filtering and sorting left to the
 * database.
 */
final class ScimEndpoints {

    static final int MAX_RESULTS = 1000;
    static final int BULK_MAX_OPERATIONS = 1000;
    static final long MAX_PAYLOAD_BYTES = 2L * 1024 * 1024;

    private static volatile ResourceEndpoint endpoint;

    private ScimEndpoints() {
    }

    static ResourceEndpoint get() {
        ResourceEndpoint e = endpoint;
        if (e == null) {
            synchronized (ScimEndpoints.class) {
                e = endpoint;
                if (e == null) {
                    e = build();
                    endpoint = e;
                }
            }
        }
        return e;
    }

    private static ResourceEndpoint build() {
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(MAX_RESULTS).build())
                .sortConfig(SortConfig.builder().supported(true).build())
                .patchConfig(PatchConfig.builder()
                        .supported(true)
                        .doNotFailOnNoTarget(true)
                        .activateMsAzureFilterWorkaround(true)
                        .activateMsAzureValueSubAttributeWorkaround(true)
                        .activateMsAzureComplexSimpleValueWorkaround(true)
                        .build())
                .eTagConfig(ETagConfig.builder().supported(true).build())
                .bulkConfig(BulkConfig.builder().supported(true).maxOperations(BULK_MAX_OPERATIONS)
                        .maxPayloadSize(MAX_PAYLOAD_BYTES).build())
                .changePasswordConfig(ChangePasswordConfig.builder().supported(false).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder()
                        .name("Connection token")
                        .description("Long-lived bearer token created in Keycloak: POST"
                                + " /admin/realms/{realm}/provisioning/scim/tokens")
                        .type("oauthbearertoken")
                        .primary(true)
                        .build()))
                .caseInsensitiveValidation(true)
                .lenientContentTypeChecking(true)
                .build();
        ResourceEndpoint resourceEndpoint = new ResourceEndpoint(provider);
        ResourceType users = resourceEndpoint.registerEndpoint(new UserEndpointDefinition(new ScimUserHandler()));
        users.setFeatures(features());
        ResourceType groups = resourceEndpoint.registerEndpoint(new GroupEndpointDefinition(new ScimGroupHandler()));
        groups.setFeatures(features());
        return resourceEndpoint;
    }

    private static ResourceTypeFeatures features() {
        return ResourceTypeFeatures.builder()
                .autoFiltering(false)
                .autoSorting(false)
                .eTagFeature(ETagFeature.builder().enabled(true).build())
                .build();
    }
}
