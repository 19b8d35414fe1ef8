package io.kcprovisioning.outbound;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm's outbound targets: realm components of type {@link OutboundTargetProvider} (validated by Keycloak on
 * every write, see {@link TargetComponentFactory}), each with its secret in {@link TargetSecrets}.
 */
public final class TargetStore {

    private final KeycloakSession session;
    private final RealmModel realm;

    public TargetStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public static Stream<TargetSettings> all(RealmModel realm) {
        return components(realm).map(TargetConfig::read);
    }

    public List<TargetSettings> list() {
        return all(realm).sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList();
    }

    public Optional<TargetSettings> find(String id) {
        return component(id).map(TargetConfig::read);
    }

    public boolean secretStored(String id) {
        return new TargetSecrets(session, realm).isStored(id);
    }

    /** Creates the target; {@code secret} (null: none, as with a vault reference) is stored encrypted. */
    public TargetSettings create(TargetSettings settings, String secret) {
        ComponentModel model = new ComponentModel();
        model.setParentId(realm.getId());
        model.setProviderType(TargetComponentFactory.PROVIDER_TYPE);
        model.setProviderId(TargetComponentFactory.PROVIDER_ID);
        TargetConfig.write(settings, model);
        ComponentModel created = realm.addComponentModel(model);
        storeSecret(created.getId(), settings, secret);
        return TargetConfig.read(created);
    }

    /** Replaces the target's settings; {@code secret} null keeps the stored one (unless a vault reference replaces it). */
    public TargetSettings update(String id, TargetSettings settings, String secret) {
        ComponentModel model = component(id).orElseThrow();
        TargetConfig.write(settings, model);
        realm.updateComponent(model);
        storeSecret(id, settings, secret);
        return TargetConfig.read(model);
    }

    public boolean delete(String id) {
        Optional<ComponentModel> model = component(id);
        model.ifPresent(realm::removeComponent);
        return model.isPresent();
    }

    private void storeSecret(String id, TargetSettings settings, String secret) {
        TargetSecrets secrets = new TargetSecrets(session, realm);
        if (settings.auth().secretRef() != null) {
            secrets.remove(id);
        } else if (secret != null) {
            secrets.store(id, secret);
        }
    }

    /** An HTTP client for the target with its secret resolved, or empty when it has no secret. */
    public Optional<TargetHttp> http(TargetSettings target) {
        return new TargetSecrets(session, realm).resolve(target).map(secret -> new TargetHttp(
                session.getProvider(HttpClientProvider.class).getHttpClient(), target, secret,
                OutboundOptions.current()));
    }

    private Optional<ComponentModel> component(String id) {
        return components(realm).filter(c -> c.getId().equals(id)).findFirst();
    }

    private static Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), TargetComponentFactory.PROVIDER_TYPE)
                .filter(c -> TargetComponentFactory.PROVIDER_ID.equals(c.getProviderId()));
    }
}
