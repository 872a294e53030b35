package io.github.academyoffboarding.bulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The checks of the {@code bulk-users} options against each other and against the database pool,
 * made once at start. Impossible values stop the start ({@link #requireAtMost}); risky ones give
 * one warning each ({@link #warnings}), each saying which option to change and to what.
 */
public final class SettingsCheck {

  /**
   * The most identifiers or users in one batch: {@code batch-size} becomes the size of the SQL
   * {@code IN} list of a preview's user look-up, {@code job-batch-size} that of the job's
   * statements on a batch's users. Oracle refuses an {@code IN} list of more than 1,000 items
   * (ORA-01795) and PostgreSQL's and MariaDB's planners slow down on long ones well before their
   * own limits; larger batches bring no speed either (docs/benchmarks.md: 50 per transaction beat
   * 200).
   */
  public static final int MAX_BATCH_SIZE = 1000;

  /**
   * The longest one user of a job batch may take inside the batch's transaction, for the lease
   * check: the deletes and updates of one user, Keycloak's removal events and listeners, and for a
   * federated user the call to its LDAP server. Measured, one user takes 1–36 ms
   * (docs/benchmarks.md, the slowest on a busy two-core machine); one second leaves room for a slow
   * LDAP server or a loaded database. Signing users out is not part of it: that runs after the
   * batch commits and renews the lease before each user ({@code SignOut}).
   */
  public static final Duration WORST_PER_USER = Duration.ofSeconds(1);

  /** Keycloak's {@code db-pool-max-size} when it is not set. */
  public static final int DEFAULT_DB_POOL_MAX_SIZE = 100;

  /** The option prefix an operator writes; every message names the option in full. */
  static final String OPTION = "--spi-admin-realm-restapi-extension--bulk-users--";

  private SettingsCheck() {}

  /** A hard bound: the start stops with a message naming the option and the allowed range. */
  static int requireAtMost(int value, String option, int max) {
    if (value > max) {
      throw new IllegalArgumentException(
          "bulk-users SPI option "
              + option
              + " must be between 1 and "
              + max
              + ", not "
              + value
              + ": set "
              + OPTION
              + option
              + " to at most "
              + max
              + " (it is the length of an SQL IN list).");
    }
    return value;
  }

  /**
   * The slowest job batch these settings allow: {@code job-batch-size} users at {@link
   * #WORST_PER_USER} each. A batch commits only under the lease (its closing update is fenced by
   * it), so a lease shorter than this may roll back every batch of a slow job until its rows fail
   * with their attempts used up.
   */
  public static Duration slowestBatch(BulkSettings s) {
    return WORST_PER_USER.multipliedBy(s.jobBatchSize());
  }

  /**
   * The database connections the bulk engine of one node may hold at once: one per batch thread
   * ({@code workers} × {@code job-threads}) and one for the scheduler's poll.
   */
  public static int engineConnections(BulkSettings s) {
    return s.workers() * s.jobThreads() + 1;
  }

  /**
   * One warning per risky combination, empty when none. {@code poolMaxSize}: the node's {@code
   * db-pool-max-size}, empty when it could not be read (the check then assumes Keycloak's default).
   */
  public static List<String> warnings(BulkSettings s, OptionalInt poolMaxSize) {
    List<String> warnings = new ArrayList<>();
    Duration slowest = slowestBatch(s);
    if (s.lease().compareTo(slowest) < 0) {
      warnings.add(
          "bulk-users SPI option lease ("
              + s.lease().toSeconds()
              + " s) is shorter than the slowest job batch the settings allow ("
              + s.jobBatchSize()
              + " users of job-batch-size at up to "
              + WORST_PER_USER.toSeconds()
              + " s each = "
              + slowest.toSeconds()
              + " s): a slow batch is rolled back by its own lease and its rows may fail"
              + " unprocessed. Set "
              + OPTION
              + "lease to at least "
              + slowest.toSeconds()
              + ", or lower "
              + OPTION
              + "job-batch-size to at most "
              + Math.max(1, s.lease().toSeconds() / WORST_PER_USER.toSeconds())
              + ".");
    }
    int pool = poolMaxSize.orElse(DEFAULT_DB_POOL_MAX_SIZE);
    int engine = engineConnections(s);
    if (engine > pool / 2) {
      warnings.add(
          "bulk-users SPI options workers ("
              + s.workers()
              + ") × job-threads ("
              + s.jobThreads()
              + ") let bulk jobs hold up to "
              + engine
              + " database connections at once (with the scheduler's), more than half of the"
              + " pool's "
              + pool
              + " (db-pool-max-size"
              + (poolMaxSize.isPresent() ? "" : ", its default")
              + "): logins and admin requests may wait for a connection while a job runs. Lower "
              + OPTION
              + "workers or "
              + OPTION
              + "job-threads so that workers × job-threads + 1 is at most "
              + pool / 2
              + ", or raise --db-pool-max-size to at least "
              + 2 * engine
              + ".");
    }
    return warnings;
  }
}
