package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.features.EndpointType;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SCIM Groups: directory groups that admins map to roles and seat tiers. Members are users of this SCIM endpoint;
 * a membership change re-decides exactly the users it touched.
 */
final class ScimGroupHandler extends ResourceHandler<Group> {

    static final String RESOURCE_TYPE = "Group";

    @Override
    public Group createResource(Group resource, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            String displayName = displayName(resource);
            if (dir.groupByDisplayName(displayName).isPresent()) {
                throw new ConflictException("A group with displayName '" + displayName + "' exists already",
                        ScimType.RFC7644.UNIQUENESS);
            }
            Set<String> members = memberIds(resource);
            lockMembers(dir, members, members); // each must exist: checked as they are locked
            long now = System.currentTimeMillis();
            ScimGroupEntity row = new ScimGroupEntity();
            row.setId(org.keycloak.models.utils.KeycloakModelUtils.generateId());
            row.setRealmId(ctx.realm().getId());
            row.setCreated(now);
            row.setVersion(1);
            fillRow(row, resource, displayName, now);
            dir.persist(row);
            members.forEach(userId -> dir.addMember(row.getId(), userId));
            new ScimProvisioning(ctx.session(), ctx.realm(), ctx.policy(), dir).reevaluate(members);
            ScimEvents.groupChanged(ctx, row, "create", members.size(), 0);
            return read(ctx, dir, row, true);
        });
    }

    @Override
    public Group getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
            Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.read(() -> {
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            return dir.group(id, false).map(row -> read(ctx, dir, row, wantsMembers(attributes,
                    excludedAttributes))).orElse(null);
        });
    }

    @Override
    public Group getResourceForUpdate(String id, List<SchemaAttribute> attributes,
            List<SchemaAttribute> excludedAttributes, Context context, EndpointType endpointType) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.read(() -> {
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            return dir.group(id, ctx.lockToPatch()).map(row -> read(ctx, dir, row, true)).orElse(null);
        });
    }

    @Override
    public PartialListResponse<Group> listResources(long startIndex, int count, FilterNode filter,
            SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
            List<SchemaAttribute> excludedAttributes, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
        ScimListing.Page<ScimGroupEntity> page = ScimListing.groups(dir, startIndex, count, filter, sortBy,
                sortOrder);
        boolean members = wantsMembers(attributes, excludedAttributes);
        List<Group> groups = page.rows().stream().map(row -> read(ctx, dir, row, members)).toList();
        return PartialListResponse.<Group>builder().resources(groups).totalResults(page.total()).build();
    }

    @Override
    public Group updateResource(Group resource, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            String id = resource.getId().orElseThrow(() -> new BadRequestException("id is missing",
                    ScimType.RFC7644.INVALID_VALUE));
            ScimGroupEntity row = dir.group(id, true).orElseThrow(() -> notFound(id));
            String displayName = displayName(resource);
            if (!displayName.equalsIgnoreCase(row.getDisplayName())) {
                dir.groupByDisplayName(displayName).ifPresent(other -> {
                    throw new ConflictException("A group with displayName '" + displayName + "' exists already",
                            ScimType.RFC7644.UNIQUENESS);
                });
            }
            boolean renamed = !displayName.equals(row.getDisplayName())
                    || !java.util.Objects.equals(resource.getExternalId().orElse(null), row.getExternalId());
            Set<String> wanted = memberIds(resource);
            requireUsers(wanted, dir.existingUsers(wanted, false));
            Set<String> current = new LinkedHashSet<>(dir.memberIds(id));
            Set<String> added = new LinkedHashSet<>(wanted);
            added.removeAll(current);
            Set<String> removed = new LinkedHashSet<>(current);
            removed.removeAll(wanted);
            Set<String> touched = new LinkedHashSet<>(added);
            touched.addAll(removed);
            if (renamed) {
                touched.addAll(wanted); // the group's names changed: every member's mappings may change
            }
            lockMembers(dir, touched, added);
            added.forEach(userId -> dir.addMember(id, userId));
            removed.forEach(userId -> dir.removeMember(id, userId));
            fillRow(row, resource, displayName, System.currentTimeMillis());
            row.setVersion(row.getVersion() + 1);
            new ScimProvisioning(ctx.session(), ctx.realm(), ctx.policy(), dir).reevaluate(touched);
            ScimEvents.groupChanged(ctx, row, "update", added.size(), removed.size());
            return read(ctx, dir, row, true);
        });
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            ScimGroupEntity row = dir.group(id, true).orElseThrow(() -> notFound(id));
            lockMembers(dir, new LinkedHashSet<>(dir.memberIds(id)), Set.of());
            List<String> members = dir.removeAllMembers(id);
            dir.remove(row);
            new ScimProvisioning(ctx.session(), ctx.realm(), ctx.policy(), dir).reevaluate(members);
            ScimEvents.groupChanged(ctx, row, "delete", 0, members.size());
        });
    }

    /** The users a group write names as members (that they exist is checked by the caller). */
    private static Set<String> memberIds(Group resource) {
        Set<String> ids = new LinkedHashSet<>();
        int position = 0;
        for (Member member : resource.getMembers()) {
            position++;
            String value = member.getValue().map(String::trim).orElse("");
            if (value.isEmpty()) {
                // ignoring it would drop a member the client meant (a PUT would empty the group)
                throw new BadRequestException("Group member " + position + " has no value (the id of a user)"
                        + member.getDisplay().map(d -> ", display '" + d + "'").orElse(""),
                        ScimType.RFC7644.INVALID_VALUE);
            }
            if (member.getType().map(t -> !"User".equalsIgnoreCase(t)).orElse(false)) {
                throw new BadRequestException("Only users can be group members (member '" + value + "' has type '"
                        + member.getType().get() + "')", ScimType.RFC7644.INVALID_VALUE);
            }
            ids.add(value);
        }
        return ids;
    }

    /**
     * Locks the users whose membership a group write changes before it changes anything (see
     * {@link ScimDirectory#existingUsers}); those it adds must still exist once locked (not deleted meanwhile).
     */
    private static void lockMembers(ScimDirectory dir, Set<String> touched, Set<String> added) {
        requireUsers(added, dir.existingUsers(touched, true));
    }

    private static void requireUsers(Set<String> ids, Set<String> existing) {
        for (String id : ids) {
            if (!existing.contains(id)) {
                throw new BadRequestException("Member '" + id + "' is not a user of this directory",
                        ScimType.RFC7644.INVALID_VALUE);
            }
        }
    }

    private static void fillRow(ScimGroupEntity row, Group resource, String displayName, long now) {
        row.setDisplayName(displayName);
        row.setDisplayNameLower(ScimDirectory.lower(displayName));
        ScimResources.checkLength("externalId", resource.getExternalId(), ScimDirectory.MAX_NAME);
        row.setExternalId(resource.getExternalId().orElse(null));
        row.setResource(ScimResources.toStored(resource));
        row.setLastModified(now);
    }

    static Group read(ScimRequestContext ctx, ScimDirectory dir, ScimGroupEntity row, boolean withMembers) {
        Group group = ScimResources.fromStored(row.getResource(), Group.class);
        group.setId(row.getId());
        group.setDisplayName(row.getDisplayName());
        if (withMembers) {
            Set<String> seen = new HashSet<>();
            List<Member> members = dir.members(row.getId()).stream()
                    .filter(m -> seen.add(m.userId()))
                    .map(m -> Member.builder().value(m.userId()).type("User").display(m.display())
                            .ref(ctx.getCrossResourceReferenceUrl(m.userId(), ScimUserHandler.RESOURCE_TYPE)
                                    .orElse(null))
                            .build())
                    .toList();
            group.setMembers(members);
        }
        group.setMeta(ScimResources.meta(RESOURCE_TYPE, row.getCreated(), row.getLastModified(), row.getVersion(),
                ctx.getResourceReferenceUrl(row.getId())));
        return group;
    }

    private static boolean wantsMembers(List<SchemaAttribute> attributes, List<SchemaAttribute> excluded) {
        if (excluded != null && excluded.stream().anyMatch(a -> "members".equalsIgnoreCase(a.getName()))) {
            return false;
        }
        return attributes == null || attributes.isEmpty()
                || attributes.stream().anyMatch(a -> "members".equalsIgnoreCase(a.getName())
                        || "members".equalsIgnoreCase(a.getParent() == null ? null : a.getParent().getName()));
    }

    private static String displayName(Group resource) {
        String name = resource.getDisplayName().map(String::trim).orElse("");
        if (name.isEmpty()) {
            throw new BadRequestException("displayName is required", ScimType.RFC7644.INVALID_VALUE);
        }
        if (name.length() > ScimDirectory.MAX_NAME || ScimDirectory.lower(name).length() > ScimDirectory.MAX_NAME) {
            throw new BadRequestException("displayName is longer than " + ScimDirectory.MAX_NAME + " characters",
                    ScimType.RFC7644.INVALID_VALUE);
        }
        return name;
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("No group with id '" + id + "'", null, null);
    }
}
