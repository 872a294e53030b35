package io.github.academyoffboarding.bulk;

import io.github.academyoffboarding.bulk.leave.LeaveDateSettings;
import io.github.academyoffboarding.bulk.parse.ParseLimits;
import io.github.academyoffboarding.common.IsoDurations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.keycloak.Config;

/**
 * The bulk engine's settings, read once from the SPI configuration of the {@code bulk-users} admin
 * resource, e.g. {@code --spi-admin-realm-restapi-extension--bulk-users--max-rows=50000}.
 */
public record BulkSettings(
    long maxUploadBytes,
    int maxRows,
    Duration previewLifetime,
    int batchSize,
    boolean protectAdmins,
    Duration lease,
    Duration pollInterval,
    int workers,
    int jobBatchSize,
    int jobThreads,
    boolean batchedWrites,
    Duration historyRetention,
    int maxAttempts,
    Duration restoreWindow,
    RestoreWindowMinimum restoreWindowMin,
    ZoneId timeZone,
    LeaveDateSettings leaveDates) {

  public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_BATCH_SIZE = 200;

  /**
   * Users per job transaction. Not more: a growing persistence context makes each later statement
   * of the transaction slower (docs/architecture.md, "Performance facts": 20-50 per transaction ran
   * faster than 200). Not fewer: each batch has a few statements of its own, and with its rows and
   * users detached from the persistence context 50 ran deactivations 25-50 % faster than 20
   * (docs/benchmarks.md).
   */
  public static final int DEFAULT_JOB_BATCH_SIZE = 50;

  /**
   * Job transactions run in parallel per job: the time per user is mostly waiting on the database.
   */
  public static final int DEFAULT_JOB_THREADS = 4;

  /** How long an ended import keeps the identifiers, user ids and messages of its rows. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);

  /**
   * Times a row may be taken up by a job transaction that does not finish (a statement that times
   * out on every try, a node that dies on it) before the row is marked FAILED and the job goes on.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /**
   * How long a bulk DELETE keeps its users deactivated, with their academy data, before it deletes
   * them: the way back (Entra ID's is 30 days too). Zero deletes at once.
   */
  public static final Duration DEFAULT_RESTORE_WINDOW = Duration.ofDays(30);

  public static BulkSettings defaults() {
    return new BulkSettings(
        DEFAULT_MAX_UPLOAD_BYTES,
        ParseLimits.DEFAULT_MAX_ROWS,
        Duration.ofHours(24),
        DEFAULT_BATCH_SIZE,
        true,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        1,
        DEFAULT_JOB_BATCH_SIZE,
        DEFAULT_JOB_THREADS,
        true,
        DEFAULT_HISTORY_RETENTION,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_RESTORE_WINDOW,
        RestoreWindowMinimum.NONE,
        ZoneId.systemDefault(),
        LeaveDateSettings.OFF);
  }

  /**
   * The settings as configured; an impossible value (not positive, a batch above {@link
   * SettingsCheck#MAX_BATCH_SIZE}, a malformed duration) stops the start with a message naming the
   * option. Risky combinations are {@link SettingsCheck#warnings}.
   */
  public static BulkSettings from(Config.Scope config) {
    BulkSettings d = defaults();
    Duration restoreWindow = restoreWindow(config.get("restore-window"), d.restoreWindow());
    RestoreWindowMinimum minimum =
        restoreWindowMin(config.get("restore-window-min"), d.restoreWindowMin());
    requireWithinMinimum(restoreWindow, config.get("restore-window"), minimum);
    return new BulkSettings(
        positive(config.getLong("max-upload-size", d.maxUploadBytes()), "max-upload-size"),
        (int) positive(config.getInt("max-rows", d.maxRows()), "max-rows"),
        Duration.ofSeconds(
            positive(
                config.getLong("preview-lifetime", d.previewLifetime().toSeconds()),
                "preview-lifetime")),
        SettingsCheck.requireAtMost(
            (int) positive(config.getInt("batch-size", d.batchSize()), "batch-size"),
            "batch-size",
            SettingsCheck.MAX_BATCH_SIZE),
        config.getBoolean("protect-admins", d.protectAdmins()),
        Duration.ofSeconds(positive(config.getLong("lease", d.lease().toSeconds()), "lease")),
        Duration.ofSeconds(
            positive(
                config.getLong("poll-interval", d.pollInterval().toSeconds()), "poll-interval")),
        (int) positive(config.getInt("workers", d.workers()), "workers"),
        SettingsCheck.requireAtMost(
            (int) positive(config.getInt("job-batch-size", d.jobBatchSize()), "job-batch-size"),
            "job-batch-size",
            SettingsCheck.MAX_BATCH_SIZE),
        (int) positive(config.getInt("job-threads", d.jobThreads()), "job-threads"),
        config.getBoolean("batched-writes", d.batchedWrites()),
        duration(config.get("history-retention"), d.historyRetention(), "history-retention"),
        (int) positive(config.getInt("max-attempts", d.maxAttempts()), "max-attempts"),
        restoreWindow,
        minimum,
        timeZone(config.get("time-zone"), d.timeZone()),
        LeaveDateSettings.of(config.get("leave-date-attribute"), config.get("leave-date-action")));
  }

  public ParseLimits parseLimits() {
    return ParseLimits.defaults().withMaxRows(maxRows);
  }

  /** {@code restore-window}: an ISO-8601 duration, zero allowed (delete at once). */
  static Duration restoreWindow(String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d = parseDeleteAfter(value);
    if (d == null) {
      throw new IllegalArgumentException(
          "bulk-users SPI option restore-window must be an ISO-8601 duration such as P30D, or"
              + " PT0S to delete at once, not "
              + value);
    }
    return d;
  }

  /**
   * {@code time-zone}: an IANA zone id ({@code Europe/Amsterdam}) in which the days of dated rows
   * start and end. Fixed offsets ({@code UTC}, {@code +01:00}) are accepted as {@link ZoneId} takes
   * them; anything else fails the start rather than shifting every date by hours.
   */
  static ZoneId timeZone(String value, ZoneId fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(value.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "bulk-users SPI option time-zone must be an IANA time zone such as Europe/Amsterdam or"
              + " UTC, not "
              + value);
    }
  }

  /** {@code restore-window-min}: an ISO-8601 duration, zero allowed (no minimum). */
  static RestoreWindowMinimum restoreWindowMin(String value, RestoreWindowMinimum fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d = parseDeleteAfter(value);
    if (d == null) {
      throw new IllegalArgumentException(
          "bulk-users SPI option restore-window-min must be an ISO-8601 duration of at most ten"
              + " years such as P7D, or PT0S for no minimum, not "
              + value);
    }
    return new RestoreWindowMinimum(d);
  }

  /**
   * The server's own window below the minimum is a configuration error: every DELETE without a
   * window of its own would be refused. Refused at start, in one message, rather than raised
   * silently.
   */
  static void requireWithinMinimum(
      Duration restoreWindow, String written, RestoreWindowMinimum minimum) {
    if (!minimum.allows(restoreWindow)) {
      throw new IllegalArgumentException(
          "bulk-users SPI option restore-window ("
              + (written == null || written.isBlank()
                  ? IsoDurations.format(restoreWindow) + ", its default"
                  : written.strip())
              + ") is shorter than restore-window-min ("
              + minimum.text()
              + "): set restore-window to at least "
              + minimum.text()
              + " or lower restore-window-min.");
    }
  }

  /**
   * A restore window as an upload or a commit gives it ({@code P30D}, {@code PT12H}, {@code PT0S}),
   * or null when it is not an ISO-8601 duration, is negative, or is longer than ten years (a typo,
   * not a window).
   */
  public static Duration parseDeleteAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
      return d.isNegative() || d.compareTo(Duration.ofDays(3660)) > 0 ? null : d;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** An ISO-8601 duration ({@code P90D}, {@code PT12H}); zero or negative is refused. */
  static Duration duration(String value, Duration fallback, String name) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d;
    try {
      d = Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "bulk-users SPI option "
              + name
              + " must be an ISO-8601 duration such as P90D or PT12H, not "
              + value);
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(
          "bulk-users SPI option " + name + " must be a positive duration, not " + value);
    }
    return d;
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "bulk-users SPI option " + name + " must be positive, not " + value);
    }
    return value;
  }
}
