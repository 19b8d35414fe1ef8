package io.kcprovisioning.store;

import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.ProvisioningPolicy;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The realm component that holds the policy. Keycloak calls {@link #validateConfiguration} when the component is
 * created, updated or imported (admin API, realm import, our own API), so no write path stores a bad policy.
 */
public final class PolicyComponentFactory implements ProvisioningPolicyProviderFactory {

    public static final String PROVIDER_ID = "provisioning-policy";
    public static final String CONFIG_POLICY = "policy";

    @Override
    public ProvisioningPolicyProvider create(KeycloakSession session, ComponentModel model) {
        ProvisioningPolicy policy = RealmPolicyStore.parse(model);
        return () -> policy;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            ProvisioningPolicy policy = RealmPolicyStore.parse(model);
            RealmPolicyStore.validate(session, realm, policy);
        } catch (InvalidPolicyException e) {
            // Not a ComponentValidationException: the realm-import endpoint would answer that with a 500. This
            // answers 400 with the offending fields on the components endpoint, realm import and our own API.
            throw PolicyErrors.badRequest(e);
        }
        long others = realm.getComponentsStream(realm.getId(), ProvisioningPolicyProvider.class.getName())
                .filter(c -> !c.getId().equals(model.getId()))
                .count();
        if (others > 0) {
            throw PolicyErrors.badRequest(new InvalidPolicyException("$",
                    "a realm has one provisioning policy; update the existing one"));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        publishSaved(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        publishSaved(session, realm, newModel);
    }

    private static void publishSaved(KeycloakSession session, RealmModel realm, ComponentModel model) {
        session.getKeycloakSessionFactory().publish(new PolicySavedEvent(session, realm,
                RealmPolicyStore.parse(model)));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The realm's provisioning policy (mode, role and seat-tier catalogs, group mappings), as JSON";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CONFIG_POLICY).label("Policy").type(ProviderConfigProperty.TEXT_TYPE)
                .helpText("The provisioning policy as JSON; see the admin API GET /provisioning/policy").add()
                .build();
    }

    /** Seconds between scheduled Syncs of every realm not in Manual mode; 0 turns the schedule off. */
    public static final String CONFIG_SYNC_INTERVAL = "sync-interval";
    public static final long DEFAULT_SYNC_INTERVAL_SECONDS = 3600;
    private long syncIntervalSeconds = DEFAULT_SYNC_INTERVAL_SECONDS;

    @Override
    public void init(Config.Scope config) {
        syncIntervalSeconds = config.getLong(CONFIG_SYNC_INTERVAL, DEFAULT_SYNC_INTERVAL_SECONDS);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(CONFIG_SYNC_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Seconds between scheduled provisioning Syncs of every realm not in Manual mode (once per"
                        + " cluster); 0 turns the schedule off")
                .defaultValue(DEFAULT_SYNC_INTERVAL_SECONDS).add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(io.kcprovisioning.sync.SyncScheduler::onEvent);
        io.kcprovisioning.sync.SyncScheduler.schedule(factory, syncIntervalSeconds);
        // realm import stores components without onCreate: announce the imported policy once the realm exists
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmModel realm = created.getCreatedRealm();
                RealmPolicyStore.component(realm).ifPresent(model -> publishSaved(created.getKeycloakSession(),
                        realm, model));
            }
        });
    }

    @Override
    public void close() {
    }
}
