package io.kcprovisioning.admin.ui;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.store.PolicySavedEvent;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * Keeps the Provisioning tab's component showing the realm's policy. The admin console loads the tab's form from
 * that component, so whatever saved the policy last (the tab, the admin API, the components endpoint, a realm
 * import) the component is rewritten from it: created when missing, updated only when it shows something else.
 *
 * <p>Writing the component makes Keycloak call the tab factory's validation and {@code onUpdate}, which would save
 * the policy again: {@link #isWriting} tells them to leave this write alone, and a form that shows the current
 * policy saves nothing anyway, so a save never leads to another.
 */
final class PolicyTabMirror {

    private static final Logger LOG = Logger.getLogger(PolicyTabMirror.class);
    private static final String WRITING = PolicyTabMirror.class.getName() + ".writing";
    static final String PROVIDER_TYPE = UiTabProvider.class.getName();

    private PolicyTabMirror() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof PolicySavedEvent saved) {
            mirror(saved.session(), saved.realm(), saved.policy());
        }
    }

    /** Mirrors every configured realm's policy: realms whose policy was saved before the tab existed. */
    static void mirrorAll(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                .filter(RealmPolicyStore::isConfigured)
                .forEach(realm -> {
                    try {
                        mirror(session, realm, RealmPolicyStore.get(realm));
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Could not show the provisioning policy of realm %s in its admin-console tab",
                                realm.getName());
                    }
                }));
    }

    /** Whether this session is writing the tab's component from the policy right now. */
    static boolean isWriting(KeycloakSession session) {
        return session.getAttribute(WRITING) != null;
    }

    static void mirror(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy) {
        if (isWriting(session)) {
            return;
        }
        Optional<ComponentModel> existing = component(realm);
        if (existing.isPresent() && ProvisioningTabForm.shows(ProvisioningTabSave.form(existing.get()), policy)) {
            return;
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        ProvisioningTabForm.fromPolicy(policy).forEach(config::putSingle);
        session.setAttribute(WRITING, Boolean.TRUE);
        try {
            if (existing.isPresent()) {
                ComponentModel model = existing.get();
                model.setConfig(config);
                realm.updateComponent(model);
            } else {
                ComponentModel model = new ComponentModel();
                model.setName(ProvisioningTabFactory.PROVIDER_ID);
                model.setParentId(realm.getId());
                model.setProviderType(PROVIDER_TYPE);
                model.setProviderId(ProvisioningTabFactory.PROVIDER_ID);
                model.setConfig(config);
                realm.addComponentModel(model);
            }
        } finally {
            session.removeAttribute(WRITING);
        }
        LOG.debugf("Provisioning tab of realm %s shows its policy (mode %s, profile %s)", realm.getName(),
                policy.mode().wireName(), policy.profile());
    }

    /** The tab's component: the admin console loads the first component of the tab type with the tab's id. */
    static Optional<ComponentModel> component(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(c -> ProvisioningTabFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }
}
