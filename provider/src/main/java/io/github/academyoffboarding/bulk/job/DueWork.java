package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.jpa.RowRange;
import io.github.academyoffboarding.bulk.metrics.BulkMetrics;
import io.github.academyoffboarding.bulk.schedule.ScheduleKind;
import io.github.academyoffboarding.bulk.schedule.ScheduledEntity;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Carries out a SCHEDULED import's dated actions whose due time has come (a {@link RoundWork} of
 * {@link LeasedRounds}): the row's own action on its date, or the return at the end of a leave
 * (REACTIVATE), through the job's paths ({@link UserActor#forDue}) — sign-out, admin events, a
 * DELETE's restore window counted from the due time.
 *
 * <p>Each entry is carried out once, whatever the nodes do: a transaction takes its entries (one
 * conditional delete for the batch) and acts only when it took all of them, as the purge does with
 * its marks ({@link MarksCollided}); a cancelled or moved entry is gone before it is due, so it is
 * never acted on. A failure is tried again up to {@code max-attempts}, then the row is FAILED.
 */
final class DueWork implements RoundWork {

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final JobLease lease;

  DueWork(KeycloakSessionFactory factory, BulkSettings settings, JobLease lease) {
    this.factory = factory;
    this.settings = settings;
    this.lease = lease;
  }

  @Override
  public String name() {
    return "dated actions";
  }

  @Override
  public List<Integer> next(EntityManager em, String importId, long now, int after, int max) {
    return new Schedules(em).dueRowNos(importId, now, after, max);
  }

  @Override
  public List<Open> open(EntityManager em, String importId, List<Integer> keys, long now) {
    return new Schedules(em)
        .dueIn(importId, keys, now).stream()
            .map(e -> new Open(e.getRowNo(), e.getAttempts(), e.getLastFailure()))
            .toList();
  }

  @Override
  public void countAttempt(EntityManager em, String importId, List<Integer> keys) {
    new Schedules(em).countAttempt(importId, keys);
  }

  @Override
  public void noteFailure(EntityManager em, String importId, List<Integer> keys, String failure) {
    new Schedules(em).noteFailure(importId, keys, failure);
  }

  @Override
  public void giveUp(KeycloakSession session, BulkImportEntity job, List<Open> exhausted) {
    EntityManager em = em(session);
    Schedules schedules = new Schedules(em);
    Map<Integer, Open> openOf = new HashMap<>();
    exhausted.forEach(o -> openOf.put(o.key(), o));
    List<ScheduledEntity> taken =
        schedules.take(schedules.dueIn(job.getId(), openOf.keySet(), Long.MAX_VALUE));
    for (ScheduledEntity e : taken) {
      Open open = openOf.get(e.getRowNo());
      String failure = open.lastFailure() == null ? LeasedRounds.UNFINISHED : open.lastFailure();
      schedules.resolveRows(
          job.getId(),
          List.of(e.getRowNo()),
          e.getKind(),
          Outcome.FAILED,
          RowMessage.FAILED_REPEATEDLY,
          open.attempts() + "|" + failure);
    }
    lease.progress(em, job.getId(), 0, -taken.size(), taken.size());
    BulkMetrics.rows(session, job, 0, taken.size());
  }

  @Override
  public Acted act(
      KeycloakSession session, BulkImportEntity job, RealmModel realm, List<Integer> keys) {
    String importId = job.getId();
    EntityManager em = em(session);
    Schedules schedules = new Schedules(em);
    long now = System.currentTimeMillis();
    List<ScheduledEntity> due = schedules.dueIn(importId, keys, now);
    UserActor.preload(session, realm, due.stream().map(ScheduledEntity::getUserId).toList());
    List<ScheduledEntity> vanished = new ArrayList<>();
    List<ScheduledEntity> acting = new ArrayList<>();
    List<Integer> alone = new ArrayList<>();
    for (ScheduledEntity e : due) {
      // Looked up before the entry is taken: an LDAP learner gone from the directory is removed by
      // Keycloak in a transaction of its own, which must not wait for a lock this one holds.
      UserModel user = UserActor.lookUpChecked(session, realm, e.getUserId());
      if (user == null) {
        vanished.add(e);
      } else if (keys.size() > 1 && UserActor.federated(user)) {
        alone.add(e.getRowNo());
      } else {
        acting.add(e);
      }
    }
    int succeeded = 0;
    int failed = 0;
    for (ScheduledEntity e : schedules.take(vanished)) {
      schedules.resolveRows(
          importId, List.of(e.getRowNo()), e.getKind(), Outcome.GONE, RowMessage.GONE, null);
      succeeded--; // a waiting row counted as succeeded; GONE does not
    }
    List<Integer> rowNos = acting.stream().map(ScheduledEntity::getRowNo).toList();
    if (!rowNos.isEmpty() && schedules.takeDue(importId, rowNos, now) != rowNos.size()) {
      if (keys.size() > 1) {
        throw new MarksCollided(importId);
      }
      acting = List.of(); // one key, taken meanwhile (cancelled, moved, another node): nothing
    }
    List<String> signOut = new ArrayList<>();
    Map<BulkAction, List<ScheduledEntity>> byAction = new LinkedHashMap<>();
    acting.forEach(
        e ->
            byAction
                .computeIfAbsent(BulkAction.valueOf(e.getAction()), a -> new ArrayList<>())
                .add(e));
    for (Map.Entry<BulkAction, List<ScheduledEntity>> group : byAction.entrySet()) {
      List<ScheduledEntity> entries = group.getValue();
      List<BulkImportRowEntity> rows = rowsOf(em, importId, entries);
      UserActor actor = UserActor.forDue(session, realm, job, settings, group.getKey());
      List<UserActor.Result> results = actor.act(rows);
      signOut.addAll(actor.toSignOut());
      for (int i = 0; i < rows.size(); i++) {
        ScheduledEntity e = entries.get(i);
        UserActor.Result result = returned(e, results.get(i));
        schedules.resolveRows(
            importId,
            List.of(e.getRowNo()),
            e.getKind(),
            result.outcome(),
            result.message(),
            result.param());
        // WAITING and a leave's DEACTIVATED were counted as succeeded: only a failure changes it.
        boolean success = result.outcome().succeeded() || result.outcome() == Outcome.KEPT;
        succeeded -= success ? 0 : 1;
        failed += result.outcome() == Outcome.FAILED ? 1 : 0;
      }
    }
    // The fence: throws if the lease is lost. The run ends the import once nothing is left.
    lease.progress(em, importId, 0, succeeded, failed);
    BulkMetrics.rows(session, job, 0, failed);
    return new Acted(
        alone,
        signOut.isEmpty()
            ? null
            : () -> JobWork.signOut(factory, settings, lease, importId, SignOut.of(job, signOut)));
  }

  /** A return from leave says so: RETURNED, or left as it is when enabled again meanwhile. */
  private static UserActor.Result returned(ScheduledEntity e, UserActor.Result result) {
    if (e.getKind() != ScheduleKind.RETURN) {
      return result;
    }
    if (result.outcome() == Outcome.REACTIVATED) {
      return UserActor.Result.of(Outcome.RETURNED);
    }
    if (result.message() == RowMessage.ALREADY_ACTIVE) {
      return UserActor.Result.of(Outcome.KEPT, RowMessage.RETURN_ALREADY_ACTIVE);
    }
    return result;
  }

  /**
   * The entries' rows, in the entries' order, detached (only read from here on), each with the due
   * time its entry had: a DELETE's restore window counts from when it was carried out, also when an
   * admin brought it forward.
   */
  private static List<BulkImportRowEntity> rowsOf(
      EntityManager em, String importId, List<ScheduledEntity> entries) {
    List<Integer> rowNos = entries.stream().map(ScheduledEntity::getRowNo).toList();
    Map<Integer, BulkImportRowEntity> byNo = new HashMap<>();
    RowRange.bind(
            em.createQuery(
                "select r from BulkImportRowEntity r where " + RowRange.of("r"),
                BulkImportRowEntity.class),
            importId,
            rowNos)
        .getResultList()
        .forEach(
            r -> {
              em.detach(r);
              byNo.put(r.getRowNo(), r);
            });
    List<BulkImportRowEntity> rows = new ArrayList<>(entries.size());
    for (ScheduledEntity e : entries) {
      BulkImportRowEntity row = byNo.get(e.getRowNo());
      row.setDueAt(e.getDueAt());
      rows.add(row);
    }
    return rows;
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
