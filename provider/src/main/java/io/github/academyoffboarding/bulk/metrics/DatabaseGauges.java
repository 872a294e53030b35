package io.github.academyoffboarding.bulk.metrics;

import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import io.github.academyoffboarding.bulk.metrics.GaugeSnapshot.PendingKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The gauges that need the database: imports by status, users pending and overdue by kind, the
 * oldest running job's age, per realm. They are database-wide, so every node reports the same
 * values (aggregate with {@code max by (realm)}, never {@code sum}).
 *
 * <p>Why refreshed by the scheduler's tick and not at scrape time: a scrape then never touches the
 * database (however often and from however many scrapers it comes), a slow or failing database
 * cannot make {@code /metrics} slow or fail, and the cost is bounded by the poll interval the
 * scheduler already queries the database at: three GROUP BY queries in one short transaction at
 * most once per {@code poll-interval} per node. A failed refresh keeps the last values, logs once
 * until it works again, and shows in {@code academy_offboarding_gauges_age_seconds}.
 */
public final class DatabaseGauges {

  private static final Logger LOG = Logger.getLogger(DatabaseGauges.class);

  private final KeycloakSessionFactory factory;
  private final Duration pollInterval;
  private final long startedAt = System.currentTimeMillis();

  private volatile GaugeSnapshot current = GaugeSnapshot.EMPTY;
  private volatile long refreshedAt;
  private long lastTry = Long.MIN_VALUE;
  private boolean failing;

  private MultiGauge imports;
  private MultiGauge pending;
  private MultiGauge overdue;
  private MultiGauge oldestRunning;

  public DatabaseGauges(KeycloakSessionFactory factory, Duration pollInterval) {
    this.factory = factory;
    this.pollInterval = pollInterval;
  }

  /**
   * Recomputes the values when the last try is a poll interval old; called by the scheduler's tick
   * (one thread). Never throws.
   */
  public void refreshIfDue() {
    long now = System.nanoTime();
    if (lastTry != Long.MIN_VALUE && now - lastTry < pollInterval.toNanos()) {
      return;
    }
    lastTry = now;
    try {
      register();
      GaugeSnapshot fresh = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::query);
      current = fresh;
      refreshedAt = System.currentTimeMillis();
      publish(fresh);
      if (failing) {
        failing = false;
        LOG.info("The bulk engine's gauges are refreshed again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warnf(
            "The bulk engine's gauges could not be refreshed (%s); they keep their last values"
                + " until they can (academy_offboarding_gauges_age_seconds grows meanwhile)",
            e.toString());
      }
      LOG.debugf(e, "Bulk gauges not refreshed");
    }
  }

  private GaugeSnapshot query(KeycloakSession session) {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    long overdueBefore = GaugeSnapshot.overdueBefore(System.currentTimeMillis(), pollInterval);
    Map<String, String> names = new HashMap<>();
    Function<String, String> name =
        id ->
            names.computeIfAbsent(
                id,
                i -> {
                  RealmModel realm = session.realms().getRealm(i);
                  return realm == null ? null : realm.getName();
                });
    GaugeSnapshot.Builder b = new GaugeSnapshot.Builder();
    for (Object[] r :
        em.createQuery(
                "select i.realmId, i.status, count(i), min(i.committedAt) from BulkImportEntity i"
                    + " group by i.realmId, i.status",
                Object[].class)
            .getResultList()) {
      String realm = name.apply((String) r[0]);
      if (realm != null) { // a realm being removed takes its imports with it
        b.imports(realm, (String) r[1], ((Number) r[2]).longValue(), (Long) r[3]);
      }
    }
    for (Object[] r :
        em.createQuery(
                "select s.realmId, s.action, s.kind, count(s),"
                    + " sum(case when s.dueAt < :before then 1 else 0 end)"
                    + " from ScheduledEntity s group by s.realmId, s.action, s.kind",
                Object[].class)
            .setParameter("before", overdueBefore)
            .getResultList()) {
      String realm = name.apply((String) r[0]);
      if (realm != null) {
        b.scheduled(realm, (String) r[1], (String) r[2], number(r[3]), number(r[4]));
      }
    }
    for (Object[] r :
        em.createQuery(
                "select p.realmId, count(p), sum(case when p.dueAt < :before then 1 else 0 end)"
                    + " from PendingDeletionEntity p group by p.realmId",
                Object[].class)
            .setParameter("before", overdueBefore)
            .getResultList()) {
      String realm = name.apply((String) r[0]);
      if (realm != null) {
        b.marks(realm, number(r[1]), number(r[2]));
      }
    }
    return b.build();
  }

  private static long number(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  /** The meters, once; their rows follow the realms of each snapshot ({@link #publish}). */
  private synchronized void register() {
    if (imports != null) {
      return;
    }
    MeterRegistry r = BulkMetrics.registry();
    String p = BulkMetrics.PREFIX;
    imports =
        MultiGauge.builder(p + "imports")
            .description("Bulk imports stored, by realm and status (database-wide)")
            .register(r);
    pending =
        MultiGauge.builder(p + "users.pending")
            .description(
                "Users waiting for a dated deactivation or reactivation, or pending deletion in"
                    + " the restore window (database-wide)")
            .register(r);
    overdue =
        MultiGauge.builder(p + "users.overdue")
            .description(
                "Waiting users due more than three poll intervals ago: the due work has stopped"
                    + " (database-wide)")
            .register(r);
    oldestRunning =
        MultiGauge.builder(p + "oldest.running.job.age")
            .description("Age of the realm's oldest running bulk job, 0 when none runs")
            .baseUnit("seconds")
            .register(r);
    Gauge.builder(p + "gauges.age", this, DatabaseGauges::ageSeconds)
        .description("Seconds since this node last refreshed the database-wide gauges")
        .baseUnit("seconds")
        .strongReference(true)
        .register(r);
  }

  private double ageSeconds() {
    long since = refreshedAt == 0 ? startedAt : refreshedAt;
    return (System.currentTimeMillis() - since) / 1000.0;
  }

  /**
   * One row per realm and status or kind, each reading the current snapshot; rows already there
   * keep theirs (no gap for a scrape), rows of realms gone are removed.
   */
  private void publish(GaugeSnapshot s) {
    List<MultiGauge.Row<?>> importRows = new ArrayList<>();
    List<MultiGauge.Row<?>> pendingRows = new ArrayList<>();
    List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
    List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
    for (String realm : s.realms()) {
      for (ImportStatus status : GaugeSnapshot.STORED) {
        importRows.add(
            MultiGauge.Row.of(
                Tags.of("realm", realm, "status", status.name()),
                () -> current.imports(realm, status)));
      }
      for (PendingKind kind : PendingKind.values()) {
        Tags tags = Tags.of("realm", realm, "kind", kind.tag());
        pendingRows.add(MultiGauge.Row.of(tags, () -> current.pending(realm, kind)));
        overdueRows.add(MultiGauge.Row.of(tags, () -> current.overdue(realm, kind)));
      }
      ageRows.add(
          MultiGauge.Row.of(
              Tags.of("realm", realm),
              () -> current.oldestRunningAgeSeconds(realm, System.currentTimeMillis())));
    }
    imports.register(importRows, false);
    pending.register(pendingRows, false);
    overdue.register(overdueRows, false);
    oldestRunning.register(ageRows, false);
  }
}
