package io.kcprovisioning.admin.ui;

import io.kcprovisioning.policy.ProductProfile;
import io.kcprovisioning.policy.ProductProfiles;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Realm settings → Provisioning: a declarative admin-console tab (feature {@code declarative-ui}) that shows the
 * realm's policy as a form and saves it through the same checks as {@code PUT /provisioning/policy}. The console
 * stores the form as one realm component of the tab type; {@link PolicyTabMirror} keeps that component showing the
 * current policy, {@link ProvisioningTabSave} turns a save into a policy.
 */
public final class ProvisioningTabFactory implements UiTabProviderFactory<ComponentModel> {

    /** The tab's id: its URL is {@code #/{realm}/realm-settings/provisioning} and its title the message key. */
    public static final String PROVIDER_ID = "provisioning";

    /** The components endpoint, the only path a save from the tab takes (a realm import takes others). */
    private static final Pattern COMPONENTS_ENDPOINT = Pattern.compile(
            "(^|/)admin/realms/[^/]+/components(/[^/]+)?/?$");

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(ProvisioningTabForm.PROFILE).type(ProviderConfigProperty.LIST_TYPE)
            .label("provisioningTabProfile").helpText("provisioningTabProfileHelp")
            .options(ProductProfiles.all().stream().map(ProductProfile::id).toList())
            .defaultValue(ProductProfiles.CUSTOM).add()
            .property().name(ProvisioningTabForm.MODE).type(ProviderConfigProperty.LIST_TYPE)
            .label("provisioningTabMode").helpText("provisioningTabModeHelp")
            .options(Arrays.stream(ProvisioningMode.values()).map(ProvisioningMode::wireName).toList())
            .defaultValue(ProvisioningMode.MANUAL.wireName()).add()
            .property().name(ProvisioningTabForm.GROUP_MAPPINGS).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .label("provisioningTabGroupMappings").helpText("provisioningTabGroupMappingsHelp")
            .defaultValue(false).add()
            .property().name(ProvisioningTabForm.ROLE_GROUPS).type(ProviderConfigProperty.MAP_TYPE)
            .label("provisioningTabRoleGroups").helpText("provisioningTabRoleGroupsHelp").add()
            .property().name(ProvisioningTabForm.TIER_GROUPS).type(ProviderConfigProperty.MAP_TYPE)
            .label("provisioningTabTierGroups").helpText("provisioningTabTierGroupsHelp").add()
            .property().name(ProvisioningTabForm.SEAT_CAPACITIES).type(ProviderConfigProperty.MAP_TYPE)
            .label("provisioningTabSeatCapacities").helpText("provisioningTabSeatCapacitiesHelp").add()
            .property().name(ProvisioningTabForm.JIT_GROUP_CLAIM).type(ProviderConfigProperty.STRING_TYPE)
            .label("provisioningTabJitGroupClaim").helpText("provisioningTabJitGroupClaimHelp")
            .defaultValue("groups").add()
            .property().name(ProvisioningTabForm.CONTACT).type(ProviderConfigProperty.STRING_TYPE)
            .label("provisioningTabContact").helpText("provisioningTabContactHelp").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The realm's provisioning policy: profile, mode, group mappings and seats";
    }

    @Override
    public String getPath() {
        // the optional ':tab?' lets the tab show on the page the left navigation's Realm settings link opens
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", PROVIDER_ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        if (PolicyTabMirror.isWriting(session)) {
            return;
        }
        boolean another = realm.getComponentsStream(realm.getId(), PolicyTabMirror.PROVIDER_TYPE)
                .anyMatch(c -> PROVIDER_ID.equals(c.getProviderId()) && !c.getId().equals(model.getId()));
        if (another) {
            throw TabRefusals.refusal(session, realm, "provisioningTabOnePerRealm");
        }
        if (!fromComponentsEndpoint(session)) {
            return; // a realm import: its policy is mirrored into the tab once the realm exists
        }
        boolean created = model.getId() == null || realm.getComponent(model.getId()) == null;
        if (created && RealmPolicyStore.isConfigured(realm)) {
            // the console showed the fields' defaults, not the policy (its component was removed): saving them
            // would reset the policy, so show the policy instead and let the admin reload
            String realmId = realm.getId();
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                PolicyTabMirror.mirror(s, r, RealmPolicyStore.get(r));
            });
            throw TabRefusals.refusal(session, realm, "provisioningTabStale");
        }
        ProvisioningTabSave.check(session, realm, model);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!PolicyTabMirror.isWriting(session) && fromComponentsEndpoint(session)) {
            ProvisioningTabSave.store(session, realm, model);
            showSaved(session, realm);
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel,
            ComponentModel newModel) {
        if (!PolicyTabMirror.isWriting(session) && fromComponentsEndpoint(session)) {
            ProvisioningTabSave.store(session, realm, newModel);
            showSaved(session, realm);
        }
    }

    /**
     * The tab shows the policy as saved, through the realm this save came with: the mirror the policy's save
     * event ran may have seen the realm through another adapter, without the tab being saved (the tab then showed
     * only the rows posted, once in a few runs of ProvisioningTabIT). A no-op when it shows it already.
     */
    private static void showSaved(KeycloakSession session, RealmModel realm) {
        PolicyTabMirror.mirror(session, realm, RealmPolicyStore.get(realm));
    }

    private static boolean fromComponentsEndpoint(KeycloakSession session) {
        HttpRequest request = session.getContext().getHttpRequest();
        return request != null && request.getUri() != null
                && COMPONENTS_ENDPOINT.matcher(request.getUri().getPath()).find();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                PolicyTabMirror.mirrorAll(factory);
            } else {
                PolicyTabMirror.onEvent(event);
            }
        });
    }

    @Override
    public void close() {
    }
}
