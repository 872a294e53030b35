package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import jakarta.persistence.EntityManager;
import java.sql.SQLTransientException;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs one committed import on this node while it holds the import's lease: batch after batch, each in
 * its own transaction that also records the rows' outcomes and the progress. A user is acted on and
 * their row marked done in the same transaction, so after a crash the job resumes from the first row
 * without an outcome and no user is processed twice. The lease is renewed at the start of every batch
 * and the import's version column fences a node that lost its lease: its batch fails to commit.
 */
final class ImportJobRunner {

  private static final Logger LOG = Logger.getLogger(ImportJobRunner.class);

  private enum Step { MORE, STOP }

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final String nodeId;

  ImportJobRunner(KeycloakSessionFactory factory, BulkSettings settings, String nodeId) {
    this.factory = factory;
    this.settings = settings;
    this.nodeId = nodeId;
  }

  void run(String importId) {
    LOG.debugf("Node %s runs bulk import %s", nodeId, importId);
    try {
      while (true) {
        Step step;
        try {
          step = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> batch(s, importId, settings.batchSize()));
        } catch (RuntimeException e) {
          if (isConnectionProblem(e)) {
            throw e;
          }
          // One user broke the batch (and rolled it back): redo it a row per transaction to find and record that user.
          LOG.debugf(e, "Batch of bulk import %s failed; retrying row by row", importId);
          step = rowByRow(importId);
        }
        if (step == Step.STOP) {
          return;
        }
      }
    } catch (RuntimeException e) {
      // The database or the node is in trouble: leave the lease to expire, so that this or another node resumes.
      LOG.warnf(e, "Bulk import %s paused on node %s; it resumes when its lease expires", importId, nodeId);
    }
  }

  private Step rowByRow(String importId) {
    for (int i = 0; i < settings.batchSize(); i++) {
      Step step;
      try {
        step = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> batch(s, importId, 1));
      } catch (RuntimeException e) {
        if (isConnectionProblem(e)) {
          throw e;
        }
        LOG.infof("Bulk import %s: a user could not be processed (%s)", importId, e.toString());
        step = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> failFirstPending(s, importId, e));
      }
      if (step == Step.STOP) {
        return Step.STOP;
      }
    }
    return Step.MORE;
  }

  private Step batch(KeycloakSession session, String importId, int size) {
    EntityManager em = em(session);
    BulkImportEntity job = heartbeat(em, importId);
    if (job == null) {
      return Step.STOP;
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return Step.STOP; // the realm is being removed; its imports go with it
    }
    session.getContext().setRealm(realm);
    if (job.isCancelRequested()) {
      finish(job, ImportStatus.CANCELLED, null);
      LOG.infof("Bulk import %s cancelled after %d of %d users", importId, job.getProcessed(), job.getToProcess());
      return Step.STOP;
    }
    List<BulkImportRowEntity> rows = em.createNamedQuery("academyBulkRowsPending", BulkImportRowEntity.class)
        .setParameter("importId", importId).setMaxResults(size).getResultList();
    if (rows.isEmpty()) {
      finish(job, ImportStatus.COMPLETED, null);
      LOG.infof("Bulk import %s completed: %d processed, %d succeeded, %d failed", importId, job.getProcessed(),
          job.getSucceeded(), job.getFailed());
      return Step.STOP;
    }
    UserActor actor = UserActor.forJob(session, realm, job);
    if (actor == null) {
      finish(job, ImportStatus.FAILED, "The admin who started the import no longer exists.");
      return Step.STOP;
    }
    for (BulkImportRowEntity row : rows) {
      UserActor.Result result = actor.act(row);
      record(job, row, result.outcome(), result.message());
    }
    return Step.MORE;
  }

  private Step failFirstPending(KeycloakSession session, String importId, RuntimeException cause) {
    EntityManager em = em(session);
    BulkImportEntity job = heartbeat(em, importId);
    if (job == null) {
      return Step.STOP;
    }
    List<BulkImportRowEntity> rows = em.createNamedQuery("academyBulkRowsPending", BulkImportRowEntity.class)
        .setParameter("importId", importId).setMaxResults(1).getResultList();
    if (rows.isEmpty()) {
      return Step.MORE;
    }
    record(job, rows.get(0), Outcome.FAILED, reason(cause));
    return Step.MORE;
  }

  /** Renews this node's lease and returns the import, or null when the lease is lost or the job is over. */
  private BulkImportEntity heartbeat(EntityManager em, String importId) {
    long now = System.currentTimeMillis();
    int renewed = em.createNamedQuery("academyBulkImportHeartbeat")
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

  private static void record(BulkImportEntity job, BulkImportRowEntity row, Outcome outcome, String message) {
    row.setOutcome(outcome.name());
    row.setMessage(message);
    row.setProcessedAt(System.currentTimeMillis());
    job.setProcessed(job.getProcessed() + 1);
    if (outcome.succeeded()) {
      job.setSucceeded(job.getSucceeded() + 1);
    } else if (outcome == Outcome.FAILED) {
      job.setFailed(job.getFailed() + 1);
    }
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
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }

  /**
   * A lost or refused database connection is not the user's fault: such a row must be retried, not marked
   * failed. Besides SQLSTATE class 08 (connection exception) this covers class 57 (operator intervention:
   * PostgreSQL's "terminating connection due to administrator command", 57P01, is what a terminated or
   * restarted server sends first), class 53 (insufficient resources: too many connections) and any failure
   * to obtain a connection from the pool, whatever SQLSTATE the server gave for refusing it.
   */
  static boolean isConnectionProblem(Throwable e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      String state = t instanceof java.sql.SQLException s ? s.getSQLState() : null;
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof SQLTransientException || t instanceof java.sql.SQLNonTransientConnectionException
          || t.getClass().getName().endsWith("JDBCConnectionException")
          || t.getClass().getName().endsWith("ConnectException")
          || (state != null && (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")))
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
