package io.kcprovisioning.outbound;

import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import io.kcprovisioning.store.RealmPolicyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The realm component of one outbound SCIM target. Keycloak calls {@link #validateConfiguration} when a target is
 * created, updated or imported (this extension's API, the components endpoint, realm import), so no write path
 * stores a bad target; removing one takes its secret, queued changes and links with it. Owns the server's outbound
 * options.
 */
public final class TargetComponentFactory implements OutboundTargetProviderFactory {

    public static final String PROVIDER_ID = "provisioning-scim-target";
    public static final String PROVIDER_TYPE = OutboundTargetProvider.class.getName();

    static final String OPT_ALLOW_HTTP = "allow-http";
    static final String OPT_ALLOW_PRIVATE = "allow-private-addresses";
    static final String OPT_TICK = "delivery-interval";
    static final String OPT_LEASE = "lease-seconds";
    static final String OPT_TIMEOUT = "timeout-seconds";
    static final String OPT_WORKERS = "workers";
    static final String OPT_CIRCUIT = "circuit-after";
    static final String OPT_RETENTION = "retention-days";

    @Override
    public OutboundTargetProvider create(KeycloakSession session, ComponentModel model) {
        TargetSettings settings = TargetConfig.read(model);
        return () -> settings;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        TargetSettings settings = TargetConfig.read(model);
        List<TargetViolation> violations = new ArrayList<>(TargetValidator.validate(settings,
                context(realm, OutboundOptions.current().urls(), true)));
        boolean nameTaken = settings.name() != null && realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .anyMatch(c -> !c.getId().equals(model.getId()) && settings.name().equalsIgnoreCase(c.getName()));
        if (nameTaken) {
            violations.add(TargetViolation.of("name", "provisioningTargetNameTaken", settings.name()));
        }
        if (settings.inboundConnection() != null
                && !ChangeOrigins.isConnection(session, realm, settings.inboundConnection())) {
            violations.add(TargetViolation.of("inboundConnection", "provisioningTargetInboundConnection",
                    settings.inboundConnection()));
        }
        if (!violations.isEmpty()) {
            throw TargetErrors.badRequest(session, violations);
        }
    }

    /** What the validator checks a target of {@code realm} against: the server's URL rules and the catalogs. */
    public static TargetValidator.Context context(RealmModel realm, TargetUrls.Rules rules, boolean secretKnown) {
        ProvisioningPolicy policy = RealmPolicyStore.get(realm);
        Set<String> roles = policy.roles().stream().map(RoleDefinition::key).collect(Collectors.toSet());
        Set<String> tiers = policy.seatTiers().stream().map(SeatTierDefinition::key).collect(Collectors.toSet());
        return new TargetValidator.Context(rules, TargetUrls.Resolver.DNS, roles, tiers, secretKnown);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        TargetRows.targetRemoved(session, model.getId());
        TargetHealth.forget(model.getId());
        TargetSenders.forget(model.getId());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "A downstream application that members are pushed to over SCIM 2.0 (manage it at"
                + " /admin/realms/{realm}/provisioning/targets: secrets are never stored in the component)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(TargetConfig.BASE_URL).label("SCIM base URL").type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property().name(TargetConfig.ENABLED).label("Enabled").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true").add()
                .property().name(TargetConfig.AUTH_TYPE).label("Authentication").type(ProviderConfigProperty.LIST_TYPE)
                .options("bearer", "basic", "oauth2").add()
                .property().name(TargetConfig.SECRET_REF).label("Secret (vault reference)")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TargetConfig.USERNAME).label("User name (basic)")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TargetConfig.CLIENT_ID).label("Client id (OAuth 2)")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TargetConfig.TOKEN_URL).label("Token URL (OAuth 2)")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TargetConfig.OAUTH_SCOPE).label("Scope (OAuth 2)")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(TargetConfig.SCOPE_KIND).label("Members pushed").type(ProviderConfigProperty.LIST_TYPE)
                .options("all", "tiers", "roles").defaultValue("all").add()
                .property().name(TargetConfig.SCOPE_KEYS).label("Seat tiers or roles pushed")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
                .property().name(TargetConfig.PUSH_GROUPS).label("Push groups")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(TargetConfig.DEPROVISION).label("On deprovisioning")
                .type(ProviderConfigProperty.LIST_TYPE).options("deactivate", "delete").defaultValue("deactivate").add()
                .property().name(TargetConfig.RATE_LIMIT).label("Requests per second (0: no limit)")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("0").add()
                .property().name(TargetConfig.QUIRKS).label("Quirks").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add()
                .build();
    }

    @Override
    public void init(Config.Scope config) {
        OutboundOptions d = OutboundOptions.DEFAULTS;
        OutboundOptions.set(new OutboundOptions(
                new TargetUrls.Rules(config.getBoolean(OPT_ALLOW_HTTP, false),
                        config.getBoolean(OPT_ALLOW_PRIVATE, false)),
                Math.max(0, config.getLong(OPT_TICK, d.tickSeconds())),
                Math.max(5, config.getLong(OPT_LEASE, d.leaseSeconds())),
                Math.max(1, config.getInt(OPT_TIMEOUT, d.timeoutSeconds())),
                Math.max(1, config.getInt(OPT_WORKERS, d.workers())),
                Math.max(0, config.getInt(OPT_CIRCUIT, d.circuitAfter())),
                Math.max(1, config.getInt(OPT_RETENTION, d.retentionDays()))));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        OutboundOptions d = OutboundOptions.DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property().name(OPT_ALLOW_HTTP).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Allow outbound SCIM targets (and OAuth token URLs) over plain http").add()
                .property().name(OPT_ALLOW_PRIVATE).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Allow targets whose host resolves to a loopback, private or link-local address").add()
                .property().name(OPT_TICK).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.tickSeconds())
                .helpText("Seconds between periodic outbound delivery ticks (retries, missed kicks); 0: off").add()
                .property().name(OPT_LEASE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.leaseSeconds())
                .helpText("Seconds a node holds a claimed change before another node may deliver it").add()
                .property().name(OPT_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(d.timeoutSeconds())
                .helpText("Connect and read timeout of a call to a target, in seconds").add()
                .property().name(OPT_WORKERS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.workers())
                .helpText("Outbound delivery threads per node").add()
                .property().name(OPT_CIRCUIT).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(d.circuitAfter())
                .helpText("Failed delivery attempts in a row after which a target is paused until an admin resumes"
                        + " it (its changes are kept); 0: never").add()
                .property().name(OPT_RETENTION).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(d.retentionDays())
                .helpText("Days a delivered change is kept in the outbox before it is purged").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(TargetRows::onEvent);
        OutboundDelivery.start(factory, OutboundOptions.current());
        OutboundMetrics.start(factory);
    }

    @Override
    public void close() {
    }
}
