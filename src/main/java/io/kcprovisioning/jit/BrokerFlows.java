package io.kcprovisioning.jit;

import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.store.PolicySavedEvent;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

/**
 * Wires provisioning into a realm's broker flows, so operators do not edit flows by hand:
 * <ul>
 * <li>{@value #FIRST_BROKER_FLOW} (JIT and Manual): a copy of the realm's built-in first broker login flow with
 * "Provisioning: JIT admission" placed before the user creation/linking step;</li>
 * <li>{@value #SCIM_FIRST_BROKER_FLOW} (SCIM): "Provisioning: SCIM account link" alone, which links the login to
 * the account the directory pushed (no "account already exists" step) and creates nobody;</li>
 * <li>{@value #POST_BROKER_FLOW}: "Provisioning: JIT login" alone (in SCIM mode it only lets active members
 * in);</li>
 * <li>every identity provider that uses the built-in first broker login flow, none, or the other provisioning
 * flow gets the one of the realm's mode; every one without a post broker login flow gets ours; the realm's default
 * first broker login binding too, so IdPs added later with the default pick it up. IdPs with custom flows are left
 * alone and reported.</li>
 * </ul>
 * Runs when a policy is saved (any write path) or imported, and on demand through the admin API.
 */
public final class BrokerFlows {

    public static final String FIRST_BROKER_FLOW = "provisioning first broker login";
    public static final String SCIM_FIRST_BROKER_FLOW = "provisioning scim first broker login";
    public static final String POST_BROKER_FLOW = "provisioning post broker login";
    static final String BUILT_IN_FIRST_BROKER_FLOW = "first broker login";
    private static final String CREATE_USER = "idp-create-user-if-unique";
    private static final Logger LOG = Logger.getLogger(BrokerFlows.class);

    /**
     * How one identity provider is wired.
     *
     * @param alias                the IdP alias
     * @param firstBrokerLoginFlow alias of the flow it uses at first login (null: the realm default)
     * @param postBrokerLoginFlow  alias of its post broker login flow, or null
     * @param wired                whether both provisioning authenticators run for it
     * @param note                 what an operator should do, when not wired
     */
    public record IdpWiring(String alias, String firstBrokerLoginFlow, String postBrokerLoginFlow, boolean wired,
            String note) {
    }

    private BrokerFlows() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof PolicySavedEvent saved) {
            wireIfProvisioning(saved.session(), saved.realm(), saved.policy().mode());
        }
    }

    /** An admin added an identity provider: it is wired like the others when the realm provisions. */
    static void identityProviderAdded(KeycloakSession session, RealmModel realm) {
        wireIfProvisioning(session, realm, RealmPolicyStore.get(realm).mode());
    }

    private static void wireIfProvisioning(KeycloakSession session, RealmModel realm, ProvisioningMode mode) {
        if (mode != ProvisioningMode.MANUAL || realm.getFlowByAlias(SCIM_FIRST_BROKER_FLOW) != null) {
            wire(session, realm, mode);
        }
    }

    /** Wires for the realm's current mode. */
    public static List<IdpWiring> wire(KeycloakSession session, RealmModel realm) {
        return wire(session, realm, RealmPolicyStore.get(realm).mode());
    }

    /**
     * Creates the flows when missing and binds the one of the mode where no custom flow is in the way; returns the
     * result. Leaving SCIM mode binds the JIT flow back, since the SCIM one creates nobody.
     */
    static List<IdpWiring> wire(KeycloakSession session, RealmModel realm, ProvisioningMode mode) {
        AuthenticationFlowModel builtIn = realm.getFlowByAlias(BUILT_IN_FIRST_BROKER_FLOW);
        AuthenticationFlowModel jitFlow = ensureFirstBrokerFlow(session, realm, builtIn);
        AuthenticationFlowModel scimFlow = mode == ProvisioningMode.SCIM ? ensureScimFirstBrokerFlow(realm)
                : realm.getFlowByAlias(SCIM_FIRST_BROKER_FLOW);
        AuthenticationFlowModel first = mode == ProvisioningMode.SCIM ? scimFlow : jitFlow;
        AuthenticationFlowModel other = mode == ProvisioningMode.SCIM ? jitFlow : scimFlow;
        AuthenticationFlowModel post = ensurePostBrokerFlow(realm);
        java.util.function.Predicate<String> replaceable = id -> id == null
                || builtIn != null && id.equals(builtIn.getId()) || other != null && id.equals(other.getId());
        if (first != null && replaceable.test(realm.getFirstBrokerLoginFlow() == null ? null
                : realm.getFirstBrokerLoginFlow().getId())) {
            realm.setFirstBrokerLoginFlow(first);
        }
        session.identityProviders().getAllStream().forEach(idp -> {
            boolean changed = false;
            String fbl = idp.getFirstBrokerLoginFlowId();
            if (first != null && !first.getId().equals(fbl) && replaceable.test(fbl)) {
                idp.setFirstBrokerLoginFlowId(first.getId());
                changed = true;
            }
            if (idp.getPostBrokerLoginFlowId() == null || idp.getPostBrokerLoginFlowId().isEmpty()) {
                idp.setPostBrokerLoginFlowId(post.getId());
                changed = true;
            }
            if (changed) {
                session.identityProviders().update(idp);
                LOG.infof("Realm %s: identity provider %s wired for provisioning (%s)", realm.getName(),
                        idp.getAlias(), mode.wireName());
            }
        });
        List<IdpWiring> status = status(session, realm, mode);
        status.stream().filter(s -> !s.wired()).forEach(s -> LOG.warnf(
                "Realm %s: identity provider %s is not wired for provisioning: %s", realm.getName(), s.alias(),
                s.note()));
        return status;
    }

    /** How every identity provider of the realm is wired for its mode, without changing anything. */
    public static List<IdpWiring> status(KeycloakSession session, RealmModel realm) {
        return status(session, realm, RealmPolicyStore.get(realm).mode());
    }

    static List<IdpWiring> status(KeycloakSession session, RealmModel realm, ProvisioningMode mode) {
        boolean scim = mode == ProvisioningMode.SCIM;
        String firstAuthenticator = scim ? ScimLinkAuthenticatorFactory.PROVIDER_ID
                : JitAdmissionAuthenticatorFactory.PROVIDER_ID;
        String firstName = scim ? "Provisioning: SCIM account link" : "Provisioning: JIT admission";
        List<IdpWiring> out = new ArrayList<>();
        session.identityProviders().getAllStream()
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .forEach(idp -> {
                    AuthenticationFlowModel fbl = idp.getFirstBrokerLoginFlowId() == null
                            ? realm.getFirstBrokerLoginFlow()
                            : realm.getAuthenticationFlowById(idp.getFirstBrokerLoginFlowId());
                    AuthenticationFlowModel pbl = idp.getPostBrokerLoginFlowId() == null
                            || idp.getPostBrokerLoginFlowId().isEmpty() ? null
                            : realm.getAuthenticationFlowById(idp.getPostBrokerLoginFlowId());
                    boolean admits = fbl != null && contains(realm, fbl, firstAuthenticator);
                    boolean applies = pbl != null && contains(realm, pbl, JitLoginAuthenticatorFactory.PROVIDER_ID);
                    List<String> notes = new ArrayList<>();
                    if (!admits) {
                        notes.add(scim ? "set its first broker login flow to '" + SCIM_FIRST_BROKER_FLOW + "'"
                                : "add '" + firstName + "' (REQUIRED) before user creation in its first broker"
                                        + " login flow '" + alias(fbl) + "'");
                    }
                    if (!applies) {
                        notes.add(pbl == null ? "set its post broker login flow to '" + POST_BROKER_FLOW + "'"
                                : "add 'Provisioning: JIT login' (REQUIRED) to its post broker login flow '"
                                        + pbl.getAlias() + "'");
                    }
                    out.add(new IdpWiring(idp.getAlias(), alias(fbl), pbl == null ? null : pbl.getAlias(),
                            admits && applies, notes.isEmpty() ? null : String.join("; ", notes)));
                });
        return out;
    }

    private static AuthenticationFlowModel ensureFirstBrokerFlow(KeycloakSession session, RealmModel realm,
            AuthenticationFlowModel builtIn) {
        AuthenticationFlowModel ours = realm.getFlowByAlias(FIRST_BROKER_FLOW);
        if (ours != null) {
            return ours;
        }
        if (builtIn == null) {
            LOG.warnf("Realm %s has no '%s' flow to copy; wire 'Provisioning: JIT admission' by hand",
                    realm.getName(), BUILT_IN_FIRST_BROKER_FLOW);
            return null;
        }
        ours = AuthenticationManagementResource.copyFlow(session, realm, builtIn, FIRST_BROKER_FLOW);
        ours.setDescription("First broker login with Keycloak Provisioning's JIT admission check");
        realm.updateAuthenticationFlow(ours);

        List<AuthenticationExecutionModel> top = realm.getAuthenticationExecutionsStream(ours.getId())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority))
                .toList();
        int insertAt = 0;
        for (int i = 0; i < top.size(); i++) {
            AuthenticationExecutionModel e = top.get(i);
            if (CREATE_USER.equals(e.getAuthenticator())
                    || e.isAuthenticatorFlow() && contains(realm, realm.getAuthenticationFlowById(e.getFlowId()),
                            CREATE_USER)) {
                insertAt = i;
                break;
            }
        }
        AuthenticationExecutionModel admission = new AuthenticationExecutionModel();
        admission.setParentFlow(ours.getId());
        admission.setAuthenticator(JitAdmissionAuthenticatorFactory.PROVIDER_ID);
        admission.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        admission.setAuthenticatorFlow(false);
        int priority = 10;
        for (int i = 0; i < top.size(); i++) {
            if (i == insertAt) {
                admission.setPriority(priority);
                priority += 10;
            }
            AuthenticationExecutionModel e = top.get(i);
            e.setPriority(priority);
            realm.updateAuthenticatorExecution(e);
            priority += 10;
        }
        if (top.isEmpty()) {
            admission.setPriority(priority);
        }
        realm.addAuthenticatorExecution(admission);
        return ours;
    }

    private static AuthenticationFlowModel ensureScimFirstBrokerFlow(RealmModel realm) {
        AuthenticationFlowModel ours = realm.getFlowByAlias(SCIM_FIRST_BROKER_FLOW);
        if (ours != null) {
            return ours;
        }
        ours = new AuthenticationFlowModel();
        ours.setAlias(SCIM_FIRST_BROKER_FLOW);
        ours.setDescription("Keycloak Provisioning, SCIM mode: links a first login to the account the directory"
                + " pushed; creates nobody");
        ours.setProviderId("basic-flow");
        ours.setTopLevel(true);
        ours.setBuiltIn(false);
        ours = realm.addAuthenticationFlow(ours);
        AuthenticationExecutionModel link = new AuthenticationExecutionModel();
        link.setParentFlow(ours.getId());
        link.setAuthenticator(ScimLinkAuthenticatorFactory.PROVIDER_ID);
        link.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        link.setAuthenticatorFlow(false);
        link.setPriority(10);
        realm.addAuthenticatorExecution(link);
        return ours;
    }

    private static AuthenticationFlowModel ensurePostBrokerFlow(RealmModel realm) {
        AuthenticationFlowModel ours = realm.getFlowByAlias(POST_BROKER_FLOW);
        if (ours != null) {
            return ours;
        }
        ours = new AuthenticationFlowModel();
        ours.setAlias(POST_BROKER_FLOW);
        ours.setDescription("Keycloak Provisioning: role, seat tier and seat at every brokered login");
        ours.setProviderId("basic-flow");
        ours.setTopLevel(true);
        ours.setBuiltIn(false);
        ours = realm.addAuthenticationFlow(ours);
        AuthenticationExecutionModel login = new AuthenticationExecutionModel();
        login.setParentFlow(ours.getId());
        login.setAuthenticator(JitLoginAuthenticatorFactory.PROVIDER_ID);
        login.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        login.setAuthenticatorFlow(false);
        login.setPriority(10);
        realm.addAuthenticatorExecution(login);
        return ours;
    }

    private static boolean contains(RealmModel realm, AuthenticationFlowModel flow, String authenticator) {
        if (flow == null) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flow.getId()).anyMatch(e ->
                e.getRequirement() != AuthenticationExecutionModel.Requirement.DISABLED
                        && (Objects.equals(authenticator, e.getAuthenticator())
                        || e.isAuthenticatorFlow() && contains(realm, realm.getAuthenticationFlowById(e.getFlowId()),
                                authenticator)));
    }

    private static String alias(AuthenticationFlowModel flow) {
        return flow == null ? null : flow.getAlias();
    }
}
