package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.SettingsCheck;
import io.github.academyoffboarding.bulk.job.JobScheduler;
import io.github.academyoffboarding.bulk.leave.LeaveDateForgetting;
import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import io.github.academyoffboarding.bulk.pending.RemovedElsewhere;
import io.github.academyoffboarding.bulk.restore.Restores;
import io.github.academyoffboarding.common.IsoDurations;
import io.github.academyoffboarding.common.TempFiles;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Registers {@code /admin/realms/{realm}/bulk-users} and owns the node's job scheduler. Options are
 * set as {@code --spi-admin-realm-restapi-extension--bulk-users--<option>=<value>} (or KC_SPI_…
 * variables).
 */
public final class BulkUsersResourceProviderFactory implements AdminRealmResourceProviderFactory {

  public static final String PROVIDER_ID = "bulk-users";
  private static final Logger LOG = Logger.getLogger(BulkUsersResourceProviderFactory.class);

  private BulkSettings settings = BulkSettings.defaults();
  private JobScheduler scheduler;

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    // A provider of its own: Keycloak closes providers after each request, the factory only at
    // shutdown.
    return new AdminRealmResourceProvider() {
      @Override
      public Object getResource(
          KeycloakSession s,
          RealmModel realm,
          AdminPermissionEvaluator auth,
          AdminEventBuilder adminEvent) {
        return new BulkUsersResource(s, realm, auth, adminEvent, settings, scheduler);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void init(Config.Scope config) {
    settings = BulkSettings.from(config);
    OptionalInt pool = dbPoolMaxSize();
    LOG.debugf(
        "Bulk settings checked against a database pool of %s connections",
        pool.isPresent()
            ? pool.getAsInt()
            : "(unknown, assumed " + SettingsCheck.DEFAULT_DB_POOL_MAX_SIZE + ")");
    for (String warning : SettingsCheck.warnings(settings, pool)) {
      LOG.warn(warning);
    }
  }

  /**
   * The node's {@code db-pool-max-size}, as Keycloak resolves its own options (its default, 100,
   * included): through Keycloak's configuration class, {@code
   * org.keycloak.quarkus.runtime.configuration.Configuration.getOptionalKcValue} — Keycloak reads
   * its options from a SmallRye Config of its own, and MicroProfile Config's {@code
   * ConfigProvider.getConfig()} answered neither {@code kc.db-pool-max-size} nor {@code
   * quarkus.datasource.jdbc.max-size} in a provider's init on 26.7.3 (HousekeepingIT found it
   * empty). Called by reflection, not compiled against: it is not an SPI; should it change, the
   * MicroProfile names are tried, then the check assumes the default.
   */
  static OptionalInt dbPoolMaxSize() {
    try {
      Object value =
          Class.forName("org.keycloak.quarkus.runtime.configuration.Configuration")
              .getMethod("getOptionalKcValue", String.class)
              .invoke(null, "db-pool-max-size");
      if (value instanceof Optional<?> o && o.isPresent()) {
        return OptionalInt.of(Integer.parseInt(o.get().toString().strip()));
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debugf("Keycloak's configuration did not answer db-pool-max-size: %s", e.toString());
    }
    try {
      var config = ConfigProvider.getConfig();
      for (String name : List.of("kc.db-pool-max-size", "quarkus.datasource.jdbc.max-size")) {
        Optional<Integer> size = config.getOptionalValue(name, Integer.class);
        if (size.isPresent()) {
          return OptionalInt.of(size.get());
        }
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debugf("MicroProfile Config did not answer db-pool-max-size: %s", e.toString());
    }
    return OptionalInt.empty();
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Left-overs of a node killed mid-upload or mid-report (personal data) go before any new file.
    TempFiles.startUp();
    scheduler = new JobScheduler(factory, settings);
    // A pending user removed by another path: its mark goes, its row reads GONE.
    factory.register(new RemovedElsewhere());
    // A removed user's (or realm's) leave dates acted on go with it.
    factory.register(new LeaveDateForgetting());
    factory.register(
        event -> {
          if (event instanceof PostMigrationEvent) {
            // Not before: the job reads and writes tables the migration may still be changing.
            scheduler.startUnlessExportOrImport();
          } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            // A realm's imports go with it (no foreign keys to Keycloak's tables).
            EntityManager em =
                e.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager();
            new NeedsAttention(em).removeRealm(e.getRealm().getId());
            new Restores(em).removeRealm(e.getRealm().getId());
            new io.github.academyoffboarding.bulk.schedule.Schedules(em)
                .removeRealm(e.getRealm().getId());
            em.createNamedQuery("academyPendingDeleteByRealm")
                .setParameter("realmId", e.getRealm().getId())
                .executeUpdate();
            em.createNamedQuery("academyBulkRowsDeleteByRealm")
                .setParameter("realmId", e.getRealm().getId())
                .executeUpdate();
            em.createNamedQuery("academyBulkImportsDeleteByRealm")
                .setParameter("realmId", e.getRealm().getId())
                .executeUpdate();
          }
        });
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    BulkSettings d = BulkSettings.defaults();
    return ProviderConfigurationBuilder.create()
        .property()
        .name("max-upload-size")
        .type("long")
        .defaultValue(d.maxUploadBytes())
        .helpText("Largest accepted upload, in bytes.")
        .add()
        .property()
        .name("max-rows")
        .type("int")
        .defaultValue(d.maxRows())
        .helpText("Most rows (users) in one import.")
        .add()
        .property()
        .name("preview-lifetime")
        .type("long")
        .defaultValue(d.previewLifetime().toSeconds())
        .helpText("Seconds a preview can be committed before it expires and is purged.")
        .add()
        .property()
        .name("batch-size")
        .type("int")
        .defaultValue(d.batchSize())
        .helpText(
            "Rows planned per user look-up when a preview is built; at most "
                + SettingsCheck.MAX_BATCH_SIZE
                + " (the length of an SQL IN list).")
        .add()
        .property()
        .name("job-batch-size")
        .type("int")
        .defaultValue(d.jobBatchSize())
        .helpText(
            "Users processed per job transaction; at most "
                + SettingsCheck.MAX_BATCH_SIZE
                + " (the length of an SQL IN list). The lease should be at least this many"
                + " seconds.")
        .add()
        .property()
        .name("job-threads")
        .type("int")
        .defaultValue(d.jobThreads())
        .helpText("Job transactions run in parallel for one job.")
        .add()
        .property()
        .name("batched-writes")
        .type("boolean")
        .defaultValue(d.batchedWrites())
        .helpText(
            "Whether the job deletes or deactivates a batch's local users together (one"
                + " statement per table; removal events, session ends and admin events still per"
                + " user) on the Keycloak version it was verified for; false changes every user"
                + " through Keycloak's user API, one at a time.")
        .add()
        .property()
        .name("history-retention")
        .type("string")
        .defaultValue(IsoDurations.format(d.historyRetention()))
        .helpText(
            "ISO-8601 duration an ended import keeps its rows' identifiers, user ids and"
                + " messages; then they are erased and only the import's record stays.")
        .add()
        .property()
        .name("max-attempts")
        .type("int")
        .defaultValue(d.maxAttempts())
        .helpText(
            "Times a row may be taken up by a job transaction that does not finish before it is"
                + " marked FAILED and the job goes on.")
        .add()
        .property()
        .name("restore-window")
        .type("string")
        .defaultValue(IsoDurations.format(d.restoreWindow()))
        .helpText(
            "ISO-8601 duration a bulk DELETE keeps its users deactivated, with their academy data,"
                + " before deleting them (a realm's attribute academy.restore-window and an upload's"
                + " deleteAfter override it); PT0S deletes at once. Not below restore-window-min:"
                + " the server does not start.")
        .add()
        .property()
        .name("restore-window-min")
        .type("string")
        .defaultValue(d.restoreWindowMin().text())
        .helpText(
            "ISO-8601 duration: the shortest restore window any caller of the extension may give"
                + " a DELETE (a shorter deleteAfter is refused; a realm's academy.restore-window"
                + " below it is raised to it), and the least time between scheduling users and a"
                + " delete-now of them. PT0S: no minimum.")
        .add()
        .property()
        .name("time-zone")
        .type("string")
        .defaultValue(d.timeZone().getId())
        .helpText(
            "IANA time zone (e.g. Europe/Amsterdam) in which the days of dated rows end and start:"
                + " a date is carried out at the end of that day, a REACTIVATE date at its start."
                + " Default: the server's time zone.")
        .add()
        .property()
        .name("leave-date-attribute")
        .type("string")
        .helpText(
            "A user attribute holding a leave date (ISO YYYY-MM-DD, or an ISO date-time whose date"
                + " is used), written by HR's sync, an LDAP mapper or the admin API. When set, enabled"
                + " users whose date has ended in the time-zone are acted on (leave-date-action),"
                + " once per date, through an import of origin ATTRIBUTE. Unset: off.")
        .add()
        .property()
        .name("leave-date-action")
        .type("string")
        .defaultValue("DEACTIVATE")
        .options("DEACTIVATE", "DELETE")
        .helpText(
            "What happens to a user whose leave date has ended: DEACTIVATE, or DELETE (deactivated,"
                + " then deleted when the realm's restore window ends).")
        .add()
        .property()
        .name("protect-admins")
        .type("boolean")
        .defaultValue(d.protectAdmins())
        .helpText("Whether holders of realm-admin are protected from bulk actions.")
        .add()
        .property()
        .name("lease")
        .type("long")
        .defaultValue(d.lease().toSeconds())
        .helpText(
            "Seconds a node holds a running job without a heartbeat before another node may take it"
                + " over; at least job-batch-size × 1 s, or a slow batch is rolled back by its own"
                + " lease (a warning at start).")
        .add()
        .property()
        .name("poll-interval")
        .type("long")
        .defaultValue(d.pollInterval().toSeconds())
        .helpText("Seconds between looks for jobs to start or resume.")
        .add()
        .property()
        .name("workers")
        .type("int")
        .defaultValue(d.workers())
        .helpText("Jobs this node runs at the same time.")
        .add()
        .build();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.stop();
    }
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }
}
