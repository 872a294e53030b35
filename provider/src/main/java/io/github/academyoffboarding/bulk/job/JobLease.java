package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * This node's lease on an import in one status — a RUNNING job, or a SCHEDULED import whose due
 * users are being purged or restored ({@link LeasedRounds}): renewed by each round and by each
 * batch's closing update, and the fence of that update. A node that lost the lease (it was too
 * slow, another node took the import over, the job was cancelled or ended, the import left the
 * status) updates nothing, and its transaction is rolled back.
 */
final class JobLease {

  private static final Logger LOG = Logger.getLogger(JobLease.class);

  /** This node no longer holds the import's lease: the transaction must not commit. */
  static final class Lost extends RuntimeException {
    Lost() {
      super("lease lost", null, false, false);
    }
  }

  private final String nodeId;
  private final Duration lease;
  private final ImportStatus fenced;

  /** A lease on imports in status {@code fenced}: it holds only while the import is in it. */
  JobLease(String nodeId, Duration lease, ImportStatus fenced) {
    this.nodeId = nodeId;
    this.lease = lease;
    this.fenced = fenced;
  }

  /**
   * Claims an import no node holds (never claimed, or its lease expired) that is in the fenced
   * status: a conditional update, so that of all nodes sharing the database exactly one wins.
   */
  boolean claim(EntityManager em, String importId, long now) {
    return em.createNamedQuery("academyBulkImportClaim")
            .setParameter("owner", nodeId)
            .setParameter("until", now + lease.toMillis())
            .setParameter("id", importId)
            .setParameter("status", fenced.name())
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /** Gives the lease up at once, if this node still holds it; returns whether it did. */
  boolean release(EntityManager em, String importId) {
    return em.createNamedQuery("academyBulkImportRelease")
            .setParameter("id", importId)
            .setParameter("status", fenced.name())
            .setParameter("owner", nodeId)
            .executeUpdate()
        == 1;
  }

  String nodeId() {
    return nodeId;
  }

  /** Renews the lease and returns the import, or null when the lease is lost or the job over. */
  BulkImportEntity renew(EntityManager em, String importId) {
    int renewed =
        em.createNamedQuery("academyBulkImportHeartbeat")
            .setParameter("until", until())
            .setParameter("id", importId)
            .setParameter("status", fenced.name())
            .setParameter("owner", nodeId)
            .executeUpdate();
    if (renewed == 0) {
      LOG.debugf("Node %s no longer holds bulk import %s", nodeId, importId);
      return null;
    }
    return em.find(BulkImportEntity.class, importId);
  }

  /**
   * Whether the import, as read in this transaction, is in the fenced status under this node's
   * lease. A read, not a fence: what a transaction may only commit under the lease goes through
   * {@link #progress}.
   */
  boolean holds(BulkImportEntity job) {
    return job != null
        && fenced.name().equals(job.getStatus())
        && nodeId.equals(job.getLeaseOwner());
  }

  /**
   * Adds a batch's counts to the import (a purge corrects them: negative) and renews the lease, in
   * one statement fenced by the lease.
   *
   * @throws Lost when this node no longer holds it
   */
  void progress(EntityManager em, String importId, int processed, int succeeded, int failed) {
    int updated =
        em.createNamedQuery("academyBulkImportBatchDone")
            .setParameter("processed", processed)
            .setParameter("succeeded", succeeded)
            .setParameter("failed", failed)
            .setParameter("until", until())
            .setParameter("id", importId)
            .setParameter("status", fenced.name())
            .setParameter("owner", nodeId)
            .executeUpdate();
    if (updated == 0) {
      LOG.debugf(
          "Node %s lost bulk import %s during a batch; the batch is rolled back", nodeId, importId);
      throw new Lost();
    }
  }

  private long until() {
    return System.currentTimeMillis() + lease.toMillis();
  }
}
