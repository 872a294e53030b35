package io.github.academyoffboarding.bulk.metrics;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import io.github.academyoffboarding.bulk.schedule.ScheduleKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The database-wide gauges at one moment, per realm name: imports by status, users pending by kind,
 * those overdue, and when the oldest running job was committed. Plain Java: built from the rows of
 * a few GROUP BY queries ({@link DatabaseGauges}), read by the gauges at each scrape.
 */
final class GaugeSnapshot {

  /** What happens next to a waiting user. */
  enum PendingKind {
    /** A dated DEACTIVATE or DELETE: the user is deactivated at its due time. */
    DEACTIVATION,
    /** A dated REACTIVATE or the end of a leave: the user is reactivated at its due time. */
    REACTIVATION,
    /** A mark of the restore window: the user is deleted at its due time unless restored. */
    DELETION;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An entry of ACADEMY_SCHEDULED by its action and kind (DATED, RETURN). */
    static PendingKind ofScheduled(String action, String kind) {
      return ScheduleKind.RETURN.name().equals(kind) || BulkAction.REACTIVATE.name().equals(action)
          ? REACTIVATION
          : DEACTIVATION;
    }
  }

  /** The statuses an import is stored with (EXPIRED is only shown). */
  static final List<ImportStatus> STORED =
      Arrays.stream(ImportStatus.values()).filter(s -> s != ImportStatus.EXPIRED).toList();

  /**
   * How long past its due time an entry or a mark counts as overdue: three poll intervals, the time
   * in which some node's scheduler should have claimed its import at least twice. Beyond that the
   * due work has stopped (no node runs it, or its runs fail) — or it is a backlog larger than the
   * engine clears in that time, which the alert's {@code for:} tells apart.
   */
  static long overdueBefore(long now, Duration pollInterval) {
    return now - 3 * pollInterval.toMillis();
  }

  /** One realm's values. */
  static final class Realm {
    final Map<ImportStatus, Long> imports = new EnumMap<>(ImportStatus.class);
    final Map<PendingKind, Long> pending = new EnumMap<>(PendingKind.class);
    final Map<PendingKind, Long> overdue = new EnumMap<>(PendingKind.class);

    /** Commit time (epoch millis) of the oldest RUNNING import, or null when none runs. */
    Long oldestRunningSince;

    Realm() {
      STORED.forEach(s -> imports.put(s, 0L));
      for (PendingKind k : PendingKind.values()) {
        pending.put(k, 0L);
        overdue.put(k, 0L);
      }
    }
  }

  static final GaugeSnapshot EMPTY = new Builder().build();

  private final Map<String, Realm> realms;

  private GaugeSnapshot(Map<String, Realm> realms) {
    this.realms = Collections.unmodifiableMap(realms);
  }

  Set<String> realms() {
    return realms.keySet();
  }

  long imports(String realm, ImportStatus status) {
    Realm r = realms.get(realm);
    return r == null ? 0 : r.imports.getOrDefault(status, 0L);
  }

  long pending(String realm, PendingKind kind) {
    Realm r = realms.get(realm);
    return r == null ? 0 : r.pending.get(kind);
  }

  long overdue(String realm, PendingKind kind) {
    Realm r = realms.get(realm);
    return r == null ? 0 : r.overdue.get(kind);
  }

  /** Seconds the oldest running job of the realm has run at {@code now}; 0 when none runs. */
  double oldestRunningAgeSeconds(String realm, long now) {
    Realm r = realms.get(realm);
    return r == null || r.oldestRunningSince == null
        ? 0
        : Math.max(0, now - r.oldestRunningSince) / 1000.0;
  }

  /**
   * Collects query rows. Every realm named gets all its series (zeros included), so that a status
   * or kind with nothing in it reads 0 rather than "no data".
   */
  static final class Builder {
    private final Map<String, Realm> realms = new TreeMap<>();

    private Realm realm(String name) {
      return realms.computeIfAbsent(name, n -> new Realm());
    }

    /** Imports of a realm in a stored status, and the earliest commit time among them. */
    Builder imports(String realm, String status, long count, Long earliestCommit) {
      ImportStatus s = ImportStatus.valueOf(status);
      Realm r = realm(realm);
      r.imports.merge(s, count, Long::sum);
      if (s == ImportStatus.RUNNING && earliestCommit != null) {
        r.oldestRunningSince =
            r.oldestRunningSince == null
                ? earliestCommit
                : Math.min(r.oldestRunningSince, earliestCommit);
      }
      return this;
    }

    /** Waiting entries of ACADEMY_SCHEDULED of one action and kind, and how many are overdue. */
    Builder scheduled(String realm, String action, String kind, long count, long overdue) {
      return pending(realm, PendingKind.ofScheduled(action, kind), count, overdue);
    }

    /** Marks of the restore window, and how many are overdue. */
    Builder marks(String realm, long count, long overdue) {
      return pending(realm, PendingKind.DELETION, count, overdue);
    }

    private Builder pending(String realm, PendingKind kind, long count, long overdue) {
      Realm r = realm(realm);
      r.pending.merge(kind, count, Long::sum);
      r.overdue.merge(kind, overdue, Long::sum);
      return this;
    }

    GaugeSnapshot build() {
      return new GaugeSnapshot(new TreeMap<>(realms));
    }
  }
}
