package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs one committed import on this node while it holds the import's lease ({@link JobLease}),
 * round after round. A round renews the lease, reads the next pending rows (keyset paging on the
 * row number) and splits them into small batches that run in parallel, each in its own transaction
 * on its own session: a batch acts on its users, marks their rows done and adds its counts to the
 * import in that same transaction, fenced by the lease, so after a crash the job resumes from the
 * rows without an outcome and no user is processed twice. The batches of a round hold disjoint
 * rows.
 *
 * <p>Before a transaction takes rows up, their attempt count is raised in a transaction of its own,
 * so that a transaction that never finishes (a statement that times out on every try, a node that
 * dies on it) counts too. A row taken up {@code max-attempts} times without an outcome is marked
 * FAILED ({@link RowMessage#FAILED_REPEATEDLY}) and the job goes on. Rows that were taken up before
 * are retried one per transaction, so that only the row in trouble uses up its attempts; so are the
 * rows of a batch that failed because of one of its users, and users of a federation provider
 * (their removal reaches the provider at once; a rollback of the batch would not undo it).
 *
 * <p>Small batches on parallel sessions, because the time per user is mostly spent waiting on the
 * database and a growing persistence context makes every later flush slower (docs/benchmarks.md).
 */
final class ImportJobRunner {

  private static final Logger LOG = Logger.getLogger(ImportJobRunner.class);

  /** When the last failure of an exhausted row is not known: its transaction never finished. */
  static final String UNFINISHED = "unfinished";

  private enum Step {
    MORE,
    STOP
  }

  /** The next rows to process, or STOP when the job is over (or no longer ours). */
  private record Round(Step step, List<Integer> rowNos) {}

  /** A batch's end, and the rows it left to a transaction of their own each. */
  /**
   * @param signOut the users the batch deactivated that may have online sessions, to sign out now
   *     that it has committed; null when it deactivated none
   */
  private record BatchEnd(Step step, List<Integer> alone, SignOut signOut) {
    BatchEnd(Step step, List<Integer> alone) {
      this(step, alone, null);
    }
  }

  /** Rows taken up: a batch's fresh rows (counted) and the rows to run one at a time. */
  private record Taken(List<Integer> together, List<Integer> oneByOne) {}

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final JobLease lease;
  private final Executor batches;

  /**
   * {@code batches} runs a round's batches; with one job thread they run on the caller's thread.
   */
  ImportJobRunner(
      KeycloakSessionFactory factory, BulkSettings settings, String nodeId, Executor batches) {
    this.factory = factory;
    this.settings = settings;
    this.lease = new JobLease(nodeId, settings.lease(), ImportStatus.RUNNING);
    this.batches = settings.jobThreads() > 1 ? batches : Runnable::run;
  }

  void run(String importId) {
    LOG.debugf("Node %s runs bulk import %s", lease.nodeId(), importId);
    try {
      int after = 0;
      while (true) {
        int from = after;
        Round round = inTransaction(s -> nextRound(s, importId, from));
        if (round.step() == Step.STOP) {
          return;
        }
        if (runRound(importId, round.rowNos()) == Step.STOP) {
          return;
        }
        after = round.rowNos().isEmpty() ? 0 : round.rowNos().get(round.rowNos().size() - 1);
      }
    } catch (RuntimeException e) {
      // The database or the node is in trouble: leave the lease to expire, so that this or another
      // node resumes (the rows' attempt counts bound how often).
      LOG.warnf(
          "Bulk import %s paused on node %s (%s); it resumes when its lease expires",
          importId, lease.nodeId(), FailureKind.name(e));
      LOG.debugf(e, "Bulk import %s paused", importId);
    }
  }

  private Step runRound(String importId, List<Integer> rowNos) {
    List<List<Integer>> parts = new ArrayList<>();
    for (int i = 0; i < rowNos.size(); i += settings.jobBatchSize()) {
      parts.add(rowNos.subList(i, Math.min(rowNos.size(), i + settings.jobBatchSize())));
    }
    List<Future<Step>> running = new ArrayList<>();
    for (List<Integer> part : parts) {
      FutureTask<Step> task = new FutureTask<>(() -> runBatch(importId, part));
      batches.execute(task);
      running.add(task);
    }
    Step result = Step.MORE;
    RuntimeException trouble = null;
    for (Future<Step> task : running) {
      try {
        if (task.get() == Step.STOP) {
          result = Step.STOP;
        }
      } catch (ExecutionException e) {
        trouble =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while bulk import " + importId + " ran", e);
      }
    }
    if (trouble != null) {
      throw trouble;
    }
    return result;
  }

  /**
   * One batch of a round: its fresh rows together in one transaction, then one per transaction the
   * rows that were taken up before, the users that must be alone, and — when a user broke the batch
   * and rolled it back — every row of the batch, to find and record that user.
   */
  private Step runBatch(String importId, List<Integer> rowNos) {
    Taken taken;
    try {
      taken = withRetries(importId, () -> inTransaction(s -> take(s, importId, rowNos, true)));
    } catch (JobLease.Lost e) {
      return Step.STOP;
    }
    if (taken == null) {
      return Step.STOP;
    }
    List<Integer> oneByOne = new ArrayList<>(taken.oneByOne());
    Set<Integer> counted = new HashSet<>();
    if (!taken.together().isEmpty()) {
      try {
        BatchEnd end =
            withRetries(importId, () -> inTransaction(s -> batch(s, importId, taken.together())));
        signOut(importId, end);
        if (end.step() == Step.STOP) {
          return Step.STOP;
        }
        // Counted by this take-up, not acted on yet: their own transactions come next.
        oneByOne.addAll(end.alone());
        counted.addAll(end.alone());
      } catch (JobLease.Lost e) {
        return Step.STOP;
      } catch (RuntimeException e) {
        if (FailureKind.isConnectionProblem(e)) {
          noteFailure(importId, taken.together(), e);
          throw e;
        }
        LOG.debugf(
            "Batch of bulk import %s failed (%s); retrying row by row",
            importId, FailureKind.name(e));
        oneByOne.addAll(taken.together());
      }
    }
    Collections.sort(oneByOne);
    return rowByRow(importId, oneByOne, counted);
  }

  /** Each row in a transaction of its own; each counted first unless {@code counted} holds it. */
  private Step rowByRow(String importId, List<Integer> rowNos, Set<Integer> counted) {
    for (Integer rowNo : rowNos) {
      try {
        if (!counted.contains(rowNo)) {
          Taken taken =
              withRetries(
                  importId, () -> inTransaction(s -> take(s, importId, List.of(rowNo), false)));
          if (taken == null) {
            return Step.STOP;
          }
          if (taken.oneByOne().isEmpty()) {
            continue; // done meanwhile, or its attempts were used up
          }
        }
        BatchEnd end =
            withRetries(importId, () -> inTransaction(s -> batch(s, importId, List.of(rowNo))));
        signOut(importId, end);
        if (end.step() == Step.STOP) {
          return Step.STOP;
        }
      } catch (JobLease.Lost e) {
        return Step.STOP;
      } catch (RuntimeException e) {
        if (FailureKind.isConnectionProblem(e)) {
          // Tried again when the job resumes, unless this was its last attempt.
          if (!noteFailure(importId, List.of(rowNo), e)) {
            throw e;
          }
          continue;
        }
        LOG.infof(
            "Bulk import %s: a user could not be processed (%s)", importId, FailureKind.name(e));
        try {
          inTransaction(
              s -> {
                markDone(
                    s,
                    importId,
                    List.of(rowNo),
                    new UserActor.Result(Outcome.FAILED, RowMessage.FAILED, FailureKind.name(e)));
                lease.progress(em(s), importId, 1, 0, 1);
                return null;
              });
        } catch (JobLease.Lost lost) {
          return Step.STOP;
        }
      }
    }
    return Step.MORE;
  }

  /**
   * One transaction for the given rows, tried again when the database gave up on it for a reason
   * that is not the users' (a lock wait timed out, a deadlock victim, a serialization failure):
   * parallel batches touch the same import row, and now and then the same shared Keycloak rows.
   */
  static <T> T withRetries(String importId, Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (attempt >= 3 || !FailureKind.isContention(e)) {
          throw e;
        }
        LOG.debugf(
            "Transaction of bulk import %s collided with another (%s); attempt %d",
            importId, FailureKind.name(e), attempt + 1);
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Takes pending rows up: those whose attempts are used up are marked FAILED at once (fenced by
   * the lease); the others are counted, now, in this transaction of their own, before any
   * transaction acts on them. With {@code asBatch}, only rows never taken up before are counted and
   * returned to run together (when there are several); the others are returned to run one at a
   * time, each counted when its turn comes. Returns null when the job is no longer this node's.
   */
  private Taken take(
      KeycloakSession session, String importId, List<Integer> rowNos, boolean asBatch) {
    EntityManager em = em(session);
    if (!lease.holds(em.find(BulkImportEntity.class, importId))) {
      return null;
    }
    List<BulkImportRowEntity> rows = pendingIn(em, importId, rowNos);
    List<BulkImportRowEntity> exhausted = new ArrayList<>();
    List<Integer> fresh = new ArrayList<>();
    List<Integer> retried = new ArrayList<>();
    for (BulkImportRowEntity row : rows) {
      if (row.getAttempts() >= settings.maxAttempts()) {
        exhausted.add(row);
      } else if (row.getAttempts() == 0) {
        fresh.add(row.getRowNo());
      } else {
        retried.add(row.getRowNo());
      }
    }
    failRepeatedly(session, importId, exhausted);
    List<Integer> counted;
    Taken taken;
    if (asBatch && fresh.size() > 1) {
      counted = fresh;
      taken = new Taken(fresh, retried);
    } else if (asBatch) {
      counted = List.of();
      List<Integer> all = new ArrayList<>(fresh);
      all.addAll(retried);
      Collections.sort(all);
      taken = new Taken(List.of(), all);
    } else {
      counted = new ArrayList<>(fresh);
      counted.addAll(retried);
      taken = new Taken(List.of(), counted);
    }
    if (!counted.isEmpty()) {
      rowQuery(em, "academyBulkRowsAttempted", importId, counted).executeUpdate();
    }
    return taken;
  }

  /** Marks rows whose attempts are used up FAILED, with the count and the last failure's kind. */
  private void failRepeatedly(
      KeycloakSession session, String importId, List<BulkImportRowEntity> exhausted) {
    if (exhausted.isEmpty()) {
      return;
    }
    Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
    for (BulkImportRowEntity row : exhausted) {
      String failure = row.getLastFailure() == null ? UNFINISHED : row.getLastFailure();
      byResult
          .computeIfAbsent(
              new UserActor.Result(
                  Outcome.FAILED, RowMessage.FAILED_REPEATEDLY, row.getAttempts() + "|" + failure),
              r -> new ArrayList<>())
          .add(row.getRowNo());
    }
    byResult.forEach((result, done) -> markDone(session, importId, done, result));
    lease.progress(em(session), importId, exhausted.size(), 0, exhausted.size());
    LOG.infof(
        "Bulk import %s: %d users failed %d times in a row and are given up",
        importId, exhausted.size(), settings.maxAttempts());
  }

  /**
   * Records on the rows what their transaction failed with, in a transaction of its own; when that
   * was the last attempt of every one of them, marks them FAILED and returns true. Returns false
   * when the rows are to be tried again, or when the database cannot be reached to record it.
   */
  private boolean noteFailure(String importId, List<Integer> rowNos, RuntimeException cause) {
    try {
      return inTransaction(
          s -> {
            EntityManager em = em(s);
            rowQuery(em, "academyBulkRowsLastFailure", importId, rowNos)
                .setParameter("failure", FailureKind.name(cause))
                .executeUpdate();
            // Read after the update: with the failure just written.
            List<BulkImportRowEntity> rows = pendingIn(em, importId, rowNos);
            if (rows.isEmpty()
                || rows.stream().anyMatch(r -> r.getAttempts() < settings.maxAttempts())) {
              return false;
            }
            failRepeatedly(s, importId, rows);
            return true;
          });
    } catch (RuntimeException e) {
      LOG.debugf("Bulk import %s: could not record a failure (%s)", importId, FailureKind.name(e));
      return false;
    }
  }

  /** Renews the lease, handles cancel and completion, and picks the rows of the next round. */
  private Round nextRound(KeycloakSession session, String importId, int after) {
    EntityManager em = em(session);
    BulkImportEntity job = lease.renew(em, importId);
    if (job == null) {
      return new Round(Step.STOP, List.of());
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return new Round(Step.STOP, List.of()); // the realm is being removed; its imports go with it
    }
    session.getContext().setRealm(realm);
    if (job.isCancelRequested()) {
      finish(em, job, ImportStatus.CANCELLED, null);
      LOG.infof(
          "Bulk import %s cancelled after %d of %d users",
          importId, job.getProcessed(), job.getToProcess());
      return new Round(Step.STOP, List.of());
    }
    if (UserActor.forJob(session, realm, job, settings) == null) {
      finish(em, job, ImportStatus.FAILED, "The admin who started the import no longer exists.");
      return new Round(Step.STOP, List.of());
    }
    int size = settings.jobBatchSize() * settings.jobThreads();
    List<Integer> rowNos = pending(em, importId, after, size);
    if (rowNos.isEmpty() && after > 0) {
      // Nothing after the cursor: make sure nothing was left behind it.
      rowNos = pending(em, importId, 0, size);
    }
    if (rowNos.isEmpty()) {
      finish(em, job, ImportStatus.COMPLETED, null);
      LOG.infof(
          "Bulk import %s completed: %d processed, %d succeeded, %d failed",
          importId, job.getProcessed(), job.getSucceeded(), job.getFailed());
      return new Round(Step.STOP, List.of());
    }
    return new Round(Step.MORE, rowNos);
  }

  /**
   * Acts on the given rows that are still pending; adds the counts to the import under the lease.
   * Rows of users that must be acted on alone are left pending and returned.
   */
  private BatchEnd batch(KeycloakSession session, String importId, List<Integer> rowNos) {
    EntityManager em = em(session);
    BulkImportEntity job = em.find(BulkImportEntity.class, importId);
    if (!lease.holds(job)) {
      return new BatchEnd(Step.STOP, List.of());
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return new BatchEnd(Step.MORE, List.of()); // the next round finds out why and ends the job
    }
    session.getContext().setRealm(realm);
    UserActor actor = UserActor.forJob(session, realm, job, settings);
    if (actor == null) {
      return new BatchEnd(Step.MORE, List.of());
    }
    List<BulkImportRowEntity> rows = pendingIn(em, importId, rowNos);
    if (rows.isEmpty()) {
      return new BatchEnd(Step.MORE, List.of());
    }
    // Only read from here on and marked with one update per result below: detached, so that the
    // flush before every query Keycloak's listeners run does not check them again each time.
    rows.forEach(em::detach);
    List<UserActor.Result> results = actor.act(rows);
    int processed = 0;
    int succeeded = 0;
    int failed = 0;
    List<Integer> alone = new ArrayList<>();
    Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      UserActor.Result result = results.get(i);
      if (result.alone()) {
        alone.add(rows.get(i).getRowNo());
        continue;
      }
      byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(rows.get(i).getRowNo());
      processed++;
      succeeded += result.outcome().succeeded() ? 1 : 0;
      failed += result.outcome() == Outcome.FAILED ? 1 : 0;
    }
    byResult.forEach((result, done) -> markDone(session, importId, done, result));
    if (processed > 0) {
      lease.progress(em, importId, processed, succeeded, failed);
    }
    List<String> signOut = actor.toSignOut();
    return new BatchEnd(Step.MORE, alone, signOut.isEmpty() ? null : SignOut.of(job, signOut));
  }

  /**
   * Signs out the users a committed batch deactivated ({@link SignOut}), renewing the job's lease
   * meanwhile: slow clients may take a while. A failure here fails no row: the users are
   * deactivated and their tokens refused already.
   */
  private void signOut(String importId, BatchEnd end) {
    if (end.signOut() == null) {
      return;
    }
    long every = settings.lease().toNanos() / 3;
    long[] renewed = {System.nanoTime()};
    Runnable keepLease =
        () -> {
          if (System.nanoTime() - renewed[0] > every) {
            renewed[0] = System.nanoTime();
            try {
              inTransaction(s -> lease.renew(em(s), importId));
            } catch (RuntimeException e) {
              LOG.debugf("Bulk import %s: lease not renewed (%s)", importId, FailureKind.name(e));
            }
          }
        };
    try {
      end.signOut().run(factory, keepLease);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Bulk import %s: %d deactivated users may not be signed out of every client (%s)",
          importId, end.signOut().userIds().size(), FailureKind.name(e));
      LOG.debugf(e, "Bulk import %s: sign-out failed", importId);
    }
  }

  /** Sets the outcome of pending rows; throws when one of them was marked by someone else. */
  private static void markDone(
      KeycloakSession session, String importId, List<Integer> rowNos, UserActor.Result result) {
    int marked =
        rowQuery(em(session), "academyBulkRowsDone", importId, rowNos)
            .setParameter("outcome", result.outcome().name())
            .setParameter("messageKey", result.message() == null ? null : result.message().key())
            .setParameter("messageParam", result.param())
            .setParameter("at", System.currentTimeMillis())
            .executeUpdate();
    if (marked != rowNos.size()) {
      throw new IllegalStateException(
          "rows of bulk import " + importId + " were marked by someone else: " + rowNos);
    }
    if (result.outcome() == Outcome.SCHEDULED) {
      // The purge counts its own attempts on these rows, at the due time (PurgeWork).
      rowQuery(em(session), "academyBulkRowsScheduledAttemptsReset", importId, rowNos)
          .executeUpdate();
    }
  }

  private static jakarta.persistence.Query rowQuery(
      EntityManager em, String name, String importId, List<Integer> rowNos) {
    return em.createNamedQuery(name)
        .setParameter("importId", importId)
        .setParameter("first", Collections.min(rowNos))
        .setParameter("last", Collections.max(rowNos))
        .setParameter("rowNos", rowNos);
  }

  /** The given rows that are still pending, in row order. */
  private static List<BulkImportRowEntity> pendingIn(
      EntityManager em, String importId, List<Integer> rowNos) {
    return em.createNamedQuery("academyBulkRowsPendingIn", BulkImportRowEntity.class)
        .setParameter("importId", importId)
        .setParameter("first", Collections.min(rowNos))
        .setParameter("last", Collections.max(rowNos))
        .setParameter("rowNos", rowNos)
        .getResultList();
  }

  private static List<Integer> pending(EntityManager em, String importId, int after, int max) {
    return em.createNamedQuery("academyBulkRowsPendingAfter", Integer.class)
        .setParameter("importId", importId)
        .setParameter("after", after)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * Ends the job ({@link ImportLife#endJob}). A DELETE through a restore window that scheduled
   * users is SCHEDULED until none of them is pending any more; it ends then, as {@code status}.
   */
  private static void finish(
      EntityManager em, BulkImportEntity job, ImportStatus status, String error) {
    new ImportLife(em).endJob(job.getId(), job.getLeaseOwner(), status, error);
  }

  private <T> T inTransaction(java.util.function.Function<KeycloakSession, T> work) {
    return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
