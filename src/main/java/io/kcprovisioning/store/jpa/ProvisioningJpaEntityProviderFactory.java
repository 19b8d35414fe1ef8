package io.kcprovisioning.store.jpa;

import io.kcprovisioning.jit.jpa.SeenGroupEntity;
import io.kcprovisioning.outbound.jpa.OutboxEntity;
import io.kcprovisioning.outbound.jpa.OutboxLinkEntity;
import io.kcprovisioning.outbound.jpa.TargetHealthEntity;
import io.kcprovisioning.outbound.jpa.TargetSenderEntity;
import io.kcprovisioning.outbound.jpa.PushJobEntity;
import io.kcprovisioning.outbound.jpa.PushLeaseEntity;
import io.kcprovisioning.outbound.jpa.TargetSecretEntity;
import io.kcprovisioning.scim.jpa.ScimAttributeEntity;
import io.kcprovisioning.scim.jpa.ScimGroupEntity;
import io.kcprovisioning.scim.jpa.ScimMemberEntity;
import io.kcprovisioning.scim.jpa.ScimTokenEntity;
import io.kcprovisioning.scim.jpa.ScimUserEntity;
import io.kcprovisioning.sync.SyncJobEntity;
import io.kcprovisioning.sync.SyncLeaseEntity;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers this extension's tables. Keycloak names the Liquibase tracking table after the first ten letters of
 * this factory's id ({@code DATABASECHANGELOG_PROVISIONI}): the id must never change.
 */
public final class ProvisioningJpaEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String PROVIDER_ID = "provisioning-store";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(MemberEntity.class, SeatUsageEntity.class, ScimUserEntity.class, ScimGroupEntity.class,
                ScimMemberEntity.class, ScimAttributeEntity.class, ScimTokenEntity.class, SyncJobEntity.class,
                SyncLeaseEntity.class, SeenGroupEntity.class, TargetSecretEntity.class,
                OutboxEntity.class, OutboxLinkEntity.class, TargetHealthEntity.class, TargetSenderEntity.class,
                PushJobEntity.class, PushLeaseEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/provisioning-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return PROVIDER_ID;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(RowsCleanup::onEvent);
    }

    @Override
    public void close() {
    }
}
