package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import jakarta.persistence.EntityManager;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs one committed import on this node while it holds the import's lease, round after round. A
 * round renews the lease, reads the next pending rows (keyset paging on the row number) and splits
 * them into small batches that run in parallel, each in its own transaction on its own session: a
 * batch acts on its users, marks their rows done and adds its counts to the import in that same
 * transaction, so after a crash the job resumes from the rows without an outcome and no user is
 * processed twice. The batches of a round hold disjoint rows. Each batch's closing update is fenced
 * by the lease (owner and status); a node that lost the lease updates nothing, and its batch is
 * rolled back.
 *
 * <p>Small batches on parallel sessions, because the time per user is mostly spent waiting on the
 * database and a growing persistence context makes every later flush slower (see DESIGN.md,
 * "Performance facts").
 */
final class ImportJobRunner {

  private static final Logger LOG = Logger.getLogger(ImportJobRunner.class);

  private enum Step {
    MORE,
    STOP
  }

  /** The next rows to process, or STOP when the job is over (or no longer ours). */
  private record Round(Step step, List<Integer> rowNos) {}

  /** This node no longer holds the import's lease: the batch must not commit. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super("lease lost", null, false, false);
    }
  }

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final String nodeId;
  private final Executor batches;

  /**
   * {@code batches} runs a round's batches; with one job thread they run on the caller's thread.
   */
  ImportJobRunner(
      KeycloakSessionFactory factory, BulkSettings settings, String nodeId, Executor batches) {
    this.factory = factory;
    this.settings = settings;
    this.nodeId = nodeId;
    this.batches = settings.jobThreads() > 1 ? batches : Runnable::run;
  }

  void run(String importId) {
    LOG.debugf("Node %s runs bulk import %s", nodeId, importId);
    try {
      int after = 0;
      while (true) {
        int from = after;
        Round round =
            KeycloakModelUtils.runJobInTransactionWithResult(
                factory, s -> nextRound(s, importId, from));
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
      // node resumes.
      LOG.warnf(
          e,
          "Bulk import %s paused on node %s; it resumes when its lease expires",
          importId,
          nodeId);
    }
  }

  private Step runRound(String importId, List<Integer> rowNos) {
    List<List<Integer>> parts = new ArrayList<>();
    for (int i = 0; i < rowNos.size(); i += settings.jobBatchSize()) {
      parts.add(rowNos.subList(i, Math.min(rowNos.size(), i + settings.jobBatchSize())));
    }
    List<Future<Step>> running = new ArrayList<>();
    for (List<Integer> part : parts) {
      FutureTask<Step> task = new FutureTask<>(() -> withRetries(importId, part));
      batches.execute(task);
      running.add(task);
    }
    Step result = Step.MORE;
    RuntimeException trouble = null;
    List<List<Integer>> broken = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      try {
        if (running.get(i).get() == Step.STOP) {
          result = Step.STOP;
        }
      } catch (ExecutionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
        if (cause instanceof LeaseLost) {
          result = Step.STOP;
        } else if (isConnectionProblem(cause)) {
          trouble = cause;
        } else {
          // One user broke the batch (and rolled it back): redo it a row per transaction to find
          // and record that user.
          LOG.debugf(cause, "Batch of bulk import %s failed; retrying row by row", importId);
          broken.add(parts.get(i));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while bulk import " + importId + " ran", e);
      }
    }
    if (trouble != null) {
      throw trouble;
    }
    for (List<Integer> part : broken) {
      if (result == Step.STOP) {
        break;
      }
      result = rowByRow(importId, part);
    }
    return result;
  }

  /**
   * One batch, tried again when the database gave up on it for a reason that is not the users' (a
   * lock wait timed out, a deadlock victim, a serialization failure): parallel batches touch the
   * same import row, and now and then the same shared Keycloak rows.
   */
  private Step withRetries(String importId, List<Integer> rowNos) {
    for (int attempt = 1; ; attempt++) {
      try {
        return KeycloakModelUtils.runJobInTransactionWithResult(
            factory, s -> batch(s, importId, rowNos));
      } catch (RuntimeException e) {
        if (attempt >= 3 || !isContention(e)) {
          throw e;
        }
        LOG.debugf(
            "Batch of bulk import %s collided with another transaction (%s); attempt %d",
            importId, e, attempt + 1);
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Step rowByRow(String importId, List<Integer> rowNos) {
    for (Integer rowNo : rowNos) {
      try {
        if (KeycloakModelUtils.runJobInTransactionWithResult(
                factory, s -> batch(s, importId, List.of(rowNo)))
            == Step.STOP) {
          return Step.STOP;
        }
      } catch (LeaseLost e) {
        return Step.STOP;
      } catch (RuntimeException e) {
        if (isConnectionProblem(e)) {
          throw e;
        }
        LOG.infof("Bulk import %s: a user could not be processed (%s)", importId, e.toString());
        try {
          KeycloakModelUtils.runJobInTransaction(factory, s -> failRow(s, importId, rowNo, e));
        } catch (LeaseLost lost) {
          return Step.STOP;
        }
      }
    }
    return Step.MORE;
  }

  /** Renews the lease, handles cancel and completion, and picks the rows of the next round. */
  private Round nextRound(KeycloakSession session, String importId, int after) {
    EntityManager em = em(session);
    BulkImportEntity job = heartbeat(em, importId);
    if (job == null) {
      return new Round(Step.STOP, List.of());
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return new Round(Step.STOP, List.of()); // the realm is being removed; its imports go with it
    }
    session.getContext().setRealm(realm);
    if (job.isCancelRequested()) {
      finish(job, ImportStatus.CANCELLED, null);
      LOG.infof(
          "Bulk import %s cancelled after %d of %d users",
          importId, job.getProcessed(), job.getToProcess());
      return new Round(Step.STOP, List.of());
    }
    if (UserActor.forJob(session, realm, job, settings.batchedWrites()) == null) {
      finish(job, ImportStatus.FAILED, "The admin who started the import no longer exists.");
      return new Round(Step.STOP, List.of());
    }
    int size = settings.jobBatchSize() * settings.jobThreads();
    List<Integer> rowNos = pending(em, importId, after, size);
    if (rowNos.isEmpty() && after > 0) {
      rowNos =
          pending(
              em, importId, 0,
              size); // nothing after the cursor: make sure nothing was left behind it
    }
    if (rowNos.isEmpty()) {
      finish(job, ImportStatus.COMPLETED, null);
      LOG.infof(
          "Bulk import %s completed: %d processed, %d succeeded, %d failed",
          importId, job.getProcessed(), job.getSucceeded(), job.getFailed());
      return new Round(Step.STOP, List.of());
    }
    return new Round(Step.MORE, rowNos);
  }

  /**
   * Acts on the given rows that are still pending; adds the counts to the import under the lease.
   */
  private Step batch(KeycloakSession session, String importId, List<Integer> rowNos) {
    EntityManager em = em(session);
    BulkImportEntity job = em.find(BulkImportEntity.class, importId);
    if (job == null
        || !ImportStatus.RUNNING.name().equals(job.getStatus())
        || !nodeId.equals(job.getLeaseOwner())) {
      return Step.STOP;
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return Step.MORE; // the next round finds out why and ends the job
    }
    session.getContext().setRealm(realm);
    UserActor actor = UserActor.forJob(session, realm, job, settings.batchedWrites());
    if (actor == null) {
      return Step.MORE;
    }
    List<BulkImportRowEntity> rows = pendingIn(em, importId, rowNos);
    // Only read from here on and marked with one update per result below: detached, so that the
    // flush before every query Keycloak's listeners run does not check them again each time.
    rows.forEach(em::detach);
    List<UserActor.Result> results = actor.act(rows);
    int succeeded = 0;
    int failed = 0;
    Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      UserActor.Result result = results.get(i);
      byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(rows.get(i).getRowNo());
      succeeded += result.outcome().succeeded() ? 1 : 0;
      failed += result.outcome() == Outcome.FAILED ? 1 : 0;
    }
    long now = System.currentTimeMillis();
    byResult.forEach(
        (result, done) -> {
          int marked =
              em.createNamedQuery("academyBulkRowsDone")
                  .setParameter("outcome", result.outcome().name())
                  .setParameter("message", result.message())
                  .setParameter("at", now)
                  .setParameter("importId", importId)
                  .setParameter("first", Collections.min(done))
                  .setParameter("last", Collections.max(done))
                  .setParameter("rowNos", done)
                  .executeUpdate();
          if (marked != done.size()) {
            throw new IllegalStateException(
                "rows of bulk import " + importId + " were marked by someone else: " + done);
          }
        });
    progress(em, importId, rows.size(), succeeded, failed);
    return Step.MORE;
  }

  private void failRow(
      KeycloakSession session, String importId, int rowNo, RuntimeException cause) {
    EntityManager em = em(session);
    List<BulkImportRowEntity> rows = pendingIn(em, importId, List.of(rowNo));
    if (!rows.isEmpty()) {
      record(rows.get(0), Outcome.FAILED, reason(cause));
      progress(em, importId, 1, 0, 1);
    }
  }

  private void progress(
      EntityManager em, String importId, int processed, int succeeded, int failed) {
    int updated =
        em.createNamedQuery("academyBulkImportBatchDone")
            .setParameter("processed", processed)
            .setParameter("succeeded", succeeded)
            .setParameter("failed", failed)
            .setParameter("until", System.currentTimeMillis() + settings.lease().toMillis())
            .setParameter("id", importId)
            .setParameter("owner", nodeId)
            .executeUpdate();
    if (updated == 0) {
      LOG.debugf(
          "Node %s lost bulk import %s during a batch; the batch is rolled back", nodeId, importId);
      throw new LeaseLost();
    }
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
   * Renews this node's lease and returns the import, or null when the lease is lost or the job is
   * over.
   */
  private BulkImportEntity heartbeat(EntityManager em, String importId) {
    long now = System.currentTimeMillis();
    int renewed =
        em.createNamedQuery("academyBulkImportHeartbeat")
            .setParameter("until", now + settings.lease().toMillis())
            .setParameter("id", importId)
            .setParameter("owner", nodeId)
            .executeUpdate();
    if (renewed == 0) {
      LOG.debugf("Node %s no longer holds bulk import %s", nodeId, importId);
      return null;
    }
    return em.find(BulkImportEntity.class, importId);
  }

  private static void record(BulkImportRowEntity row, Outcome outcome, String message) {
    row.setOutcome(outcome.name());
    row.setMessage(message);
    row.setProcessedAt(System.currentTimeMillis());
  }

  private static void finish(BulkImportEntity job, ImportStatus status, String error) {
    job.setStatus(status.name());
    job.setFinishedAt(System.currentTimeMillis());
    job.setErrorMessage(error);
    job.setLeaseOwner(null);
    job.setLeaseUntil(null);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text =
        root.getClass().getSimpleName()
            + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }

  /**
   * Lock time-outs, deadlocks and serialization failures: the transaction may simply be run again.
   */
  static boolean isContention(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      String name = t.getClass().getName();
      if (t instanceof java.sql.SQLTransactionRollbackException
          || t instanceof java.sql.SQLTimeoutException
          || (t instanceof java.sql.SQLException s
              && s.getSQLState() != null
              && s.getSQLState().startsWith("40"))
          || name.endsWith("LockAcquisitionException")
          || name.endsWith("PessimisticLockException")
          || name.endsWith("OptimisticLockException")
          || name.endsWith("LockTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lost or refused database connection is not the user's fault: such a row must be retried, not
   * marked failed. Besides SQLSTATE class 08 (connection exception) this covers class 57 (operator
   * intervention: PostgreSQL's "terminating connection due to administrator command", 57P01, is
   * what a terminated or restarted server sends first), class 53 (insufficient resources: too many
   * connections) and any failure to obtain a connection from the pool, whatever SQLSTATE the server
   * gave for refusing it.
   */
  static boolean isConnectionProblem(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      String state = t instanceof java.sql.SQLException s ? s.getSQLState() : null;
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof SQLTransientException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t.getClass().getName().endsWith("JDBCConnectionException")
          || t.getClass().getName().endsWith("ConnectException")
          || (state != null
              && (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")))
          || message.startsWith("Unable to acquire JDBC Connection")
          || message.startsWith("Acquisition timeout")) {
        return true;
      }
    }
    return false;
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
