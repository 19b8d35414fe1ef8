package io.kcprovisioning.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.etag.ETag;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import java.time.Instant;
import java.util.Optional;

/**
 * Converting SCIM resources to their stored JSON and back, with the meta block built from the row; refusing values
 * longer than their column.
 */
final class ScimResources {

    private ScimResources() {
    }

    /** The JSON to store: the resource without what is computed on read (id, meta, groups, members, password). */
    static String toStored(ResourceNode resource) {
        ObjectNode copy = resource.deepCopy();
        copy.remove("id");
        copy.remove("meta");
        copy.remove("groups");
        copy.remove("members");
        copy.remove("password");
        return copy.toString();
    }

    static <T extends ResourceNode> T fromStored(String json, Class<T> type) {
        return JsonHelper.readJsonDocument(json == null ? "{}" : json, type);
    }

    static Meta meta(String resourceType, long created, long lastModified, long version, String location) {
        return Meta.builder()
                .resourceType(resourceType)
                .created(Instant.ofEpochMilli(created))
                .lastModified(Instant.ofEpochMilli(lastModified))
                .version(ETag.builder().weak(true).tag(Long.toString(version)).build())
                .location(location)
                .build();
    }

    /** Refuses a value longer than {@code max} characters (its column): never cut. */
    static void checkLength(String what, Optional<String> value, int max) {
        if (value.map(String::length).orElse(0) > max) {
            throw new BadRequestException(what + " is longer than " + max + " characters",
                    ScimType.RFC7644.INVALID_VALUE);
        }
    }
}
