package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RestoreWindowMinimum;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.common.AcademyException;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST imports/{id}/delete-now}: ends the restore window of an import's pending users the
 * caller may manage, by moving their due time to now; the scheduled purge (on any node) deletes
 * them then. Only the due time changes, so calling it again, or while the purge runs, is harmless.
 */
final class DeleteNow {

  private static final int PAGE = 1000;

  /** What {@code delete-now} answers. */
  @Schema(name = "BulkDeleteNowResult")
  public static final class Result {
    @Schema(description = "Pending users of the import now due: the purge deletes them shortly.")
    public int deleting;

    @Schema(description = "Pending users the caller may not manage: their due time is unchanged.")
    public int notAllowed;

    Result(int deleting, int notAllowed) {
      this.deleting = deleting;
      this.notAllowed = notAllowed;
    }
  }

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final EntityManager em;
  private final RestoreWindowMinimum minimum;

  DeleteNow(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      EntityManager em,
      RestoreWindowMinimum minimum) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.em = em;
    this.minimum = minimum;
  }

  /**
   * Moves the due time of the import's pending users the caller may manage to {@code now}, and the
   * import's own when that was all of them and its job has ended (users a running job schedules
   * later are not made due by this call).
   *
   * @throws AcademyException 409 {@code bulk.import-not-scheduled} for a preview (expired or not)
   */
  Result apply(BulkImportEntity entity, long now) {
    if (entity.getCommittedAt() == null || ImportLife.isPreview(entity)) {
      throw AcademyException.conflict(
              "bulk.import-not-scheduled",
              "The import has not been committed: no user is pending deletion.")
          .rollback(session);
    }
    requireMinimumPassed(entity, now);
    int deleting;
    int notAllowed = 0;
    if (auth.users().canManage()) {
      deleting = moveAll(entity.getId(), now);
    } else {
      List<String> allowed = new ArrayList<>();
      int after = 0;
      while (true) {
        List<PendingDeletionEntity> page =
            em.createQuery(
                    "select p from PendingDeletionEntity p where p.importId = :importId and"
                        + " p.rowNo > :after order by p.rowNo",
                    PendingDeletionEntity.class)
                .setParameter("importId", entity.getId())
                .setParameter("after", after)
                .setMaxResults(PAGE)
                .getResultList();
        for (PendingDeletionEntity mark : page) {
          UserModel user = session.users().getUserById(realm, mark.getUserId());
          // A user removed meanwhile is the purge's to resolve (GONE): nothing to protect.
          if (user == null || auth.users().canManage(user)) {
            allowed.add(mark.getUserId());
          } else {
            notAllowed++;
          }
          em.detach(mark);
        }
        if (page.size() < PAGE) {
          break;
        }
        after = page.get(page.size() - 1).getRowNo();
      }
      deleting = 0;
      for (int i = 0; i < allowed.size(); i += PAGE) {
        deleting +=
            move(entity.getId(), allowed.subList(i, Math.min(allowed.size(), i + PAGE)), now);
      }
    }
    if (notAllowed == 0 && entity.getDeletionDueAt() != null && entity.getDeletionDueAt() > now) {
      // All of them: a SCHEDULED import is due now too. A job still running keeps its due time:
      // the users it schedules from now on get the window they were committed with.
      new ImportLife(em).deletionDueNow(entity.getId(), now);
      em.refresh(entity);
    }
    return new Result(deleting, notAllowed);
  }

  /**
   * @throws AcademyException 409 {@code bulk.delete-now-below-minimum} while the import's last user
   *     was scheduled less than {@code restore-window-min} ago, or its job is still scheduling
   *     users (they are scheduled now); an import with no user pending has nothing to refuse
   */
  private void requireMinimumPassed(BulkImportEntity entity, long now) {
    if (minimum.value().isZero()) {
      return;
    }
    boolean scheduling =
        ImportLife.isRunning(entity) && BulkAction.DELETE.name().equals(entity.getAction());
    Long lastScheduled =
        em.createQuery(
                "select max(p.createdAt) from PendingDeletionEntity p where p.importId = :importId",
                Long.class)
            .setParameter("importId", entity.getId())
            .getSingleResult();
    if (lastScheduled == null && !scheduling) {
      return;
    }
    long scheduledAt = scheduling ? now : Math.max(lastScheduled, entity.getCommittedAt());
    if (!minimum.allowsDeleteNow(scheduledAt, now)) {
      throw AcademyException.conflict(
              "bulk.delete-now-below-minimum",
              scheduling
                  ? "The job is still scheduling this import's users: they can be deleted now "
                      + minimum.text()
                      + " (the server's restore-window-min) after it has scheduled the last."
                  : minimum.deleteNowTooSoonDescription(scheduledAt))
          .rollback(session);
    }
  }

  /** Every mark of the import due now at the latest; returns how many are due. */
  private int moveAll(String importId, long now) {
    em.createQuery(
            "update PendingDeletionEntity p set p.dueAt = :now where p.importId = :importId and"
                + " p.dueAt > :now")
        .setParameter("now", now)
        .setParameter("importId", importId)
        .executeUpdate();
    return em.createQuery(
            "select count(p) from PendingDeletionEntity p where p.importId = :importId", Long.class)
        .setParameter("importId", importId)
        .getSingleResult()
        .intValue();
  }

  /** The marks of {@code userIds} due now at the latest; returns how many of them are pending. */
  private int move(String importId, List<String> userIds, long now) {
    em.createQuery(
            "update PendingDeletionEntity p set p.dueAt = :now where p.importId = :importId and"
                + " p.realmId = :realmId and p.userId in :ids and p.dueAt > :now")
        .setParameter("now", now)
        .setParameter("importId", importId)
        .setParameter("realmId", realm.getId())
        .setParameter("ids", userIds)
        .executeUpdate();
    return em.createQuery(
            "select count(p) from PendingDeletionEntity p where p.importId = :importId and"
                + " p.realmId = :realmId and p.userId in :ids",
            Long.class)
        .setParameter("importId", importId)
        .setParameter("realmId", realm.getId())
        .setParameter("ids", userIds)
        .getSingleResult()
        .intValue();
  }
}
