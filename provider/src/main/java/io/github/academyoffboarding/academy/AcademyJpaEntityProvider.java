package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.pending.NeedsAttentionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.restore.RestoreEntity;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Hands Keycloak's persistence unit the extension's entities and its Liquibase changelog. */
final class AcademyJpaEntityProvider implements JpaEntityProvider {

  /** Every entity of the extension, academy data and bulk imports alike: the one list to extend. */
  static final List<Class<?>> ENTITIES =
      List.of(
          LearningRecordEntity.class,
          CertificateEntity.class,
          BulkImportEntity.class,
          BulkImportRowEntity.class,
          PendingDeletionEntity.class,
          NeedsAttentionEntity.class,
          RestoreEntity.class,
          io.github.academyoffboarding.bulk.schedule.ScheduledEntity.class);

  static final String CHANGELOG = "META-INF/academy-changelog-master.xml";

  @Override
  public List<Class<?>> getEntities() {
    return ENTITIES;
  }

  @Override
  public String getChangelogLocation() {
    return CHANGELOG;
  }

  @Override
  public String getFactoryId() {
    return AcademyJpaEntityProviderFactory.PROVIDER_ID;
  }

  @Override
  public void close() {}
}
