package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.leave.LeaveDateSweep;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import io.github.academyoffboarding.bulk.metrics.DatabaseGauges;
import jakarta.persistence.EntityManager;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Environment;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.exportimport.ExportImportConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Finds committed imports that no node is running (never started, or whose node died and whose
 * lease expired), claims them with a conditional update — so that of all nodes sharing the database
 * exactly one wins — and runs them on this node's workers; the same way, deletes the users of
 * scheduled DELETEs whose restore window has ended and restores users asked for ({@link
 * LeasedRounds}, {@link PurgeWork}, {@link RestoreWork}). Also purges expired previews and old
 * history.
 */
public final class JobScheduler {

  private static final Logger LOG = Logger.getLogger(JobScheduler.class);
  private static final String TASK_NAME = "academy-bulk-import-jobs";

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final String nodeId;
  private final Semaphore freeWorkers;
  private final ExecutorService workers;
  private final ExecutorService batches;
  private final ExecutorService ticker;
  private final LeaveDateSweep leaveDates;
  private final DatabaseOutage outage;

  /** Imports claimed by the current tick (the ticker's thread only). */
  private int claimedThisTick;

  private final DatabaseGauges gauges;

  public JobScheduler(KeycloakSessionFactory factory, BulkSettings settings) {
    this.factory = factory;
    this.settings = settings;
    this.nodeId = hostName() + "/" + UUID.randomUUID();
    this.leaveDates = new LeaveDateSweep(factory, settings, nodeId);
    this.outage = new DatabaseOutage(nodeId, settings.pollInterval(), settings.lease());
    this.gauges = new DatabaseGauges(factory, settings.pollInterval());
    this.freeWorkers = new Semaphore(settings.workers());
    this.workers =
        Executors.newFixedThreadPool(settings.workers(), r -> daemon(r, "academy-bulk-job"));
    this.ticker = Executors.newSingleThreadExecutor(r -> daemon(r, "academy-bulk-scheduler"));
    // A job's thread waits for its batches, so batches get threads of their own: workers ×
    // job-threads.
    this.batches =
        Executors.newFixedThreadPool(
            settings.workers() * settings.jobThreads(), r -> daemon(r, "academy-bulk-batch"));
  }

  /**
   * Whether a Keycloak process runs bulk jobs: not one started by {@code kc.sh export} or {@code
   * kc.sh import}, which boot Keycloak only to copy realms and exit, possibly against the database
   * of a running cluster. Keycloak 26.7.3 runs those commands in its {@code nonserver} profile
   * ({@code kc.profile}, {@link Environment#isNonServerMode()}). The migration action ({@code
   * keycloak.migration.action}) cannot tell: {@code start --import-realm} and {@code start-dev
   * --import-realm} set it to {@code import} too, and keep running as a server.
   */
  public static boolean runsJobs(String profile) {
    return !Environment.NON_SERVER_MODE.equalsIgnoreCase(profile);
  }

  /**
   * Starts looking for work, unless this process is an export or import ({@link #runsJobs}). Call
   * it once Keycloak's database is migrated ({@code PostMigrationEvent}): the job's tables and
   * Keycloak's own are only then in their current shape.
   */
  public void startUnlessExportOrImport() {
    String profile = Environment.getProfile();
    if (!runsJobs(profile)) {
      LOG.infof(
          "Bulk import jobs do not run in this Keycloak process (kc.sh %s)",
          ExportImportConfig.getAction());
      return;
    }
    start();
  }

  void start() {
    KeycloakModelUtils.runJobInTransaction(
        factory,
        s ->
            s.getProvider(TimerProvider.class)
                .schedule(this::wakeUp, settings.pollInterval().toMillis(), TASK_NAME));
    LOG.debugf("Bulk import scheduler started on node %s", nodeId);
  }

  /** Looks for work now (after a commit, say) instead of at the next tick. */
  public void wakeUp() {
    if (!ticker.isShutdown()) {
      ticker.execute(this::tick);
    }
  }

  public void stop() {
    ticker.shutdownNow();
    workers.shutdownNow();
    batches.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
      batches.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String nodeId() {
    return nodeId;
  }

  private void tick() {
    claimedThisTick = 0;
    try {
      purgeExpiredPreviews();
      endScheduledWithoutPending();
      io.github.academyoffboarding.bulk.retention.HistoryRetention.purge(factory, settings, nodeId);
      sweepLeaveDates();
      // Jobs first: an admin waits for them; then the deletions whose restore window has ended.
      if (claimAndRun("academyBulkImportsClaimable", ImportStatus.RUNNING)) {
        claimAndRun("academyBulkImportsPurgeable", ImportStatus.SCHEDULED);
      }
      outage.pollSucceeded(System.currentTimeMillis(), claimedThisTick);
    } catch (RuntimeException e) {
      if (DatabaseOutage.isUnreachable(e)) {
        // Once per outage, not a stack trace per poll.
        outage.pollFailed(e, System.currentTimeMillis());
      } else {
        LOG.warnf(
            e,
            "Bulk import scheduler on node %s could not look for work; it tries again in %d s. If"
                + " this repeats, report it with this stack trace.",
            nodeId,
            settings.pollInterval().toSeconds());
      }
    }
    // At most once per poll interval, whatever wakes the tick; never throws. Not while the database
    // is away: the outage is logged once above, and the gauges keep their last values (their age
    // grows).
    if (!outage.ongoing()) {
      gauges.refreshIfDue();
    }
  }

  /**
   * Claims imports and runs them on free workers until either runs out; returns whether workers are
   * left (nothing more to claim).
   */
  private boolean claimAndRun(String candidatesQuery, ImportStatus status) {
    while (freeWorkers.tryAcquire()) {
      String claimed = claimOne(candidatesQuery, status);
      if (claimed == null) {
        freeWorkers.release();
        return true;
      }
      claimedThisTick++;
      workers.execute(
          () -> {
            try {
              (status == ImportStatus.SCHEDULED ? scheduledWork() : jobWork()).run(claimed);
            } finally {
              freeWorkers.release();
            }
          });
    }
    return false;
  }

  /**
   * The work on a RUNNING import: the restores asked for first (users the job has scheduled
   * already), then its rows ({@link JobWork}); it ends as {@link JobEnd} says.
   */
  private LeasedRounds jobWork() {
    JobLease lease = new JobLease(nodeId, settings.lease(), ImportStatus.RUNNING);
    return new LeasedRounds(
        factory,
        settings,
        lease,
        batches,
        List.of(new RestoreWork(lease), new JobWork(factory, settings, lease)),
        new JobEnd(settings));
  }

  /**
   * The work on a SCHEDULED import: the restores asked for first (an admin waits for them, and a
   * user asked for is not the purge's any more), then the users whose restore window has ended.
   * With nothing left, the import ends if none of its users is pending.
   */
  private LeasedRounds scheduledWork() {
    JobLease lease = new JobLease(nodeId, settings.lease(), ImportStatus.SCHEDULED);
    return new LeasedRounds(
        factory,
        settings,
        lease,
        batches,
        List.of(
            new RestoreWork(lease),
            new DueWork(factory, settings, lease),
            new PurgeWork(settings, lease)),
        (session, job, l) -> {
          jakarta.persistence.EntityManager em = em(session);
          if (new ImportLife(em).endIfNonePending(job.getId())) {
            LOG.infof(
                "Bulk import %s: the users it scheduled for deletion are resolved", job.getId());
          } else {
            l.release(em, job.getId());
          }
        });
  }

  /**
   * Claims one import that {@code candidatesQuery} finds, in {@code status}: a job to run (RUNNING)
   * or a scheduled DELETE with users due or asked for (SCHEDULED, {@link PurgeWork}, {@link
   * RestoreWork}); null when none.
   */
  private String claimOne(String candidatesQuery, ImportStatus status) {
    long now = System.currentTimeMillis();
    List<String> candidates =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory,
            s ->
                em(s)
                    .createNamedQuery(candidatesQuery, String.class)
                    .setParameter("status", status.name())
                    .setParameter("now", now)
                    .setMaxResults(10)
                    .getResultList());
    JobLease lease = new JobLease(nodeId, settings.lease(), status);
    for (String id : candidates) {
      boolean won =
          KeycloakModelUtils.runJobInTransactionWithResult(
              factory, s -> lease.claim(em(s), id, now));
      if (won) {
        LOG.infof(
            "Node %s claimed bulk import %s%s",
            nodeId,
            id,
            status == ImportStatus.SCHEDULED
                ? " to delete or restore its users, or act on its dates"
                : "");
        return id;
      }
    }
    return null;
  }

  /**
   * Imports for the users whose leave date has ended ({@link LeaveDateSweep}), before the jobs are
   * looked for: this tick starts them.
   */
  private void sweepLeaveDates() {
    housekeeping("sweep the leave dates", leaveDates::runIfDue);
  }

  /**
   * A step of the tick that must never be in the way of the jobs: a failure is logged and the next
   * poll tries again; only an unreachable database goes up to the poll, which logs the outage once.
   */
  private void housekeeping(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      if (DatabaseOutage.isUnreachable(e)) {
        throw e;
      }
      LOG.warnf(
          e,
          "Node %s could not %s; the next poll tries again. If this repeats, report it with this"
              + " stack trace.",
          nodeId,
          what);
    }
  }

  private void purgeExpiredPreviews() {
    KeycloakModelUtils.runJobInTransaction(
        factory,
        s -> {
          int purged = new ImportLife(em(s)).removeExpiredPreviews(System.currentTimeMillis(), 100);
          if (purged > 0) {
            LOG.debugf("Purged %d expired bulk import previews", purged);
          }
        });
  }

  /**
   * Ends SCHEDULED imports whose last pending user was resolved without anyone ending them (a race
   * of the job's end with a restore or a removal elsewhere): one read on the status index.
   */
  private void endScheduledWithoutPending() {
    housekeeping(
        "end scheduled bulk imports without pending users",
        () -> {
          int ended =
              KeycloakModelUtils.runJobInTransactionWithResult(
                  factory, s -> new ImportLife(em(s)).endAllWithoutPending(100));
          if (ended > 0) {
            LOG.infof("Ended %d scheduled bulk imports with no user pending any more", ended);
          }
        });
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "node";
    }
  }
}
