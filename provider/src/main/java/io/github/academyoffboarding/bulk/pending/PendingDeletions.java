package io.github.academyoffboarding.bulk.pending;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The marks of users pending deletion: written by the job at commit, resolved later. */
public final class PendingDeletions {

  private final EntityManager em;

  public PendingDeletions(EntityManager em) {
    this.em = em;
  }

  /** Which of {@code userIds} are pending deletion already (by any import of the realm). */
  public Set<String> pendingAmong(String realmId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        em.createQuery(
                "select p.userId from PendingDeletionEntity p where p.realmId = :realmId and"
                    + " p.userId in :ids",
                String.class)
            .setParameter("realmId", realmId)
            .setParameter("ids", userIds)
            .getResultList());
  }

  /** Marks a user of {@code importId}'s row for deletion at {@code dueAt}. */
  public void mark(
      String realmId,
      String userId,
      String importId,
      int rowNo,
      long dueAt,
      String requestedBy,
      String requestedByRealm,
      boolean enabledBefore) {
    PendingDeletionEntity p = new PendingDeletionEntity();
    p.setRealmId(realmId);
    p.setUserId(userId);
    p.setImportId(importId);
    p.setRowNo(rowNo);
    p.setDueAt(dueAt);
    p.setRequestedBy(requestedBy);
    p.setRequestedByRealm(requestedByRealm);
    p.setEnabledBefore(enabledBefore);
    p.setCreatedAt(System.currentTimeMillis());
    em.persist(p);
  }

  /** Users of the import still pending. */
  public long countOf(String importId) {
    return em.createNamedQuery("academyPendingCountByImport", Long.class)
        .setParameter("importId", importId)
        .getSingleResult();
  }

  /**
   * Resolves marks of one import: removes them and gives their rows the outcome, in the caller's
   * transaction. Returns how many marks this call removed; a mark removed meanwhile by another
   * transaction (a restore, the purge on another node) is not counted and its row not changed, so
   * that each mark is resolved once.
   */
  public int resolve(
      String importId,
      Collection<PendingDeletionEntity> marks,
      io.github.academyoffboarding.bulk.job.Outcome outcome,
      io.github.academyoffboarding.bulk.RowMessage message) {
    int resolved = 0;
    for (PendingDeletionEntity mark : marks) {
      int removed =
          em.createQuery(
                  "delete from PendingDeletionEntity p where p.realmId = :realmId and p.userId ="
                      + " :userId and p.importId = :importId")
              .setParameter("realmId", mark.getRealmId())
              .setParameter("userId", mark.getUserId())
              .setParameter("importId", importId)
              .executeUpdate();
      if (removed == 0) {
        continue;
      }
      resolved++;
      em.createQuery(
              "update BulkImportRowEntity r set r.outcome = :outcome, r.messageKey = :messageKey,"
                  + " r.messageParam = null, r.processedAt = :at where r.importId = :importId and"
                  + " r.rowNo = :rowNo and r.outcome = 'SCHEDULED'")
          .setParameter("outcome", outcome.name())
          .setParameter("messageKey", message == null ? null : message.key())
          .setParameter("at", System.currentTimeMillis())
          .setParameter("importId", importId)
          .setParameter("rowNo", mark.getRowNo())
          .executeUpdate();
    }
    return resolved;
  }

  /**
   * Ends a SCHEDULED import once none of its users is pending: COMPLETED (CANCELLED when its job
   * was cancelled), with FINISHED_AT now, from which the history retention counts. Returns whether
   * it ended it.
   */
  public boolean endIfNonePending(String importId) {
    return em.createQuery(
                "update BulkImportEntity i set i.status = case when i.cancelRequested = true then"
                    + " 'CANCELLED' else 'COMPLETED' end, i.finishedAt = :now, i.leaseOwner = null,"
                    + " i.leaseUntil = null, i.version = i.version + 1 where i.id = :id and"
                    + " i.status = 'SCHEDULED' and not exists (select p.userId from"
                    + " PendingDeletionEntity p where p.importId = :id)")
            .setParameter("now", System.currentTimeMillis())
            .setParameter("id", importId)
            .executeUpdate()
        == 1;
  }
}
