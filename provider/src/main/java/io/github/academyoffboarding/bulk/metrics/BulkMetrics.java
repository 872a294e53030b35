package io.github.academyoffboarding.bulk.metrics;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.common.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The engine's counters and timers, on Keycloak's metrics endpoint ({@code /metrics} of the
 * management port, with {@code --metrics-enabled=true}). Meters go to Micrometer's global registry,
 * as Keycloak's own do: Quarkus adds its Prometheus registry to it ({@code MetricsIT} reads them
 * back). Each method is the one call a work makes per event; the counts are added only once the
 * work's transaction has committed, so a batch rolled back (a lost lease, a collision retried)
 * counts nothing and a batch tried again counts once.
 *
 * <p>Tags: the realm's name, and the import's action for rows. No user, import or node id: the
 * number of series stays that of realms × actions.
 */
public final class BulkMetrics {

  private static final Logger LOG = Logger.getLogger(BulkMetrics.class);

  static final String PREFIX = "academy.offboarding.";

  private BulkMetrics() {}

  /**
   * Rows of a job resolved ({@code processed}, any outcome, failures included) and rows whose
   * outcome became FAILED ({@code failed}: by the job, a dated action, the purge).
   */
  public static void rows(
      KeycloakSession session, BulkImportEntity job, int processed, int failed) {
    if (processed == 0 && failed == 0) {
      return;
    }
    String realm = realmName(session, job);
    String action = job.getAction();
    afterCommit(
        session,
        () -> {
          MeterRegistry r = registry();
          // Both registered together, so that a failure rate reads 0 and not "no data".
          rowCounter(r, "rows.processed", "Rows of bulk jobs processed", realm, action)
              .increment(Math.max(0, processed));
          rowCounter(r, "rows.failed", "Rows of bulk imports that failed", realm, action)
              .increment(Math.max(0, failed));
        });
  }

  /**
   * A purge batch: {@code users} deleted, {@code failedRows} rows whose outcome became FAILED,
   * {@code startNanos} its {@link System#nanoTime()}.
   */
  public static void purged(
      KeycloakSession session, BulkImportEntity job, int users, int failedRows, long startNanos) {
    batch(session, job, "users.purged", "Users deleted by the purge", "purge", users, startNanos);
    rows(session, job, 0, failedRows);
  }

  /** A restore batch: {@code users} restored, {@code startNanos} its {@link System#nanoTime()}. */
  public static void restored(
      KeycloakSession session, BulkImportEntity job, int users, long startNanos) {
    batch(
        session,
        job,
        "users.restored",
        "Users restored by the engine",
        "restore",
        users,
        startNanos);
  }

  private static void batch(
      KeycloakSession session,
      BulkImportEntity job,
      String counter,
      String help,
      String work,
      int users,
      long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String realm = realmName(session, job);
    afterCommit(
        session,
        () -> {
          MeterRegistry r = registry();
          Counter.builder(PREFIX + counter)
              .description(help)
              .tag("realm", realm)
              .register(r)
              .increment(users);
          Timer.builder(PREFIX + work + ".batch")
              .description("Duration of one " + work + " transaction (a batch or one user)")
              .tag("realm", realm)
              .register(r)
              .record(took);
        });
  }

  private static Counter rowCounter(
      MeterRegistry r, String name, String help, String realm, String action) {
    return Counter.builder(PREFIX + name)
        .description(help)
        .tag("realm", realm)
        .tag("action", action)
        .register(r);
  }

  static MeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  private static String realmName(KeycloakSession session, BulkImportEntity job) {
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    return realm == null ? job.getRealmId() : realm.getName();
  }

  /** Runs {@code count} once the session's transaction has committed; never when rolled back. */
  private static void afterCommit(KeycloakSession session, Runnable count) {
    AfterCommit.run(
        session,
        () -> {
          try {
            count.run();
          } catch (RuntimeException e) {
            // A metric is never worth a batch: the batch has committed already.
            LOG.debugf("A bulk metric could not be counted (%s)", e.toString());
          }
        });
  }
}
