package io.kcprovisioning.store;

import io.kcprovisioning.policy.InvalidPolicyException;
import io.kcprovisioning.policy.PolicyJson;
import io.kcprovisioning.policy.PolicyValidator;
import io.kcprovisioning.policy.PolicyViolation;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Reads and writes a realm's policy, kept in one realm component of type {@link ProvisioningPolicyProvider}. The
 * component is exported and imported with the realm and cached (and invalidated across nodes) by Keycloak's realm
 * cache; the parsed form is memoised per component and config text.
 */
public final class RealmPolicyStore {

    public static final String PROVIDER_TYPE = ProvisioningPolicyProvider.class.getName();
    static final String COMPONENT_NAME = "provisioning-policy";

    private record Parsed(String json, ProvisioningPolicy policy) {
    }

    private static final ConcurrentMap<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private RealmPolicyStore() {
    }

    /** The realm's policy; {@link ProvisioningPolicy#unconfigured()} when it was never set. */
    public static ProvisioningPolicy get(RealmModel realm) {
        return component(realm).map(RealmPolicyStore::parse).orElseGet(ProvisioningPolicy::unconfigured);
    }

    public static boolean isConfigured(RealmModel realm) {
        return component(realm).isPresent();
    }

    static Optional<ComponentModel> component(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(c -> PolicyComponentFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }

    /**
     * Stores the policy; returns it as stored. Keycloak validates the component on the write itself
     * ({@link PolicyComponentFactory#validateConfiguration}), so a bad policy is refused there with a 400.
     */
    public static ProvisioningPolicy save(RealmModel realm, ProvisioningPolicy policy) {
        String json = PolicyJson.write(policy);
        Optional<ComponentModel> existing = component(realm);
        if (existing.isPresent()) {
            ComponentModel model = existing.get();
            model.getConfig().putSingle(PolicyComponentFactory.CONFIG_POLICY, json);
            realm.updateComponent(model);
        } else {
            ComponentModel model = new ComponentModel();
            model.setName(COMPONENT_NAME);
            model.setParentId(realm.getId());
            model.setProviderType(PROVIDER_TYPE);
            model.setProviderId(PolicyComponentFactory.PROVIDER_ID);
            model.getConfig().putSingle(PolicyComponentFactory.CONFIG_POLICY, json);
            realm.addComponentModel(model);
        }
        return policy;
    }

    /** Parses a stored component; throws {@link InvalidPolicyException} when its JSON is malformed. */
    static ProvisioningPolicy parse(ComponentModel model) {
        String json = model.getConfig() == null ? null
                : model.getConfig().getFirst(PolicyComponentFactory.CONFIG_POLICY);
        if (json == null) {
            throw new InvalidPolicyException(PolicyComponentFactory.CONFIG_POLICY, "is required");
        }
        String key = model.getId();
        if (key != null) {
            Parsed cached = PARSED.get(key);
            if (cached != null && cached.json().equals(json)) {
                return cached.policy();
            }
        }
        ProvisioningPolicy policy = PolicyJson.read(json);
        if (key != null) {
            PARSED.put(key, new Parsed(json, policy));
        }
        return policy;
    }

    /** The engine's checks plus the ones that need the realm: every bound role must exist. */
    public static void validate(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy) {
        List<PolicyViolation> violations = new ArrayList<>(PolicyValidator.validate(policy));
        List<RoleDefinition> roles = policy.roles();
        for (int i = 0; i < roles.size(); i++) {
            RoleDefinition role = roles.get(i);
            if (role != null && role.binding() != null) {
                checkBinding(realm, "roles[" + i + "].binding", role.binding(), violations);
            }
        }
        List<SeatTierDefinition> tiers = policy.seatTiers();
        for (int i = 0; i < tiers.size(); i++) {
            SeatTierDefinition tier = tiers.get(i);
            if (tier != null && tier.binding() != null) {
                checkBinding(realm, "seatTiers[" + i + "].binding", tier.binding(), violations);
            }
        }
        checkOrganizations(session, realm, policy, violations);
        if (!violations.isEmpty()) {
            throw new InvalidPolicyException(violations);
        }
    }

    private static void checkOrganizations(KeycloakSession session, RealmModel realm, ProvisioningPolicy policy,
            List<PolicyViolation> violations) {
        List<String> aliases = policy.scim().organizations();
        if (aliases.isEmpty()) {
            return;
        }
        if (!realm.isOrganizationsEnabled()) {
            violations.add(new PolicyViolation("scim.organizations", "organizations are not enabled in realm '"
                    + realm.getName() + "'"));
            return;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (int i = 0; i < aliases.size(); i++) {
            if (organizations != null && organizations.getByAlias(aliases.get(i)) == null) {
                violations.add(new PolicyViolation("scim.organizations[" + i + "]", "organization '"
                        + aliases.get(i) + "' does not exist in realm '" + realm.getName() + "'"));
            }
        }
    }

    private static void checkBinding(RealmModel realm, String path, RoleBinding binding,
            List<PolicyViolation> violations) {
        if (binding.role() == null || binding.role().isBlank()) {
            return; // already reported by the validator
        }
        if (binding.isClientRole()) {
            ClientModel client = realm.getClientByClientId(binding.client());
            if (client == null) {
                violations.add(new PolicyViolation(path + ".client", "client '" + binding.client()
                        + "' does not exist in realm '" + realm.getName() + "'"));
            } else if (client.getRole(binding.role()) == null) {
                violations.add(new PolicyViolation(path + ".role", "client role '" + binding
                        + "' does not exist"));
            }
        } else if (realm.getRole(binding.role()) == null) {
            violations.add(new PolicyViolation(path + ".role", "realm role '" + binding.role()
                    + "' does not exist in realm '" + realm.getName() + "'"));
        }
    }
}
