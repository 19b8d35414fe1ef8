package io.kcprovisioning.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcprovisioning.policy.JitSettings;
import io.kcprovisioning.policy.ProvisioningMode;
import io.kcprovisioning.policy.ProvisioningPolicy;
import io.kcprovisioning.policy.RoleBinding;
import io.kcprovisioning.policy.RoleDefinition;
import io.kcprovisioning.policy.ScimSettings;
import io.kcprovisioning.policy.SeatTierDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyGroupsTest {

    private static ProvisioningPolicy policy(boolean groupMappings) {
        return new ProvisioningPolicy("custom", ProvisioningMode.JIT, groupMappings,
                List.of(new RoleDefinition("owner", "Owner", RoleBinding.realmRole("o"), List.of("owners", "staff")),
                        new RoleDefinition("user", "User", RoleBinding.realmRole("u"), List.of("staff"))),
                List.of(new SeatTierDefinition("premium", "Premium", 5, null, List.of("premium", " "))),
                JitSettings.defaults(), null, ScimSettings.defaults());
    }

    @Test
    void mappedGroupsOfRolesAndTiersEachOnceInCatalogOrder() {
        assertThat(PolicyGroups.of(policy(true))).containsExactly("owners", "staff", "premium");
    }

    @Test
    void noGroupsWhileGroupMappingsAreOff() {
        assertThat(PolicyGroups.of(policy(false))).isEmpty();
    }

    @Test
    void resourceIdIsStableAndLeadsBackToTheGroup() {
        String id = PolicyGroups.resourceId("staff");
        assertThat(id).isEqualTo(PolicyGroups.resourceId("staff")).hasSize(36).isNotEqualTo(
                PolicyGroups.resourceId("owners"));
        assertThat(PolicyGroups.byResourceId(policy(true), id)).contains("staff");
        assertThat(PolicyGroups.byResourceId(policy(false), id)).isEmpty();
    }

    @Test
    void mappedKeepsOnlyThePolicysGroups() {
        assertThat(PolicyGroups.mapped(policy(true), List.of("marketing", "premium", "owners")))
                .containsExactly("owners", "premium");
    }
}
