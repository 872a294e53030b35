package io.github.academyoffboarding.academy;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Registers the academy tables with Keycloak's JPA connection, and wires the data's lifecycle: the
 * cascade listener on user and realm removal, and the periodic orphan reconciliation.
 *
 * <p>Configuration (SPI {@code jpa-entity-provider}, provider {@code academy-offboarding}), e.g.
 * {@code --spi-jpa-entity-provider--academy-offboarding--reconciliation-interval=600}: {@code
 * reconciliation-interval} seconds between runs (default 900, i.e. 15 minutes; 0 disables) and
 * {@code reconciliation-batch-size} users per transaction (default 500).
 */
public final class AcademyJpaEntityProviderFactory implements JpaEntityProviderFactory {

  public static final String PROVIDER_ID = "academy-offboarding";

  static final String INTERVAL_KEY = "reconciliation-interval";
  static final String BATCH_SIZE_KEY = "reconciliation-batch-size";
  static final long DEFAULT_INTERVAL_SECONDS = 900;
  static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = Logger.getLogger(AcademyJpaEntityProviderFactory.class);
  private static final JpaEntityProvider PROVIDER = new AcademyJpaEntityProvider();

  private long intervalSeconds = DEFAULT_INTERVAL_SECONDS;
  private int batchSize = DEFAULT_BATCH_SIZE;

  @Override
  public JpaEntityProvider create(KeycloakSession session) {
    return PROVIDER;
  }

  @Override
  public void init(Config.Scope config) {
    intervalSeconds = config.getLong(INTERVAL_KEY, DEFAULT_INTERVAL_SECONDS);
    batchSize = config.getInt(BATCH_SIZE_KEY, DEFAULT_BATCH_SIZE);
    if (intervalSeconds < 0) {
      throw new IllegalArgumentException(
          INTERVAL_KEY + " must be 0 (disabled) or a number of seconds, was " + intervalSeconds);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(BATCH_SIZE_KEY + " must be at least 1, was " + batchSize);
    }
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(new AcademyCascadeListener());
    // The timer is scheduled once the database is migrated, as Keycloak does with its own tasks.
    factory.register(
        event -> {
          if (event instanceof PostMigrationEvent) {
            scheduleReconciliation(factory);
          }
        });
  }

  private void scheduleReconciliation(KeycloakSessionFactory factory) {
    if (intervalSeconds == 0) {
      LOG.infof("Academy orphan reconciliation is disabled (%s=0)", INTERVAL_KEY);
      return;
    }
    long intervalMillis = intervalSeconds * 1000L;
    AcademyReconciliationTask task = new AcademyReconciliationTask(batchSize);
    KeycloakModelUtils.runJobInTransaction(
        factory,
        session ->
            session
                .getProvider(TimerProvider.class)
                .schedule(
                    new ClusterAwareScheduledTaskRunner(factory, task, intervalMillis),
                    intervalMillis));
    LOG.infof("Academy orphan reconciliation scheduled every %s s", intervalSeconds);
  }

  /** Users per transaction (or per step of the on-demand run) when removing orphans. */
  int batchSize() {
    return batchSize;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(INTERVAL_KEY)
        .type(ProviderConfigProperty.STRING_TYPE)
        .helpText(
            "Seconds between runs of the cluster-wide removal of academy rows whose user no longer exists; 0 disables it.")
        .defaultValue(String.valueOf(DEFAULT_INTERVAL_SECONDS))
        .add()
        .property()
        .name(BATCH_SIZE_KEY)
        .type(ProviderConfigProperty.STRING_TYPE)
        .helpText("Users whose orphaned academy rows are removed per transaction.")
        .defaultValue(String.valueOf(DEFAULT_BATCH_SIZE))
        .add()
        .build();
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }
}
