package io.github.academyoffboarding.bulk.restore;

import io.github.academyoffboarding.bulk.jpa.RowRange;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The restores of imports: a call asks for users (it flags their marks with its id), the engine
 * acts on the flagged marks batch by batch ({@code RestoreWork}) and counts here what it did.
 * Nothing else decides: a mark without a restore id is the purge's, one with it is the restore's.
 */
public final class Restores {

  /** Ids per {@code in} list: well below every database's limit on bound parameters. */
  private static final int IN_CHUNK = 1000;

  private final EntityManager em;

  public Restores(EntityManager em) {
    this.em = em;
  }

  /** Who asks for a restore, as the engine will act: the admin, its realm, client and address. */
  public record Requester(
      String userId, String realmId, String username, String clientId, String address) {}

  /**
   * Records a restore of the import's pending users ({@code userIds} null: all of them) and flags
   * those not asked for by an earlier restore still running. Users asked for that are not pending
   * by this import, or asked for already, count as not pending in this call's result.
   */
  public RestoreEntity ask(
      String importId, String realmId, Requester requester, Collection<String> userIds) {
    RestoreEntity restore = new RestoreEntity();
    restore.setId(UUID.randomUUID().toString());
    restore.setImportId(importId);
    restore.setRealmId(realmId);
    restore.setRequestedBy(requester.userId());
    restore.setRequestedByRealm(requester.realmId());
    restore.setRequestedByUsername(requester.username());
    restore.setRequestedByClient(requester.clientId());
    restore.setRequestedFrom(requester.address());
    restore.setRequestedAt(System.currentTimeMillis());
    if (userIds == null) {
      restore.setAsked(
          em.createNamedQuery("academyPendingCountByImport", Long.class)
              .setParameter("importId", importId)
              .getSingleResult()
              .intValue());
      em.createQuery(
              "update PendingDeletionEntity p set p.restoreId = :restoreId, p.restoreAttempts = 0,"
                  + " p.restoreFailure = null where p.importId = :importId and p.restoreId is null")
          .setParameter("restoreId", restore.getId())
          .setParameter("importId", importId)
          .executeUpdate();
    } else {
      restore.setAsked(userIds.size());
      List<String> ids = new ArrayList<>(userIds);
      for (int from = 0; from < ids.size(); from += IN_CHUNK) {
        em.createQuery(
                "update PendingDeletionEntity p set p.restoreId = :restoreId, p.restoreAttempts ="
                    + " 0, p.restoreFailure = null where p.importId = :importId and p.realmId ="
                    + " :realmId and p.userId in :ids and p.restoreId is null")
            .setParameter("restoreId", restore.getId())
            .setParameter("importId", importId)
            .setParameter("realmId", realmId)
            .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)))
            .executeUpdate();
      }
    }
    em.persist(restore);
    return restore;
  }

  public RestoreEntity find(String importId, String restoreId) {
    RestoreEntity restore = em.find(RestoreEntity.class, restoreId);
    return restore == null || !restore.getImportId().equals(importId) ? null : restore;
  }

  /** The users a restore asked for that the engine has not acted on yet. */
  public int remaining(String restoreId) {
    return em.createQuery(
            "select count(p) from PendingDeletionEntity p where p.restoreId = :restoreId",
            Long.class)
        .setParameter("restoreId", restoreId)
        .getSingleResult()
        .intValue();
  }

  /** What a restore has done so far; see {@link Progress}. */
  public Progress progress(RestoreEntity r) {
    return Progress.of(
        r.getAsked(), remaining(r.getId()), r.getRestored(), r.getNotAllowed(), r.getFailed());
  }

  /** An import's restores summed up, or null when it was never restored. */
  public Progress ofImport(String importId) {
    Object[] sums =
        em.createQuery(
                "select count(r), sum(r.asked), sum(r.restored), sum(r.notAllowed), sum(r.failed)"
                    + " from RestoreEntity r where r.importId = :importId",
                Object[].class)
            .setParameter("importId", importId)
            .getSingleResult();
    if (((Number) sums[0]).longValue() == 0) {
      return null;
    }
    int remaining =
        em.createQuery(
                "select count(p) from PendingDeletionEntity p where p.importId = :importId and"
                    + " p.restoreId is not null",
                Long.class)
            .setParameter("importId", importId)
            .getSingleResult()
            .intValue();
    return Progress.of(intOf(sums[1]), remaining, intOf(sums[2]), intOf(sums[3]), intOf(sums[4]));
  }

  /**
   * Row numbers of the import's marks a restore asked for, after {@code after}, in row order. An
   * import never restored (the purge's and the job's every round) costs one look-up in the small
   * restore table, not a walk through its marks.
   */
  public List<Integer> askedRowNos(String importId, int after, int max) {
    if (em.createQuery(
            "select r.id from RestoreEntity r where r.importId = :importId", String.class)
        .setParameter("importId", importId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select p.rowNo from PendingDeletionEntity p where p.importId = :importId and"
                + " p.restoreId is not null and p.rowNo > :after order by p.rowNo",
            Integer.class)
        .setParameter("importId", importId)
        .setParameter("after", after)
        .setMaxResults(max)
        .getResultList();
  }

  /** The import's marks among {@code rowNos} that a restore asked for, in row order. */
  public List<io.github.academyoffboarding.bulk.pending.PendingDeletionEntity> askedIn(
      String importId, Collection<Integer> rowNos) {
    return RowRange.bind(
            em.createQuery(
                "select p from PendingDeletionEntity p where p.importId = :importId and p.rowNo"
                    + " between :first and :last and p.rowNo in :rowNos and p.restoreId is not null"
                    + " order by p.rowNo",
                io.github.academyoffboarding.bulk.pending.PendingDeletionEntity.class),
            importId,
            rowNos)
        .getResultList();
  }

  /** Counts an attempt on these marks before a transaction acts on them. */
  public void countAttempt(String importId, Collection<Integer> rowNos) {
    rowsUpdate("p.restoreAttempts = p.restoreAttempts + 1", importId, rowNos).executeUpdate();
  }

  /** What the last attempt on these marks failed with. */
  public void noteFailure(String importId, Collection<Integer> rowNos, String failure) {
    rowsUpdate("p.restoreFailure = :failure", importId, rowNos)
        .setParameter("failure", failure)
        .executeUpdate();
  }

  /**
   * The restore lets these users go without restoring them (the admin may not manage them, or every
   * attempt failed): they stay pending, for the purge or a later restore.
   */
  public void letGo(String importId, Collection<Integer> rowNos) {
    rowsUpdate(
            "p.restoreId = null, p.restoreAttempts = 0, p.restoreFailure = null", importId, rowNos)
        .executeUpdate();
  }

  /** Adds what a batch did to its restore's counts. */
  public void count(String restoreId, int restored, int notAllowed, int failed) {
    if (restored == 0 && notAllowed == 0 && failed == 0) {
      return;
    }
    em.createQuery(
            "update RestoreEntity r set r.restored = r.restored + :restored, r.notAllowed ="
                + " r.notAllowed + :notAllowed, r.failed = r.failed + :failed where r.id = :id")
        .setParameter("restored", restored)
        .setParameter("notAllowed", notAllowed)
        .setParameter("failed", failed)
        .setParameter("id", restoreId)
        .executeUpdate();
  }

  /** A realm's restores go with it. */
  public int removeRealm(String realmId) {
    return em.createQuery("delete from RestoreEntity r where r.realmId = :realmId")
        .setParameter("realmId", realmId)
        .executeUpdate();
  }

  private jakarta.persistence.Query rowsUpdate(
      String set, String importId, Collection<Integer> rowNos) {
    return RowRange.bind(
        em.createQuery(
            "update PendingDeletionEntity p set "
                + set
                + " where p.importId = :importId and p.rowNo between :first and :last and p.rowNo"
                + " in :rowNos and p.restoreId is not null"),
        importId,
        rowNos);
  }

  private static int intOf(Object n) {
    return n == null ? 0 : ((Number) n).intValue();
  }

  /**
   * A restore's progress. {@code notPending} is what is neither restored, refused, failed nor still
   * to do: users not pending by the import at the call (never in it, restored or deleted already,
   * asked for by an earlier restore), or removed by another path since.
   */
  public record Progress(
      int asked, int remaining, int restored, int notPending, int notAllowed, int failed) {
    static Progress of(int asked, int remaining, int restored, int notAllowed, int failed) {
      return new Progress(
          asked,
          remaining,
          restored,
          Math.max(0, asked - remaining - restored - notAllowed - failed),
          notAllowed,
          failed);
    }

    public boolean done() {
      return remaining == 0;
    }
  }
}
