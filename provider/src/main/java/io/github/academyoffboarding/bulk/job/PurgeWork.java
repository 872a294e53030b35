package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.jpa.RowRange;
import io.github.academyoffboarding.bulk.metrics.BulkMetrics;
import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Deletes the users of a SCHEDULED import whose restore window has ended (a {@link RoundWork} of
 * {@link LeasedRounds}), through the job's delete path ({@link UserActor#purge}), by the user id
 * the commit resolved.
 *
 * <p>Why no user is deleted twice, whatever the nodes do: a transaction first takes its users'
 * marks (one conditional delete for the batch, {@link PendingDeletions#takeAll}) and acts only when
 * it took all of them. A mark another transaction took first — a restore, the user's removal by
 * another path, a node that lost the lease — makes the batch go key by key, where such a user is
 * skipped. Marks a restore has asked for are the restore's and never due here. The users are looked
 * up before their marks are taken: an LDAP learner gone from the directory is removed by Keycloak
 * in a transaction of its own, whose cascade resolves the mark GONE, and must not wait for a lock
 * this transaction holds.
 *
 * <p>A row given up after {@code max-attempts} is resolved FAILED ({@link
 * RowMessage#FAILED_REPEATEDLY}) and its user listed as needing attention ({@link NeedsAttention}),
 * as is a user the purge skips because it became protected: no user the window disabled is left
 * unlisted.
 */
final class PurgeWork implements RoundWork {

  private static final Logger LOG = Logger.getLogger(PurgeWork.class);

  private final BulkSettings settings;
  private final JobLease lease;

  PurgeWork(BulkSettings settings, JobLease lease) {
    this.settings = settings;
    this.lease = lease;
  }

  @Override
  public String name() {
    return "deletion";
  }

  @Override
  public List<Integer> next(EntityManager em, String importId, long now, int after, int max) {
    return new PendingDeletions(em).dueRowNos(importId, now, after, max);
  }

  @Override
  public List<Open> open(EntityManager em, String importId, List<Integer> keys, long now) {
    List<Due> due = due(em, importId, keys, now);
    if (due.size() < keys.size()) {
      dropOrphans(em, importId, keys, now, due);
    }
    return due.stream()
        .map(d -> new Open(d.row().getRowNo(), d.row().getAttempts(), d.row().getLastFailure()))
        .toList();
  }

  /**
   * A mark whose row is no longer SCHEDULED has nothing left to decide: dropped, its user left as
   * it is, so that the purge cannot come back to it for ever.
   */
  private static void dropOrphans(
      EntityManager em, String importId, List<Integer> keys, long now, List<Due> due) {
    PendingDeletions pending = new PendingDeletions(em);
    List<Integer> withRow = due.stream().map(d -> d.row().getRowNo()).toList();
    List<PendingDeletionEntity> orphans =
        pending.dueIn(importId, keys, now).stream()
            .filter(m -> !withRow.contains(m.getRowNo()))
            .toList();
    if (!orphans.isEmpty()) {
      LOG.warnf(
          "Bulk import %s: %d marks without a scheduled row dropped",
          importId, pending.take(importId, orphans).size());
    }
  }

  @Override
  public void countAttempt(EntityManager em, String importId, List<Integer> keys) {
    scheduledRowsUpdate(em, "r.attempts = r.attempts + 1", importId, keys).executeUpdate();
  }

  @Override
  public void noteFailure(EntityManager em, String importId, List<Integer> keys, String failure) {
    scheduledRowsUpdate(em, "r.lastFailure = :failure", importId, keys)
        .setParameter("failure", failure)
        .executeUpdate();
  }

  @Override
  public void giveUp(KeycloakSession session, BulkImportEntity job, List<Open> exhausted) {
    // Given up: the users stay deactivated and are no longer pending; the report says why.
    EntityManager em = em(session);
    PendingDeletions pending = new PendingDeletions(em);
    Map<Integer, PendingDeletionEntity> marks = new HashMap<>();
    pending
        .dueIn(job.getId(), exhausted.stream().map(Open::key).toList(), Long.MAX_VALUE)
        .forEach(m -> marks.put(m.getRowNo(), m));
    Map<String, List<PendingDeletionEntity>> byFailure = new LinkedHashMap<>();
    for (Open open : exhausted) {
      PendingDeletionEntity mark = marks.get(open.key());
      if (mark != null) {
        String failure = open.lastFailure() == null ? LeasedRounds.UNFINISHED : open.lastFailure();
        byFailure
            .computeIfAbsent(open.attempts() + "|" + failure, k -> new ArrayList<>())
            .add(mark);
      }
    }
    int given = 0;
    for (Map.Entry<String, List<PendingDeletionEntity>> e : byFailure.entrySet()) {
      List<PendingDeletionEntity> taken = pending.take(job.getId(), e.getValue());
      pending.record(
          job.getId(),
          taken.stream().map(PendingDeletionEntity::getRowNo).toList(),
          Outcome.FAILED,
          RowMessage.FAILED_REPEATEDLY,
          e.getKey());
      new NeedsAttention(em).add(taken, RowMessage.FAILED_REPEATEDLY, e.getKey());
      given += taken.size();
    }
    lease.progress(em, job.getId(), 0, -given, given);
    BulkMetrics.rows(session, job, 0, given);
  }

  /**
   * Takes the due marks of its rows (all of them, or none: {@link MarksCollided}), deletes (or
   * keeps) exactly those users, records the rows' outcomes, and commits only under the lease. Users
   * of a federation provider in a batch of several are left to a transaction of their own each.
   */
  @Override
  public Acted act(
      KeycloakSession session, BulkImportEntity job, RealmModel realm, List<Integer> keys) {
    long start = System.nanoTime();
    String importId = job.getId();
    EntityManager em = em(session);
    PendingDeletions pending = new PendingDeletions(em);
    List<Due> due = due(em, importId, keys, System.currentTimeMillis());
    Map<Integer, BulkImportRowEntity> rowOf = new HashMap<>();
    due.forEach(d -> rowOf.put(d.row().getRowNo(), d.row()));
    UserActor.preload(session, realm, due.stream().map(d -> d.mark().getUserId()).toList());
    List<PendingDeletionEntity> now = new ArrayList<>(due.size());
    List<PendingDeletionEntity> vanished = new ArrayList<>();
    List<Integer> alone = new ArrayList<>();
    for (PendingDeletionEntity mark : due.stream().map(Due::mark).toList()) {
      // Looked up before the mark is taken (see the class comment: LDAP learners gone meanwhile).
      UserModel user = UserActor.lookUpChecked(session, realm, mark.getUserId());
      if (user == null) {
        vanished.add(mark);
      } else if (keys.size() > 1 && UserActor.federated(user)) {
        alone.add(mark.getRowNo());
      } else {
        now.add(mark);
      }
    }
    // Removed by another path: its cascade has resolved the mark, unless no event reached it.
    List<PendingDeletionEntity> gone = pending.take(importId, vanished);
    pending.record(
        importId,
        gone.stream().map(PendingDeletionEntity::getRowNo).toList(),
        Outcome.GONE,
        RowMessage.REMOVED_ELSEWHERE,
        null);
    List<Integer> rowNos = now.stream().map(PendingDeletionEntity::getRowNo).toList();
    int taken = pending.takeAll(importId, rowNos, false);
    if (taken != rowNos.size()) {
      if (keys.size() > 1) {
        throw new MarksCollided(importId);
      }
      rowNos = List.of(); // one key, resolved meanwhile by someone else: nothing to do
    }
    int deleted = -gone.size(); // SCHEDULED counted as succeeded; GONE does not
    int failed = 0;
    int purged = 0;
    if (!rowNos.isEmpty()) {
      List<BulkImportRowEntity> rows = rowNos.stream().map(rowOf::get).toList();
      // Only read from here on: detached, so that the flushes before Keycloak's listeners' queries
      // do not check them again each time.
      rows.forEach(em::detach);
      List<UserActor.Result> results =
          UserActor.forPurge(session, realm, job, settings).purge(rows);
      Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        UserActor.Result result = results.get(i);
        byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(rows.get(i).getRowNo());
        purged += result.outcome() == Outcome.DELETED ? 1 : 0;
        failed += result.outcome() == Outcome.FAILED ? 1 : 0;
      }
      byResult.forEach(
          (result, done) ->
              pending.record(importId, done, result.outcome(), result.message(), result.param()));
      // Left disabled, neither deleted nor kept: listed as needing attention, with the reason.
      NeedsAttention attention = new NeedsAttention(em);
      byResult.forEach(
          (result, done) -> {
            if (result.outcome() == Outcome.SKIPPED || result.outcome() == Outcome.FAILED) {
              attention.add(
                  now.stream().filter(m -> done.contains(m.getRowNo())).toList(),
                  result.message() == null ? RowMessage.NOT_REMOVED : result.message(),
                  result.param());
            }
          });
      // SCHEDULED counted as succeeded; now only DELETED does.
      deleted += purged - rows.size();
    }
    // The fence: throws if the lease is lost. The run ends the import once nothing is left.
    lease.progress(em, importId, 0, deleted, failed);
    BulkMetrics.purged(session, job, purged, failed, start);
    return new Acted(alone, null);
  }

  /** A due mark and its row, still SCHEDULED. */
  private record Due(PendingDeletionEntity mark, BulkImportRowEntity row) {}

  /**
   * The marks among {@code rowNos} due at {@code now} that are the purge's (no restore asked for),
   * with their rows still SCHEDULED, in row order: one query for both.
   */
  private static List<Due> due(
      EntityManager em, String importId, Collection<Integer> rowNos, long now) {
    return RowRange.bind(
            em.createQuery(
                "select p, r from PendingDeletionEntity p, BulkImportRowEntity r where "
                    + RowRange.of("r")
                    + " and p.importId = r.importId and p.rowNo = r.rowNo and p.dueAt <= :now and"
                    + " p.restoreId is null and r.outcome = 'SCHEDULED' order by r.rowNo",
                Object[].class),
            importId,
            rowNos)
        .setParameter("now", now)
        .getResultList()
        .stream()
        .map(o -> new Due((PendingDeletionEntity) o[0], (BulkImportRowEntity) o[1]))
        .toList();
  }

  private static jakarta.persistence.Query scheduledRowsUpdate(
      EntityManager em, String set, String importId, Collection<Integer> rowNos) {
    return RowRange.bind(
        em.createQuery(
            "update BulkImportRowEntity r set "
                + set
                + " where r.importId = :importId and r.rowNo between :first and :last and r.rowNo"
                + " in :rowNos and r.outcome = 'SCHEDULED'"),
        importId,
        rowNos);
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
