package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Deletes the users of a SCHEDULED import whose restore window has ended, on this node, while it
 * holds the import's lease ({@link JobLease} fencing SCHEDULED: the import keeps its status). The
 * due marks are read round after round (in row order) and split into batches of {@code
 * job-batch-size} that run on {@code job-threads} parallel sessions, through the job's delete path
 * ({@link UserActor#purge}).
 *
 * <p>Why no user is deleted twice, whatever the nodes do: each batch transaction first takes its
 * users' marks ({@link PendingDeletions#take}, one conditional delete each) and acts only on those
 * it took. A mark another transaction took first — a restore, the user's removal by another path, a
 * node that lost the lease and is still running — is skipped: the delete waits for that
 * transaction's row lock and then finds nothing. The batch commits only under the lease: its last
 * statement renews the lease where this node still owns it, so a node that lost it commits nothing
 * (its marks come back with the rollback, and the node now owning the import deletes those users).
 * A node that dies mid-purge leaves the marks of its unfinished batches; once its lease expires,
 * any node claims the import and goes on from them.
 *
 * <p>Bounded retries, as the job has them: before a transaction takes rows up, their attempt count
 * is raised in a transaction of its own (it was set back to 0 when the row was SCHEDULED). A row
 * taken up {@code max-attempts} times is resolved FAILED ({@link RowMessage#FAILED_REPEATEDLY}):
 * its user stays deactivated and is no longer pending, so that one user cannot stall the purge; it
 * is listed as needing attention ({@link NeedsAttention}), as is a user the purge skips because it
 * became protected, so that no user the window disabled is left unlisted. Rows taken up before, the
 * rows of a batch that one user broke, and users of a federation provider (their removal reaches
 * the provider at once) run one per transaction.
 */
final class DeletionPurge {

  private static final Logger LOG = Logger.getLogger(DeletionPurge.class);

  private enum Step {
    MORE,
    STOP
  }

  private record Round(Step step, List<Integer> rowNos) {}

  /** Rows taken up: fresh ones to run together, and those to run one per transaction. */
  private record Taken(Step step, List<Integer> together, List<Integer> oneByOne) {}

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final JobLease lease;
  private final Executor batches;

  DeletionPurge(
      KeycloakSessionFactory factory, BulkSettings settings, String nodeId, Executor batches) {
    this.factory = factory;
    this.settings = settings;
    this.lease = new JobLease(nodeId, settings.lease(), ImportStatus.SCHEDULED);
    this.batches = settings.jobThreads() > 1 ? batches : Runnable::run;
  }

  void run(String importId) {
    LOG.debugf("Node %s deletes the due users of bulk import %s", lease.nodeId(), importId);
    try {
      int after = 0;
      while (true) {
        int from = after;
        Round round = inTransaction(s -> nextRound(s, importId, from));
        if (round.step() == Step.STOP || runRound(importId, round.rowNos()) == Step.STOP) {
          return;
        }
        after = round.rowNos().get(round.rowNos().size() - 1);
      }
    } catch (RuntimeException e) {
      // The database or the node is in trouble: the lease expires and this or another node goes
      // on (the rows' attempt counts bound how often).
      LOG.warnf(
          "Deleting the due users of bulk import %s paused on node %s (%s); it resumes when its"
              + " lease expires",
          importId, lease.nodeId(), FailureKind.name(e));
      LOG.debugf(e, "Purge of bulk import %s paused", importId);
    }
  }

  /**
   * Renews the lease and picks the next due rows; with none left, ends the import when nothing of
   * it is pending (users due later keep it SCHEDULED) and gives the lease up.
   */
  private Round nextRound(KeycloakSession session, String importId, int after) {
    EntityManager em = em(session);
    BulkImportEntity job = lease.renew(em, importId);
    if (job == null || session.realms().getRealm(job.getRealmId()) == null) {
      return new Round(Step.STOP, List.of());
    }
    int size = settings.jobBatchSize() * settings.jobThreads();
    PendingDeletions pending = new PendingDeletions(em);
    long now = System.currentTimeMillis();
    List<Integer> rowNos = pending.dueRowNos(importId, now, after, size);
    if (rowNos.isEmpty() && after > 0) {
      rowNos = pending.dueRowNos(importId, now, 0, size); // left behind the cursor: retried rows
    }
    if (rowNos.isEmpty()) {
      if (pending.endIfNonePending(importId)) {
        LOG.infof("Bulk import %s: the users it scheduled for deletion are resolved", importId);
      } else {
        lease.release(em, importId);
      }
      return new Round(Step.STOP, List.of());
    }
    return new Round(Step.MORE, rowNos);
  }

  private Step runRound(String importId, List<Integer> rowNos) {
    List<Future<Step>> running = new ArrayList<>();
    for (int i = 0; i < rowNos.size(); i += settings.jobBatchSize()) {
      List<Integer> part = rowNos.subList(i, Math.min(rowNos.size(), i + settings.jobBatchSize()));
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
        throw new IllegalStateException("interrupted while purging bulk import " + importId, e);
      }
    }
    if (trouble != null) {
      throw trouble;
    }
    return result;
  }

  private Step runBatch(String importId, List<Integer> rowNos) {
    try {
      Taken taken = inTransaction(s -> take(s, importId, rowNos, true));
      if (taken.step() == Step.STOP) {
        return Step.STOP;
      }
      List<Integer> oneByOne = new ArrayList<>(taken.oneByOne());
      List<Integer> counted = new ArrayList<>();
      if (!taken.together().isEmpty()) {
        try {
          List<Integer> alone = inTransaction(s -> batch(s, importId, taken.together()));
          if (alone == null) {
            return Step.STOP;
          }
          oneByOne.addAll(alone);
          counted.addAll(alone); // counted by this take-up: their own transactions come next
        } catch (JobLease.Lost e) {
          return Step.STOP;
        } catch (RuntimeException e) {
          if (FailureKind.isConnectionProblem(e)) {
            throw e;
          }
          LOG.debugf(
              "A purge batch of bulk import %s failed (%s); retrying user by user",
              importId, FailureKind.name(e));
          oneByOne.addAll(taken.together());
        }
      }
      Collections.sort(oneByOne);
      return rowByRow(importId, oneByOne, counted);
    } catch (JobLease.Lost e) {
      return Step.STOP;
    }
  }

  private Step rowByRow(String importId, List<Integer> rowNos, List<Integer> counted) {
    for (Integer rowNo : rowNos) {
      if (!counted.contains(rowNo)) {
        Taken taken = inTransaction(s -> take(s, importId, List.of(rowNo), false));
        if (taken.step() == Step.STOP) {
          return Step.STOP;
        }
        if (taken.oneByOne().isEmpty()) {
          continue; // resolved meanwhile, or its attempts were used up
        }
      }
      try {
        if (inTransaction(s -> batch(s, importId, List.of(rowNo))) == null) {
          return Step.STOP;
        }
      } catch (JobLease.Lost e) {
        return Step.STOP;
      } catch (RuntimeException e) {
        if (FailureKind.isConnectionProblem(e)) {
          throw e; // tried again when the purge resumes, unless this was its last attempt
        }
        LOG.infof(
            "Bulk import %s: a user due for deletion could not be deleted (%s)",
            importId, FailureKind.name(e));
        inTransaction(
            s -> {
              EntityManager em = em(s);
              PendingDeletions pending = new PendingDeletions(em);
              List<PendingDeletionEntity> marks =
                  pending.take(importId, pending.dueIn(importId, List.of(rowNo), Long.MAX_VALUE));
              pending.record(
                  importId,
                  marks.stream().map(PendingDeletionEntity::getRowNo).toList(),
                  Outcome.FAILED,
                  RowMessage.FAILED,
                  FailureKind.name(e));
              new NeedsAttention(em).add(marks, RowMessage.FAILED, FailureKind.name(e));
              lease.progress(em, importId, 0, -marks.size(), marks.size());
              return null;
            });
      }
    }
    return Step.MORE;
  }

  /**
   * Takes due rows up: counts an attempt on each, in this transaction of its own, before any
   * transaction acts on them; those whose attempts are used up are resolved FAILED at once. With
   * {@code asBatch}, rows never taken up before are returned to run together (when there are
   * several) and the others to run one at a time, each counted when its turn comes.
   */
  private Taken take(
      KeycloakSession session, String importId, List<Integer> rowNos, boolean asBatch) {
    EntityManager em = em(session);
    if (!lease.holds(em.find(BulkImportEntity.class, importId))) {
      return new Taken(Step.STOP, List.of(), List.of());
    }
    PendingDeletions pending = new PendingDeletions(em);
    List<PendingDeletionEntity> due = pending.dueIn(importId, rowNos, System.currentTimeMillis());
    if (due.isEmpty()) {
      return new Taken(Step.MORE, List.of(), List.of());
    }
    Map<Integer, PendingDeletionEntity> marks = new HashMap<>();
    due.forEach(m -> marks.put(m.getRowNo(), m));
    List<BulkImportRowEntity> rows = scheduledRows(em, importId, marks.keySet());
    if (rows.size() < marks.size()) {
      // A mark whose row is no longer SCHEDULED has nothing left to decide: dropped, its user left
      // as it is, so that the purge cannot come back to it for ever.
      List<PendingDeletionEntity> orphans = new ArrayList<>(marks.values());
      rows.forEach(r -> orphans.remove(marks.get(r.getRowNo())));
      LOG.warnf(
          "Bulk import %s: %d marks without a scheduled row dropped",
          importId, pending.take(importId, orphans).size());
    }
    List<PendingDeletionEntity> exhausted = new ArrayList<>();
    Map<String, List<Integer>> exhaustedBy = new LinkedHashMap<>();
    List<Integer> fresh = new ArrayList<>();
    List<Integer> retried = new ArrayList<>();
    for (BulkImportRowEntity row : rows) {
      if (row.getAttempts() >= settings.maxAttempts()) {
        exhausted.add(marks.get(row.getRowNo()));
        String failure =
            row.getLastFailure() == null ? ImportJobRunner.UNFINISHED : row.getLastFailure();
        exhaustedBy
            .computeIfAbsent(row.getAttempts() + "|" + failure, k -> new ArrayList<>())
            .add(row.getRowNo());
      } else if (row.getAttempts() == 0) {
        fresh.add(row.getRowNo());
      } else {
        retried.add(row.getRowNo());
      }
    }
    if (!exhausted.isEmpty()) {
      // Given up: the users stay deactivated and are no longer pending; the report says why.
      List<PendingDeletionEntity> takenMarks = pending.take(importId, exhausted);
      List<Integer> takenRows = takenMarks.stream().map(PendingDeletionEntity::getRowNo).toList();
      exhaustedBy.forEach(
          (param, done) -> {
            List<Integer> resolved = done.stream().filter(takenRows::contains).toList();
            pending.record(importId, resolved, Outcome.FAILED, RowMessage.FAILED_REPEATEDLY, param);
            new NeedsAttention(em)
                .add(
                    takenMarks.stream().filter(m -> resolved.contains(m.getRowNo())).toList(),
                    RowMessage.FAILED_REPEATEDLY,
                    param);
          });
      lease.progress(em, importId, 0, -takenRows.size(), takenRows.size());
      LOG.infof(
          "Bulk import %s: %d users due for deletion failed %d times in a row and are given up",
          importId, takenRows.size(), settings.maxAttempts());
    }
    List<Integer> counted;
    Taken taken;
    if (asBatch && fresh.size() > 1) {
      counted = fresh;
      taken = new Taken(Step.MORE, fresh, retried);
    } else if (asBatch) {
      counted = List.of();
      List<Integer> all = new ArrayList<>(fresh);
      all.addAll(retried);
      Collections.sort(all);
      taken = new Taken(Step.MORE, List.of(), all);
    } else {
      counted = new ArrayList<>(fresh);
      counted.addAll(retried);
      taken = new Taken(Step.MORE, List.of(), counted);
    }
    if (!counted.isEmpty()) {
      em.createQuery(
              "update BulkImportRowEntity r set r.attempts = r.attempts + 1 where r.importId ="
                  + " :importId and r.rowNo between :first and :last and r.rowNo in :rowNos and"
                  + " r.outcome = 'SCHEDULED'")
          .setParameter("importId", importId)
          .setParameter("first", Collections.min(counted))
          .setParameter("last", Collections.max(counted))
          .setParameter("rowNos", counted)
          .executeUpdate();
    }
    return taken;
  }

  /**
   * One batch transaction: takes the due marks of its rows first, deletes (or keeps) exactly the
   * users whose marks it took, records the rows' outcomes, and commits only under the lease.
   * Returns the rows left to a transaction of their own each (users of a federation provider in a
   * batch of several, their marks untouched), or null when this node no longer holds the import.
   *
   * @throws JobLease.Lost when the lease was lost meanwhile: the transaction is rolled back
   */
  private List<Integer> batch(KeycloakSession session, String importId, List<Integer> rowNos) {
    EntityManager em = em(session);
    BulkImportEntity job = em.find(BulkImportEntity.class, importId);
    if (!lease.holds(job)) {
      return null;
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return null; // the realm is being removed: its imports and marks go with it
    }
    session.getContext().setRealm(realm);
    PendingDeletions pending = new PendingDeletions(em);
    List<PendingDeletionEntity> due = pending.dueIn(importId, rowNos, System.currentTimeMillis());
    List<PendingDeletionEntity> now = new ArrayList<>(due.size());
    List<Integer> alone = new ArrayList<>();
    if (rowNos.size() > 1) {
      UserActor.preload(
          session, realm, due.stream().map(PendingDeletionEntity::getUserId).toList());
    }
    for (PendingDeletionEntity mark : due) {
      UserModel user =
          rowNos.size() > 1 ? session.users().getUserById(realm, mark.getUserId()) : null;
      if (user != null && UserActor.federated(user)) {
        alone.add(mark.getRowNo());
      } else {
        now.add(mark);
      }
    }
    // Resolve first: from here on, only users whose marks this transaction removed.
    List<PendingDeletionEntity> taken = pending.take(importId, now);
    int deleted = 0;
    int failed = 0;
    if (!taken.isEmpty()) {
      List<BulkImportRowEntity> rows =
          scheduledRows(em, importId, taken.stream().map(PendingDeletionEntity::getRowNo).toList());
      // Only read from here on: detached, so that the flushes before Keycloak's listeners' queries
      // do not check them again each time.
      rows.forEach(em::detach);
      List<UserActor.Result> results =
          UserActor.forPurge(session, realm, job, settings).purge(rows);
      Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        UserActor.Result result = results.get(i);
        byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(rows.get(i).getRowNo());
        deleted += result.outcome() == Outcome.DELETED ? 1 : 0;
        failed += result.outcome() == Outcome.FAILED ? 1 : 0;
      }
      byResult.forEach(
          (result, done) ->
              pending.record(importId, done, result.outcome(), result.message(), result.param()));
      // Left disabled, neither deleted nor kept: listed as needing attention, with the reason.
      NeedsAttention attention = new NeedsAttention(em);
      byResult.forEach(
          (result, done) -> {
            if (stranded(result.outcome())) {
              attention.add(
                  taken.stream().filter(m -> done.contains(m.getRowNo())).toList(),
                  result.message() == null ? RowMessage.NOT_REMOVED : result.message(),
                  result.param());
            }
          });
      // SCHEDULED counted as succeeded; now only DELETED does.
      deleted -= taken.size();
    }
    lease.progress(em, importId, 0, deleted, failed); // the fence: throws if the lease is lost
    return alone;
  }

  /**
   * Whether a purge outcome leaves the user disabled and unresolved (skipped: it became protected;
   * failed): such users are listed as needing attention.
   */
  private static boolean stranded(Outcome outcome) {
    return outcome == Outcome.SKIPPED || outcome == Outcome.FAILED;
  }

  /** The given rows still SCHEDULED, in row order. */
  private static List<BulkImportRowEntity> scheduledRows(
      EntityManager em, String importId, java.util.Collection<Integer> rowNos) {
    return em.createQuery(
            "select r from BulkImportRowEntity r where r.importId = :importId and r.rowNo between"
                + " :first and :last and r.rowNo in :rowNos and r.outcome = 'SCHEDULED' order by"
                + " r.rowNo",
            BulkImportRowEntity.class)
        .setParameter("importId", importId)
        .setParameter("first", Collections.min(rowNos))
        .setParameter("last", Collections.max(rowNos))
        .setParameter("rowNos", rowNos)
        .getResultList();
  }

  /** One transaction, tried again when it collided with another (as the job's are). */
  private <T> T inTransaction(Function<KeycloakSession, T> work) {
    return ImportJobRunner.withRetries(
        "purge", () -> KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply));
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
