package io.kcprovisioning.scim;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Finds the account the directory pushed for a brokered login, for the SCIM account link at first login. */
public final class ScimAccounts {

    private ScimAccounts() {
    }

    /**
     * The Keycloak user that SCIM provisioned and that this brokered identity stands for: same userName
     * (case-insensitive), else same email. Only users of the realm's SCIM directory are considered.
     */
    public static Optional<UserModel> forBrokeredLogin(KeycloakSession session, RealmModel realm, String username,
            String email) {
        ScimDirectory directory = new ScimDirectory(session, realm);
        if (username != null && !username.isBlank()) {
            Optional<UserModel> byName = directory.userByUserName(username.trim())
                    .map(row -> session.users().getUserById(realm, row.getId()));
            if (byName.isPresent() && byName.get() != null) {
                return byName;
            }
        }
        if (email != null && !email.isBlank()) {
            UserModel byEmail = session.users().getUserByEmail(realm, email.trim());
            if (byEmail != null && directory.user(byEmail.getId(), false).isPresent()) {
                return Optional.of(byEmail);
            }
        }
        return Optional.empty();
    }
}
