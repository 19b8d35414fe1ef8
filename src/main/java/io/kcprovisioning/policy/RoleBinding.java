package io.kcprovisioning.policy;

/**
 * The Keycloak role that a catalog entry grants: a realm role when {@code client} is null, otherwise a role of
 * the client whose clientId is {@code client}.
 */
public record RoleBinding(String client, String role) {

    public static RoleBinding realmRole(String role) {
        return new RoleBinding(null, role);
    }

    public static RoleBinding clientRole(String client, String role) {
        return new RoleBinding(client, role);
    }

    public boolean isClientRole() {
        return client != null;
    }

    @Override
    public String toString() {
        return isClientRole() ? client + "/" + role : role;
    }
}
