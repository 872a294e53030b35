package io.github.academyoffboarding.bulk.schedule;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.job.Outcome;
import io.github.academyoffboarding.bulk.jpa.RowRange;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dated actions waiting for their due time ({@link ScheduledEntity}): written by the job for
 * rows with a future date and for returns from leave, taken by the engine when due ({@code
 * DueWork}), moved by a later import, cancelled or brought forward by an admin.
 */
public final class Schedules {

  /** Ids per {@code in} list: well below every database's limit on bound parameters. */
  private static final int IN_CHUNK = 1000;

  /** Rows per insert: eleven parameters each, far below every database's limit. */
  private static final int INSERT_ROWS = 200;

  private final EntityManager em;

  public Schedules(EntityManager em) {
    this.em = em;
  }

  /** An entry to write: {@link #insertAll}. */
  public record Waiting(
      String userId, BulkAction action, ScheduleKind kind, int rowNo, long dueAt, Long untilAt) {}

  /** Writes entries of one import with multi-row inserts, as the marks of a batch are written. */
  public void insertAll(String realmId, String importId, List<Waiting> entries) {
    long now = System.currentTimeMillis();
    // Two shapes, so that no statement binds a null (its SQL type is not known to every driver).
    insertRows(realmId, importId, entries.stream().filter(w -> w.untilAt() == null).toList(), now);
    insertRows(realmId, importId, entries.stream().filter(w -> w.untilAt() != null).toList(), now);
  }

  private void insertRows(String realmId, String importId, List<Waiting> entries, long now) {
    for (int from = 0; from < entries.size(); from += INSERT_ROWS) {
      List<Waiting> part = entries.subList(from, Math.min(entries.size(), from + INSERT_ROWS));
      boolean until = part.get(0).untilAt() != null;
      StringBuilder sql =
          new StringBuilder(
              "insert into {h-schema}ACADEMY_SCHEDULED (REALM_ID, USER_ID, ACTION, KIND, IMPORT_ID,"
                  + " ROW_NO, DUE_AT, ATTEMPTS, CREATED_AT"
                  + (until ? ", UNTIL_AT" : "")
                  + ") values ");
      String one = until ? "(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, 0, ?)";
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(one);
      }
      Query insert = em.createNativeQuery(sql.toString());
      int p = 1;
      for (Waiting w : part) {
        insert.setParameter(p++, realmId);
        insert.setParameter(p++, w.userId());
        insert.setParameter(p++, w.action().name());
        insert.setParameter(p++, w.kind().name());
        insert.setParameter(p++, importId);
        insert.setParameter(p++, w.rowNo());
        insert.setParameter(p++, w.dueAt());
        insert.setParameter(p++, now);
        if (until) {
          insert.setParameter(p++, w.untilAt());
        }
      }
      insert.executeUpdate();
    }
  }

  /**
   * A later import decides: the entries of {@code userIds} for {@code action} that other imports
   * wrote are taken, their rows say so ({@link Outcome#MOVED}, or a return's row keeps its
   * deactivation with the message), and an import left with nothing to wait for ends. Returns how
   * many entries it moved.
   */
  public int replace(String realmId, String importId, BulkAction action, List<String> userIds) {
    if (userIds.isEmpty()) {
      return 0;
    }
    List<ScheduledEntity> earlier = new ArrayList<>();
    for (int from = 0; from < userIds.size(); from += IN_CHUNK) {
      earlier.addAll(
          em.createQuery(
                  "select s from ScheduledEntity s where s.realmId = :realmId and s.action ="
                      + " :action and s.userId in :ids and s.importId <> :importId",
                  ScheduledEntity.class)
              .setParameter("realmId", realmId)
              .setParameter("action", action.name())
              .setParameter("ids", userIds.subList(from, Math.min(userIds.size(), from + IN_CHUNK)))
              .setParameter("importId", importId == null ? "" : importId)
              .getResultList());
    }
    if (earlier.isEmpty()) {
      return 0;
    }
    Set<String> others = new HashSet<>();
    for (ScheduledEntity e : take(earlier)) {
      resolveRows(
          e.getImportId(),
          List.of(e.getRowNo()),
          e.getKind(),
          Outcome.MOVED,
          RowMessage.SCHEDULE_MOVED,
          importId);
      others.add(e.getImportId());
    }
    ImportLife life = new ImportLife(em);
    others.forEach(life::endIfNonePending);
    return earlier.size();
  }

  /**
   * Takes entries (deletes them) and returns those this transaction took: one another transaction
   * took first (the engine on another node, a cancel) is left out, so that each is acted on once.
   */
  public List<ScheduledEntity> take(Collection<ScheduledEntity> entries) {
    List<ScheduledEntity> taken = new ArrayList<>(entries.size());
    for (ScheduledEntity e : entries) {
      int removed =
          em.createQuery(
                  "delete from ScheduledEntity s where s.realmId = :realmId and s.userId = :userId"
                      + " and s.action = :action and s.importId = :importId and s.rowNo = :rowNo")
              .setParameter("realmId", e.getRealmId())
              .setParameter("userId", e.getUserId())
              .setParameter("action", e.getAction())
              .setParameter("importId", e.getImportId())
              .setParameter("rowNo", e.getRowNo())
              .executeUpdate();
      if (removed == 1) {
        taken.add(e);
      }
    }
    return taken;
  }

  /** Takes an import's due entries on these rows with one statement; returns how many. */
  public int takeDue(String importId, Collection<Integer> rowNos, long now) {
    return RowRange.bind(
            em.createQuery(
                "delete from ScheduledEntity s where " + RowRange.of("s") + " and s.dueAt <= :now"),
            importId,
            rowNos)
        .setParameter("now", now)
        .executeUpdate();
  }

  /**
   * Gives rows of an entry of {@code kind} their outcome: a DATED row waits ({@link
   * Outcome#WAITING}); a RETURN's row is the deactivation of a leave ({@link Outcome#DEACTIVATED}).
   * A return that only changed hands keeps its row's outcome and says why.
   */
  public int resolveRows(
      String importId,
      Collection<Integer> rowNos,
      ScheduleKind kind,
      Outcome outcome,
      RowMessage message,
      String param) {
    Outcome from = kind == ScheduleKind.DATED ? Outcome.WAITING : Outcome.DEACTIVATED;
    Outcome to = kind == ScheduleKind.RETURN && outcome == Outcome.MOVED ? from : outcome;
    return new PendingDeletions(em).record(importId, rowNos, List.of(from), to, message, param);
  }

  /** The next due rows of an import after {@code after}, in order, at most {@code max}. */
  public List<Integer> dueRowNos(String importId, long now, int after, int max) {
    return em.createQuery(
            "select s.rowNo from ScheduledEntity s where s.importId = :importId and s.dueAt <="
                + " :now and s.rowNo > :after order by s.rowNo",
            Integer.class)
        .setParameter("importId", importId)
        .setParameter("now", now)
        .setParameter("after", after)
        .setMaxResults(max)
        .getResultList();
  }

  /** The import's entries on these rows due at {@code now}, in row order. */
  public List<ScheduledEntity> dueIn(String importId, Collection<Integer> rowNos, long now) {
    return RowRange.bind(
            em.createQuery(
                "select s from ScheduledEntity s where "
                    + RowRange.of("s")
                    + " and s.dueAt <= :now order by s.rowNo",
                ScheduledEntity.class),
            importId,
            rowNos)
        .setParameter("now", now)
        .getResultList();
  }

  /** Counts an attempt on the import's entries of these rows. */
  public void countAttempt(String importId, Collection<Integer> rowNos) {
    RowRange.bind(
            em.createQuery(
                "update ScheduledEntity s set s.attempts = s.attempts + 1 where "
                    + RowRange.of("s")),
            importId,
            rowNos)
        .executeUpdate();
  }

  /** Records what the last attempt on these entries failed with. */
  public void noteFailure(String importId, Collection<Integer> rowNos, String failure) {
    RowRange.bind(
            em.createQuery(
                "update ScheduledEntity s set s.lastFailure = :failure where " + RowRange.of("s")),
            importId,
            rowNos)
        .setParameter("failure", failure)
        .executeUpdate();
  }

  /** The entry of a realm's user for an action, or null. */
  public ScheduledEntity find(String realmId, String userId, BulkAction action) {
    return em.find(ScheduledEntity.class, new ScheduledEntity.Key(realmId, userId, action.name()));
  }

  /**
   * The import's entries, or those of {@code userIds} (null: all), for {@code action} (null: any).
   */
  public List<ScheduledEntity> ofImport(
      String importId, BulkAction action, Collection<String> userIds) {
    String base =
        "select s from ScheduledEntity s where s.importId = :importId"
            + (action == null ? "" : " and s.action = :action");
    if (userIds == null) {
      var q =
          em.createQuery(base + " order by s.rowNo", ScheduledEntity.class)
              .setParameter("importId", importId);
      if (action != null) {
        q.setParameter("action", action.name());
      }
      return q.getResultList();
    }
    List<String> ids = new ArrayList<>(userIds);
    List<ScheduledEntity> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      var q =
          em.createQuery(base + " and s.userId in :ids order by s.rowNo", ScheduledEntity.class)
              .setParameter("importId", importId)
              .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)));
      if (action != null) {
        q.setParameter("action", action.name());
      }
      found.addAll(q.getResultList());
    }
    return found;
  }

  /**
   * Cancels entries: takes them and gives their rows {@link Outcome#CANCELLED}; an import left with
   * nothing to wait for ends. Returns how many it cancelled.
   */
  public int cancel(Collection<ScheduledEntity> entries) {
    Map<String, Map<ScheduleKind, List<Integer>>> rows = new LinkedHashMap<>();
    List<ScheduledEntity> taken = take(entries);
    for (ScheduledEntity e : taken) {
      rows.computeIfAbsent(e.getImportId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(e.getKind(), k -> new ArrayList<>())
          .add(e.getRowNo());
    }
    ImportLife life = new ImportLife(em);
    rows.forEach(
        (importId, byKind) -> {
          byKind.forEach(
              (kind, rowNos) -> resolveRows(importId, rowNos, kind, Outcome.CANCELLED, null, null));
          life.endIfNonePending(importId);
        });
    return taken.size();
  }

  /**
   * Brings entries forward to {@code now} (do it now); the engine carries them out at its next
   * round. Returns how many it moved.
   */
  public int dueNow(Collection<ScheduledEntity> entries, long now) {
    // One update per import and thousand rows (an import's entry is its row's), not one per user:
    // deactivate-now of a whole import is one statement per 1,000 users.
    Map<String, List<Integer>> rowsByImport = new LinkedHashMap<>();
    entries.forEach(
        e ->
            rowsByImport
                .computeIfAbsent(e.getImportId(), k -> new ArrayList<>())
                .add(e.getRowNo()));
    int moved = 0;
    for (Map.Entry<String, List<Integer>> rows : rowsByImport.entrySet()) {
      List<Integer> rowNos = rows.getValue();
      for (int from = 0; from < rowNos.size(); from += IN_CHUNK) {
        moved +=
            RowRange.bind(
                    em.createQuery(
                        "update ScheduledEntity s set s.dueAt = :now where "
                            + RowRange.of("s")
                            + " and s.dueAt > :now"),
                    rows.getKey(),
                    rowNos.subList(from, Math.min(rowNos.size(), from + IN_CHUNK)))
                .setParameter("now", now)
                .executeUpdate();
      }
    }
    return moved;
  }

  /** The user's entries (all actions), for the user page's banner and a removed user's rows. */
  public List<ScheduledEntity> ofUser(String realmId, String userId) {
    return em.createQuery(
            "select s from ScheduledEntity s where s.realmId = :realmId and s.userId = :userId"
                + " order by s.dueAt",
            ScheduledEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("userId", userId)
        .getResultList();
  }

  /** An earlier schedule of the same user and action that a preview's row would replace. */
  public record Replaced(int rowNo, String importId, long dueAt) {}

  /**
   * The schedules of other imports that a preview's matched rows between {@code firstRow} and
   * {@code lastRow} would replace at commit ({@link #replace}), by row: one join on the primary
   * key.
   */
  public List<Replaced> replacedBy(
      String realmId, String importId, BulkAction action, int firstRow, int lastRow) {
    return em
        .createQuery(
            "select r.rowNo, s.importId, s.dueAt from BulkImportRowEntity r, ScheduledEntity s"
                + " where r.importId = :importId and r.rowNo between :first and :last and"
                + " r.status = 'MATCHED' and s.realmId = :realmId and s.userId = r.userId and"
                + " s.action = :action and s.importId <> :importId order by r.rowNo",
            Object[].class)
        .setParameter("importId", importId)
        .setParameter("first", firstRow)
        .setParameter("last", lastRow)
        .setParameter("realmId", realmId)
        .setParameter("action", action.name())
        .getResultList()
        .stream()
        .map(o -> new Replaced((Integer) o[0], (String) o[1], (Long) o[2]))
        .toList();
  }

  /** How many of a preview's matched rows would replace another import's schedule. */
  public long countReplaced(String realmId, String importId, BulkAction action) {
    return em.createQuery(
            "select count(r) from BulkImportRowEntity r, ScheduledEntity s where r.importId ="
                + " :importId and r.status = 'MATCHED' and s.realmId = :realmId and s.userId ="
                + " r.userId and s.action = :action and s.importId <> :importId",
            Long.class)
        .setParameter("importId", importId)
        .setParameter("realmId", realmId)
        .setParameter("action", action.name())
        .getSingleResult();
  }

  /** How many entries of an import wait (its index's prefix). */
  public long countOf(String importId) {
    return em.createQuery(
            "select count(s) from ScheduledEntity s where s.importId = :importId", Long.class)
        .setParameter("importId", importId)
        .getSingleResult();
  }

  /** Whether the realm has any entry (the primary key's first column). */
  public boolean anyInRealm(String realmId) {
    return !em.createQuery(
            "select s.userId from ScheduledEntity s where s.realmId = :realmId", String.class)
        .setParameter("realmId", realmId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * A user removed by another path: its entries go, their rows read GONE, and an import left with
   * nothing to wait for ends. Returns how many entries it resolved.
   */
  public int removed(String realmId, String userId) {
    List<ScheduledEntity> taken = take(ofUser(realmId, userId));
    ImportLife life = new ImportLife(em);
    for (ScheduledEntity e : taken) {
      resolveRows(
          e.getImportId(),
          List.of(e.getRowNo()),
          e.getKind(),
          Outcome.GONE,
          RowMessage.REMOVED_ELSEWHERE,
          null);
      life.endIfNonePending(e.getImportId());
    }
    return taken.size();
  }

  /** Removes every entry of a realm (the realm's removal). */
  public int removeRealm(String realmId) {
    return em.createQuery("delete from ScheduledEntity s where s.realmId = :realmId")
        .setParameter("realmId", realmId)
        .executeUpdate();
  }
}
