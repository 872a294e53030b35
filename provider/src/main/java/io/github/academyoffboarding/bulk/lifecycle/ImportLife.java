package io.github.academyoffboarding.bulk.lifecycle;

import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.CANCELLED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.COMPLETED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.PREVIEW;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.RUNNING;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.SCHEDULED;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.List;

/**
 * The one owner of an import's status: every path that changes it — commit, cancel, the job's end,
 * the purge, restore, delete-now, Needs attention, the cascade, the scheduler's sweep, the expired
 * preview purge — asks here, and nowhere else names a status. Each change is one conditional update
 * ({@code … where status = :from}) following {@link ImportTransition}, in the caller's transaction,
 * so that a late writer finds the import moved on and changes nothing.
 *
 * <p>What a SCHEDULED import ends as once none of its users is pending is what its job ended as,
 * kept in {@code ENDS_AS}: a job that failed stays FAILED, a cancelled one CANCELLED.
 */
public final class ImportLife {

  /** The statuses of an import that has ended, as stored. */
  private static final List<String> ENDED =
      Arrays.stream(ImportStatus.values()).filter(ImportStatus::ended).map(Enum::name).toList();

  /**
   * Whether any user of the import {@code i} is pending deletion, or has a dated action or a return
   * waiting (one look-up on each index).
   */
  private static final String PENDING =
      "(exists (select p.userId from PendingDeletionEntity p where p.importId = i.id)"
          + " or exists (select s.userId from ScheduledEntity s where s.importId = i.id))";

  /**
   * What a SCHEDULED import {@code i} ends as: {@link ImportTransition#afterLastPending} in JPQL.
   */
  private static final String ENDS_AS =
      "coalesce(i.endsAs, case when i.cancelRequested = true then "
          + literal(CANCELLED)
          + " else "
          + literal(COMPLETED)
          + " end)";

  private final EntityManager em;

  public ImportLife(EntityManager em) {
    this.em = em;
  }

  // ---- reading an import's status --------------------------------------------------------------

  public static ImportStatus of(BulkImportEntity e) {
    return ImportStatus.valueOf(e.getStatus());
  }

  public static boolean isPreview(BulkImportEntity e) {
    return PREVIEW.name().equals(e.getStatus());
  }

  public static boolean isRunning(BulkImportEntity e) {
    return RUNNING.name().equals(e.getStatus());
  }

  public static boolean isCancelled(BulkImportEntity e) {
    return CANCELLED.name().equals(e.getStatus());
  }

  /** Whether the import may still delete users: its job runs, or users are pending. */
  public static boolean mayStillDelete(BulkImportEntity e) {
    return isRunning(e) || SCHEDULED.name().equals(e.getStatus());
  }

  public static boolean hasEnded(BulkImportEntity e) {
    return ENDED.contains(e.getStatus());
  }

  /** The stored statuses of ended imports (the history retention counts from their end). */
  public static List<String> ended() {
    return ENDED;
  }

  public static boolean isExpiredPreview(BulkImportEntity e, long now) {
    return isPreview(e) && e.getExpiresAt() < now;
  }

  /** The status to show: EXPIRED for a preview past its expiry (removed at the next tick). */
  public static String shown(BulkImportEntity e, long now) {
    return isExpiredPreview(e, now) ? ImportStatus.EXPIRED.name() : e.getStatus();
  }

  // ---- transitions -----------------------------------------------------------------------------

  /** A new import: a preview (not stored yet). */
  public static void begin(BulkImportEntity e) {
    e.setStatus(PREVIEW.name());
  }

  /** Who commits, and from where: recorded on the import by {@link #commit}. */
  public record Committer(
      String userId, String realmId, String clientId, String address, String baseUri) {}

  /** PREVIEW → RUNNING, if the preview has not expired at {@code now}; whether this call did it. */
  public boolean commit(String importId, Committer by, long now) {
    return em.createQuery(
                "update BulkImportEntity i set i.status = :to, i.committedBy = :user,"
                    + " i.committedByRealm = :adminRealm, i.committedByClient = :client,"
                    + " i.committedFrom = :address, i.committedBaseUri = :baseUri,"
                    + " i.committedAt = :now, i.version = i.version + 1"
                    + " where i.id = :id and i.status = :from and i.expiresAt >= :now")
            .setParameter("to", to(ImportTransition.COMMIT))
            .setParameter("from", from(ImportTransition.COMMIT))
            .setParameter("user", by.userId())
            .setParameter("adminRealm", by.realmId())
            .setParameter("client", by.clientId())
            .setParameter("address", by.address())
            .setParameter("baseUri", by.baseUri())
            .setParameter("now", now)
            .setParameter("id", importId)
            .executeUpdate()
        == 1;
  }

  /** PREVIEW → CANCELLED; whether this call did it. */
  public boolean cancelPreview(String importId, long now) {
    return em.createQuery(
                "update BulkImportEntity i set i.status = :to, i.finishedAt = :now,"
                    + " i.endsAs = :to, i.version = i.version + 1"
                    + " where i.id = :id and i.status = :from")
            .setParameter("to", to(ImportTransition.CANCEL_PREVIEW))
            .setParameter("from", from(ImportTransition.CANCEL_PREVIEW))
            .setParameter("now", now)
            .setParameter("id", importId)
            .executeUpdate()
        == 1;
  }

  /**
   * Asks a RUNNING job to stop after its batch (it then ends CANCELLED: {@link #endJob}); whether
   * the import was running.
   */
  public boolean requestCancel(String importId) {
    return em.createQuery(
                "update BulkImportEntity i set i.cancelRequested = true"
                    + " where i.id = :id and i.status = :running")
            .setParameter("running", RUNNING.name())
            .setParameter("id", importId)
            .executeUpdate()
        == 1;
  }

  /**
   * The job's end, in one statement fenced by its lease: RUNNING → {@code ending}, or → SCHEDULED
   * while users it scheduled for deletion are pending, remembering {@code ending} as what the
   * import ends as then. Gives the lease up. Returns whether the import was still this lease
   * owner's running job.
   */
  public boolean endJob(String importId, String leaseOwner, ImportStatus ending, String error) {
    ImportStatus ifPending = ImportTransition.afterJob(ending, true);
    ImportStatus ifNone = ImportTransition.afterJob(ending, false);
    return em.createQuery(
                "update BulkImportEntity i set i.status = case when "
                    + PENDING
                    + " then "
                    + literal(ifPending)
                    + " else "
                    + literal(ifNone)
                    + " end, i.finishedAt = case when "
                    + PENDING
                    + " then null else :now end, i.endsAs = :ending, i.errorMessage = :error,"
                    + " i.leaseOwner = null, i.leaseUntil = null, i.version = i.version + 1"
                    + " where i.id = :id and i.status = :running and i.leaseOwner = :owner")
            .setParameter("now", System.currentTimeMillis())
            .setParameter("ending", ending.name())
            .setParameter("error", error)
            .setParameter("id", importId)
            .setParameter("running", RUNNING.name())
            .setParameter("owner", leaseOwner)
            .executeUpdate()
        == 1;
  }

  /**
   * SCHEDULED → what it ends as ({@link ImportTransition#afterLastPending}) once none of its users
   * is pending, with FINISHED_AT now (the history retention counts from there). Called by whoever
   * resolved a mark; returns whether it ended the import.
   */
  public boolean endIfNonePending(String importId) {
    return em.createQuery(
                "update BulkImportEntity i set i.status = "
                    + ENDS_AS
                    + ", i.finishedAt = :now, i.leaseOwner = null, i.leaseUntil = null,"
                    + " i.version = i.version + 1 where i.id = :id and i.status = :scheduled"
                    + " and not "
                    + PENDING)
            .setParameter("now", System.currentTimeMillis())
            .setParameter("id", importId)
            .setParameter("scheduled", SCHEDULED.name())
            .executeUpdate()
        == 1;
  }

  /**
   * The scheduler's sweep: ends every SCHEDULED import left without pending users. The net under a
   * race no single writer can see: the job ending SCHEDULED while a restore or a removal elsewhere
   * resolves its last mark in a transaction that does not see the job's end yet. A tick with
   * nothing to end costs one read on the status index (a plain read: no lock on an import or a
   * mark, so it never waits for a purge or makes one wait); each import found is ended by {@link
   * #endIfNonePending}, conditionally again. Returns how many it ended.
   */
  public int endAllWithoutPending(int max) {
    List<String> stranded =
        em.createQuery(
                "select i.id from BulkImportEntity i where i.status = :scheduled and not "
                    + PENDING,
                String.class)
            .setParameter("scheduled", SCHEDULED.name())
            .setMaxResults(max)
            .getResultList();
    int ended = 0;
    for (String id : stranded) {
      ended += endIfNonePending(id) ? 1 : 0;
    }
    return ended;
  }

  /**
   * The users an import schedules from now on stay due when they were to be; only a SCHEDULED
   * import's own due time moves to {@code now} (delete-now of all its pending users).
   */
  public void deletionDueNow(String importId, long now) {
    em.createQuery(
            "update BulkImportEntity i set i.deletionDueAt = :now, i.version = i.version + 1"
                + " where i.id = :id and i.status = :scheduled and i.deletionDueAt > :now")
        .setParameter("now", now)
        .setParameter("id", importId)
        .setParameter("scheduled", SCHEDULED.name())
        .executeUpdate();
  }

  /**
   * Removes previews that expired before {@code now}, at most {@code max}, with their rows. The
   * import goes first, conditionally: a commit that got in between keeps its import and its rows
   * (the delete waits for the commit's row lock and then no longer matches). Returns how many.
   */
  public int removeExpiredPreviews(long now, int max) {
    List<String> expired =
        em.createQuery(
                "select i.id from BulkImportEntity i where i.status = :preview"
                    + " and i.expiresAt < :now",
                String.class)
            .setParameter("preview", PREVIEW.name())
            .setParameter("now", now)
            .setMaxResults(max)
            .getResultList();
    if (expired.isEmpty()) {
      return 0;
    }
    int removed =
        em.createQuery(
                "delete from BulkImportEntity i where i.id in :ids and i.status = :preview"
                    + " and i.expiresAt < :now")
            .setParameter("ids", expired)
            .setParameter("preview", PREVIEW.name())
            .setParameter("now", now)
            .executeUpdate();
    em.createQuery(
            "delete from BulkImportRowEntity r where r.importId in :ids"
                + " and not exists (select i.id from BulkImportEntity i where i.id = r.importId)")
        .setParameter("ids", expired)
        .executeUpdate();
    return removed;
  }

  private static String from(ImportTransition t) {
    return t.from().name();
  }

  private static String to(ImportTransition t) {
    return t.to().name();
  }

  /** A status as a JPQL literal, where a parameter's type could not be told (a case branch). */
  private static String literal(ImportStatus s) {
    return "'" + s.name() + "'";
  }
}
