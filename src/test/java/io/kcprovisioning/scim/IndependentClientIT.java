package io.kcprovisioning.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import io.kcprovisioning.testing.ScimRealm;
import io.kcprovisioning.testing.TestKeycloak;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.List;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An independent SCIM client (UnboundID's scim2-sdk-client on Jersey) against the endpoint. */
class IndependentClientIT {

    private static ScimRealm realm;
    private static Client client;
    private static ScimService scim;

    @BeforeAll
    static void connect() {
        realm = ScimRealm.create(TestKeycloak.admin(), "unboundid");
        client = JerseyClientBuilder.createClient(new ClientConfig().connectorProvider(
                new JavaNetHttpConnectorProvider()));
        String token = realm.scim().token();
        client.register((ClientRequestFilter) request -> request.getHeaders().putSingle("Authorization",
                "Bearer " + token));
        scim = new ScimService(client.target(realm.scim().base()));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void readsTheServiceProviderConfig() throws ScimException {
        ServiceProviderConfigResource config = scim.getServiceProviderConfig();

        assertThat(config.getPatch().isSupported()).isTrue();
        assertThat(config.getFilter().isSupported()).isTrue();
    }

    @Test
    void createsReadsSearchesModifiesAndDeletesAUser() throws ScimException {
        UserResource user = new UserResource().setUserName("unbound@example.test")
                .setName(new Name().setGivenName("Un").setFamilyName("Bound"))
                .setEmails(new Email().setValue("unbound@example.test").setType("work").setPrimary(true));

        UserResource created = scim.create("Users", user);
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getMeta().getVersion()).isNotBlank();

        UserResource read = scim.retrieve("Users", created.getId(), UserResource.class);
        assertThat(read.getName().getFamilyName()).isEqualTo("Bound");

        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter(Filter.eq("userName", "UNBOUND@example.test").toString())
                .invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);

        UserResource modified = scim.modifyRequest("Users", created.getId())
                .replaceValue("displayName", "Unbound Client")
                .invoke(UserResource.class);
        assertThat(modified.getDisplayName()).isEqualTo("Unbound Client");

        scim.delete("Users", created.getId());
        assertThat(scim.searchRequest("Users").filter(Filter.eq("userName", "unbound@example.test").toString())
                .invoke(UserResource.class).getTotalResults()).isZero();
    }

    @Test
    void managesGroupMembers() throws ScimException {
        UserResource user = scim.create("Users", new UserResource().setUserName("grouped@example.test"));
        GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("Unbound Group")
                .setMembers(List.of(new Member().setValue(user.getId()))));

        GroupResource read = scim.retrieve("Groups", group.getId(), GroupResource.class);

        assertThat(read.getMembers()).extracting(Member::getValue).containsExactly(user.getId());
    }
}
