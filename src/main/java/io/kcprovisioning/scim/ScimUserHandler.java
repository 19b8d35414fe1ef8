package io.kcprovisioning.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Email;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.GroupNode;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.features.EndpointType;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.kcprovisioning.members.MembershipService;
import io.kcprovisioning.members.ProvisioningSource;
import io.kcprovisioning.policy.ScimSettings;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * SCIM Users. Each SCIM user is a Keycloak user (same id) plus a directory row; every write ends in the shared
 * membership decision. Only userName is required and a missing {@code active} means true.
 */
final class ScimUserHandler extends ResourceHandler<User> {

    static final String RESOURCE_TYPE = "User";

    @Override
    public User createResource(User resource, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            String userName = userName(resource);
            checkLengths(resource);
            if (dir.userByUserName(userName).isPresent()) {
                throw new ConflictException("A user with userName '" + userName + "' exists already",
                        ScimType.RFC7644.UNIQUENESS);
            }
            KeycloakSession session = ctx.session();
            UserModel adoptable = adoptable(ctx, dir, resource, userName).orElse(null);
            User[] created = new User[1];
            // Keycloak's batch mode: the user, its role grants and the directory rows are written in the one flush that
            // ends every write (ScimRequestContext.write) instead of one flush per grant (as Keycloak's realm import)
            EntityManagers.runInBatch(session, () -> created[0] = create(ctx, dir, resource, userName, adoptable),
                    false);
            return created[0];
        });
    }

    private static User create(ScimRequestContext ctx, ScimDirectory dir, User resource, String userName,
            UserModel adoptable) {
        KeycloakSession session = ctx.session();
        RealmModel realm = ctx.realm();
        boolean adopted = adoptable != null;
        UserModel user = adopted ? adoptable : session.users().addUser(realm, userName);
        applyToKeycloak(user, resource, userName);
        long now = System.currentTimeMillis();
        ScimUserEntity row = new ScimUserEntity();
        row.setId(user.getId());
        row.setRealmId(realm.getId());
        row.setCreated(now);
        row.setVersion(1);
        fillRow(row, resource, userName, now);
        dir.persist(row);
        dir.insertAttributes(row.getId(), ScimFlattening.user(resource));
        ScimProvisioning provisioning = new ScimProvisioning(session, realm, ctx.policy(), dir);
        if (!row.isActive()) {
            provisioning.cutOff(user);
        }
        ScimEvents.userChanged(ctx, row, adopted ? "adopt" : "create");
        provisioning.reevaluate(row, !adopted); // the seat itself is taken at commit
        return read(ctx, row, List.of()); // a new SCIM user is in no group yet
    }

    @Override
    public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
            Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.read(() -> {
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            return dir.user(id, false).map(row -> read(ctx, dir, row)).orElse(null);
        });
    }

    @Override
    public User getResourceForUpdate(String id, List<SchemaAttribute> attributes,
            List<SchemaAttribute> excludedAttributes, Context context, EndpointType endpointType) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.read(() -> {
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            return dir.user(id, ctx.lockToPatch()).map(row -> read(ctx, dir, row)).orElse(null);
        });
    }

    @Override
    public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
            SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
            List<SchemaAttribute> excludedAttributes, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
        ScimListing.Page<ScimUserEntity> page = ScimListing.users(dir, startIndex, count, filter, sortBy, sortOrder);
        List<User> users = readAll(ctx, dir, page.rows());
        return PartialListResponse.<User>builder().resources(users).totalResults(page.total()).build();
    }

    @Override
    public User updateResource(User resource, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        return ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            String id = resource.getId().orElseThrow(() -> new BadRequestException("id is missing",
                    ScimType.RFC7644.INVALID_VALUE));
            ScimUserEntity row = dir.user(id, true).orElseThrow(() -> notFound(id));
            String userName = userName(resource);
            checkLengths(resource);
            if (!userName.equalsIgnoreCase(row.getUserName())) {
                dir.userByUserName(userName).ifPresent(other -> {
                    throw new ConflictException("A user with userName '" + userName + "' exists already",
                            ScimType.RFC7644.UNIQUENESS);
                });
            }
            UserModel user = ctx.session().users().getUserById(ctx.realm(), id);
            if (user == null) {
                throw notFound(id);
            }
            boolean wasActive = row.isActive();
            try {
                applyToKeycloak(user, resource, userName);
            } catch (ModelDuplicateException e) { // a Keycloak user outside the directory holds this userName
                throw new ConflictException(e.getMessage(), ScimType.RFC7644.UNIQUENESS);
            }
            fillRow(row, resource, userName, System.currentTimeMillis());
            row.setVersion(row.getVersion() + 1);
            dir.replaceAttributes(row.getId(), ScimFlattening.user(resource));
            ScimProvisioning provisioning = new ScimProvisioning(ctx.session(), ctx.realm(), ctx.policy(), dir);
            if (wasActive && !row.isActive()) {
                provisioning.cutOff(user);
            }
            ScimEvents.userChanged(ctx, row, wasActive == row.isActive() ? "update"
                    : row.isActive() ? "restore" : "deactivate");
            User updated = read(ctx, dir, row);
            provisioning.reevaluate(row);
            return updated;
        });
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimRequestContext ctx = ScimRequestContext.of(context);
        ctx.write(() -> {
            ctx.requireScimMode();
            ScimDirectory dir = new ScimDirectory(ctx.session(), ctx.realm());
            ScimUserEntity row = dir.user(id, true).orElseThrow(() -> notFound(id));
            KeycloakSession session = ctx.session();
            RealmModel realm = ctx.realm();
            dir.removeUserFromAllGroups(id);
            dir.replaceAttributes(id, List.of());
            row.setActive(false);
            dir.remove(row);
            UserModel user = session.users().getUserById(realm, id);
            if (user != null) {
                MembershipService.seatsAtCommit(session, realm, c -> { }).deprovision(ctx.policy(), user,
                        "deleted", "Deleted by the directory (SCIM DELETE)", ProvisioningSource.SCIM);
                new ScimProvisioning(session, realm, ctx.policy(), dir).cutOff(user);
                if (ctx.policy().scim().deleteAction() == ScimSettings.DeleteAction.DELETE) {
                    session.users().removeUser(realm, user);
                }
            }
            ScimEvents.userChanged(ctx, row, "delete");
        });
    }

    private static Optional<UserModel> adoptable(ScimRequestContext ctx, ScimDirectory dir, User resource,
            String userName) {
        KeycloakSession session = ctx.session();
        for (String key : ctx.policy().scim().adoptBy()) {
            UserModel candidate = switch (key) {
                case "userName" -> session.users().getUserByUsername(ctx.realm(), userName);
                case "email" -> primaryEmail(resource).map(e -> byEmail(ctx, dir, e)).orElse(null);
                default -> null;
            };
            if (candidate != null) {
                if (dir.user(candidate.getId(), false).isPresent()) {
                    throw new ConflictException("Keycloak user '" + candidate.getUsername()
                            + "' is already provisioned by SCIM under another userName", ScimType.RFC7644.UNIQUENESS);
                }
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The user to adopt by email: in a realm that allows duplicate emails, the one user with that email that no
     * SCIM resource holds (none, or several: nobody is adopted, a new user is made); otherwise the one user with
     * that email, whoever holds it (a SCIM-held one is a uniqueness conflict).
     */
    private static UserModel byEmail(ScimRequestContext ctx, ScimDirectory dir, String email) {
        KeycloakSession session = ctx.session();
        if (!ctx.realm().isDuplicateEmailsAllowed()) {
            return session.users().getUserByEmail(ctx.realm(), email);
        }
        List<UserModel> free = session.users().searchForUserStream(ctx.realm(),
                        Map.of(UserModel.EMAIL, email, UserModel.EXACT, "true"))
                .filter(u -> email.equalsIgnoreCase(u.getEmail()))
                .filter(u -> dir.user(u.getId(), false).isEmpty())
                .limit(2)
                .toList();
        return free.size() == 1 ? free.get(0) : null;
    }

    private static void applyToKeycloak(UserModel user, User resource, String userName) {
        if (!userName.equalsIgnoreCase(user.getUsername())) {
            user.setUsername(userName);
        }
        user.setEmail(primaryEmail(resource).orElse(null));
        Optional<Name> name = resource.getName();
        user.setFirstName(name.flatMap(Name::getGivenName).orElse(null));
        user.setLastName(name.flatMap(Name::getFamilyName).orElse(null));
        user.setEnabled(resource.isActive().orElse(true));
    }

    private static void fillRow(ScimUserEntity row, User resource, String userName, long now) {
        row.setUserName(userName);
        row.setUserNameLower(ScimDirectory.lower(userName));
        row.setExternalId(resource.getExternalId().orElse(null));
        row.setDisplayName(resource.getDisplayName().orElse(null));
        row.setGivenName(resource.getName().flatMap(Name::getGivenName).orElse(null));
        row.setFamilyName(resource.getName().flatMap(Name::getFamilyName).orElse(null));
        row.setActive(resource.isActive().orElse(true));
        row.setResource(ScimResources.toStored(resource));
        row.setLastModified(now);
    }

    static User read(ScimRequestContext ctx, ScimDirectory dir, ScimUserEntity row) {
        return read(ctx, row, dir.groupsOf(row.getId()));
    }

    /** A page of users, with the groups of all of them read in one query. */
    static List<User> readAll(ScimRequestContext ctx, ScimDirectory dir, List<ScimUserEntity> rows) {
        java.util.Map<String, List<ScimGroupEntity>> groups = dir.groupsOfUsers(
                rows.stream().map(ScimUserEntity::getId).toList());
        return rows.stream().map(row -> read(ctx, row, groups.getOrDefault(row.getId(), List.of()))).toList();
    }

    private static User read(ScimRequestContext ctx, ScimUserEntity row, List<ScimGroupEntity> groupsOfUser) {
        User user = ScimResources.fromStored(row.getResource(), User.class);
        user.setId(row.getId());
        user.setUserName(row.getUserName());
        user.setActive(row.isActive());
        List<GroupNode> groups = groupsOfUser.stream()
                .map(g -> GroupNode.builder().value(g.getId()).display(g.getDisplayName()).type("direct")
                        .ref(ctx.getCrossResourceReferenceUrl(g.getId(), ScimGroupHandler.RESOURCE_TYPE)
                                .orElse(null))
                        .build())
                .toList();
        user.setGroups(groups);
        user.setMeta(ScimResources.meta(RESOURCE_TYPE, row.getCreated(), row.getLastModified(), row.getVersion(),
                ctx.getResourceReferenceUrl(row.getId())));
        return user;
    }

    private static String userName(User resource) {
        String userName = resource.getUserName().map(String::trim).orElse("");
        if (userName.isEmpty()) {
            throw new BadRequestException("userName is required", ScimType.RFC7644.INVALID_VALUE);
        }
        if (userName.length() > 255 || ScimDirectory.lower(userName).length() > 255) {
            throw new BadRequestException("userName is longer than 255 characters", ScimType.RFC7644.INVALID_VALUE);
        }
        return userName;
    }

    /**
     * Values longer than their column are refused, never cut (an email cut short is another address, an externalId
     * cut short no longer matches the IdP's filter): 255 characters for what Keycloak keeps (the primary email, the
     * given and family names), {@value ScimDirectory#MAX_NAME} for externalId and displayName.
     */
    private static void checkLengths(User resource) {
        ScimResources.checkLength("the primary email", primaryEmail(resource), 255);
        ScimResources.checkLength("name.givenName", resource.getName().flatMap(Name::getGivenName), 255);
        ScimResources.checkLength("name.familyName", resource.getName().flatMap(Name::getFamilyName), 255);
        ScimResources.checkLength("externalId", resource.getExternalId(), ScimDirectory.MAX_NAME);
        ScimResources.checkLength("displayName", resource.getDisplayName(), ScimDirectory.MAX_NAME);
    }

    static Optional<String> primaryEmail(User resource) {
        List<Email> emails = resource.getEmails();
        return emails.stream().filter(e -> e.isPrimary()).findFirst()
                .or(() -> emails.stream().filter(e -> e.getType().map("work"::equalsIgnoreCase).orElse(false))
                        .findFirst())
                .or(() -> emails.stream().findFirst())
                .flatMap(Email::getValue)
                .map(String::trim)
                .filter(s -> !s.isEmpty());
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("No user with id '" + id + "'", null, null);
    }
}
