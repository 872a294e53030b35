package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.metrics.BulkMetrics;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import io.github.academyoffboarding.bulk.restore.RestoreEntity;
import io.github.academyoffboarding.bulk.restore.Restores;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Restores the users a restore call asked for ({@link Restores}): a {@link RoundWork} of {@link
 * LeasedRounds}, batch by batch, as the admin who asked. Each user the admin may manage gets its
 * mark removed, its row RESTORED and, if it was enabled before the import, is enabled again as
 * {@code PUT /users/{id}} would, with the same admin events naming that admin. Users disabled
 * before stay disabled; users the admin may not manage stay pending (the restore lets them go).
 *
 * <p>The mark decides, against the purge and a second restore: the purge never takes a mark a
 * restore asked for, and a batch enables its users only when it removed all of their marks ({@link
 * PendingDeletions#takeAll}), in the same transaction.
 */
final class RestoreWork implements RoundWork {

  private final JobLease lease;

  RestoreWork(JobLease lease) {
    this.lease = lease;
  }

  @Override
  public String name() {
    return "restore";
  }

  @Override
  public List<Integer> next(EntityManager em, String importId, long now, int after, int max) {
    return new Restores(em).askedRowNos(importId, after, max);
  }

  @Override
  public List<Open> open(EntityManager em, String importId, List<Integer> keys, long now) {
    return new Restores(em)
        .askedIn(importId, keys).stream()
            .map(m -> new Open(m.getRowNo(), m.getRestoreAttempts(), m.getRestoreFailure()))
            .toList();
  }

  @Override
  public void countAttempt(EntityManager em, String importId, List<Integer> keys) {
    new Restores(em).countAttempt(importId, keys);
  }

  @Override
  public void noteFailure(EntityManager em, String importId, List<Integer> keys, String failure) {
    new Restores(em).noteFailure(importId, keys, failure);
  }

  /** Every attempt failed: the users stay pending (the purge's again), counted as failed. */
  @Override
  public void giveUp(KeycloakSession session, BulkImportEntity job, List<Open> exhausted) {
    EntityManager em = em(session);
    Restores restores = new Restores(em);
    List<PendingDeletionEntity> marks =
        restores.askedIn(job.getId(), exhausted.stream().map(Open::key).toList());
    Map<String, Integer> failedBy = new LinkedHashMap<>();
    marks.forEach(m -> failedBy.merge(m.getRestoreId(), 1, Integer::sum));
    restores.letGo(job.getId(), marks.stream().map(PendingDeletionEntity::getRowNo).toList());
    failedBy.forEach((restoreId, n) -> restores.count(restoreId, 0, 0, n));
    lease.progress(em, job.getId(), 0, 0, 0);
  }

  @Override
  public Acted act(
      KeycloakSession session, BulkImportEntity job, RealmModel realm, List<Integer> keys) {
    long start = System.nanoTime();
    String importId = job.getId();
    EntityManager em = em(session);
    Restores restores = new Restores(em);
    PendingDeletions pending = new PendingDeletions(em);
    List<PendingDeletionEntity> marks = restores.askedIn(importId, keys);
    UserActor.preload(
        session, realm, marks.stream().map(PendingDeletionEntity::getUserId).toList());
    Map<String, ActingAdmin> admins = new HashMap<>();
    List<Integer> take = new ArrayList<>();
    List<PendingDeletionEntity> gone = new ArrayList<>();
    List<Integer> refused = new ArrayList<>();
    Map<String, int[]> counts = new LinkedHashMap<>(); // per restore: restored, not allowed
    List<Runnable> enable = new ArrayList<>();
    for (PendingDeletionEntity mark : marks) {
      int[] count = counts.computeIfAbsent(mark.getRestoreId(), k -> new int[2]);
      // Looked up before any mark is taken: an LDAP learner gone meanwhile is removed by Keycloak
      // in a transaction of its own, whose cascade resolves its mark.
      UserModel user = UserActor.lookUpChecked(session, realm, mark.getUserId());
      ActingAdmin admin =
          admins.computeIfAbsent(mark.getRestoreId(), id -> admin(session, realm, importId, id));
      if (user == null) {
        gone.add(mark);
      } else if (admin == null || !admin.auth().users().canManage(user)) {
        refused.add(mark.getRowNo());
        count[1]++;
      } else {
        take.add(mark.getRowNo());
        count[0]++;
        // Taken before the change, as the console's GET before its PUT.
        UserRepresentation rep =
            mark.isEnabledBefore() && !user.isEnabled()
                ? UserEnabledChange.representation(session, realm, admin.auth(), user)
                : null;
        if (rep != null) {
          enable.add(() -> UserEnabledChange.enable(session, realm, user, admin.events(), rep));
        }
      }
    }
    // Removed by another path: its cascade has resolved the mark, unless no event reached it.
    pending.record(
        importId,
        pending.take(importId, gone).stream().map(PendingDeletionEntity::getRowNo).toList(),
        Outcome.GONE,
        RowMessage.REMOVED_ELSEWHERE,
        null);
    if (pending.takeAll(importId, take, true) != take.size()) {
      if (keys.size() > 1) {
        throw new MarksCollided(importId);
      }
      return Acted.NOTHING; // one key, resolved meanwhile by someone else: nothing to do
    }
    pending.record(importId, take, Outcome.RESTORED, null, null);
    enable.forEach(Runnable::run);
    if (!refused.isEmpty()) {
      restores.letGo(importId, refused);
    }
    counts.forEach((restoreId, c) -> restores.count(restoreId, c[0], c[1], 0));
    // The fence: throws if the lease is lost. The run ends the import once nothing is left.
    lease.progress(em, importId, 0, 0, 0);
    BulkMetrics.restored(session, job, take.size(), start);
    return Acted.NOTHING;
  }

  /** The admin who asked for the restore, or null when that admin no longer exists. */
  private static ActingAdmin admin(
      KeycloakSession session, RealmModel realm, String importId, String restoreId) {
    RestoreEntity restore = new Restores(em(session)).find(importId, restoreId);
    return restore == null
        ? null
        : ActingAdmin.find(
            session,
            realm,
            restore.getRequestedBy(),
            restore.getRequestedByRealm(),
            restore.getRequestedByClient(),
            restore.getRequestedFrom());
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
