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
}
