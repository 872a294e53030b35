package io.github.academyoffboarding.bulk.pending;

import io.github.academyoffboarding.bulk.jpa.RowRange;
import io.github.academyoffboarding.bulk.jpa.UserSearch;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.jpa.entities.UserEntity;

/** The marks of users pending deletion: written by the job at commit, resolved later. */
public final class PendingDeletions {

  /** Ids per {@code in} list: well below every database's limit on bound parameters. */
  private static final int IN_CHUNK = 1000;

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

  /** A mark to write: {@link #markAll}. */
  public record Mark(
      String realmId,
      String userId,
      String importId,
      int rowNo,
      long dueAt,
      String requestedBy,
      String requestedByRealm,
      boolean enabledBefore) {}

  /** Rows per insert: nine parameters each, far below every database's limit. */
  private static final int INSERT_ROWS = 200;

  /**
   * Writes a batch's marks with one multi-row insert (per {@value #INSERT_ROWS}) instead of one
   * insert per user, so that scheduling a deletion costs about what deactivating does.
   */
  public void markAll(List<Mark> marks) {
    long now = System.currentTimeMillis();
    for (int from = 0; from < marks.size(); from += INSERT_ROWS) {
      List<Mark> part = marks.subList(from, Math.min(marks.size(), from + INSERT_ROWS));
      StringBuilder sql =
          new StringBuilder(
              "insert into {h-schema}ACADEMY_PENDING_DELETION (REALM_ID, USER_ID, IMPORT_ID,"
                  + " ROW_NO, DUE_AT, REQUESTED_BY, REQUESTED_BY_REALM, ENABLED_BEFORE,"
                  + " CREATED_AT) values ");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      jakarta.persistence.Query insert = em.createNativeQuery(sql.toString());
      int p = 1;
      for (Mark m : part) {
        insert.setParameter(p++, m.realmId());
        insert.setParameter(p++, m.userId());
        insert.setParameter(p++, m.importId());
        insert.setParameter(p++, m.rowNo());
        insert.setParameter(p++, m.dueAt());
        insert.setParameter(p++, m.requestedBy());
        insert.setParameter(p++, m.requestedByRealm());
        insert.setParameter(p++, m.enabledBefore());
        insert.setParameter(p++, now);
      }
      insert.executeUpdate();
    }
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
    List<PendingDeletionEntity> taken = take(importId, marks);
    record(
        importId,
        taken.stream().map(PendingDeletionEntity::getRowNo).toList(),
        outcome,
        message,
        null);
    return taken.size();
  }

  /**
   * The first half of {@link #resolve}, for who must act after resolving (the purge): removes the
   * marks and returns those this transaction removed. A mark another transaction removed first is
   * left out (the removal waits for that one's row lock, then finds nothing), so that whatever is
   * done with a returned mark is done once. The caller then records the rows' outcome with {@link
   * #record}.
   */
  public List<PendingDeletionEntity> take(
      String importId, Collection<PendingDeletionEntity> marks) {
    List<PendingDeletionEntity> taken = new ArrayList<>(marks.size());
    for (PendingDeletionEntity mark : marks) {
      int removed =
          em.createQuery(
                  "delete from PendingDeletionEntity p where p.realmId = :realmId and p.userId ="
                      + " :userId and p.importId = :importId")
              .setParameter("realmId", mark.getRealmId())
              .setParameter("userId", mark.getUserId())
              .setParameter("importId", importId)
              .executeUpdate();
      if (removed == 1) {
        taken.add(mark);
      }
    }
    return taken;
  }

  /**
   * {@link #take} for a whole batch in one statement: removes the import's marks of {@code rowNos}
   * that are the purge's ({@code restoreAsked} false) or a restore's (true); returns how many it
   * removed. Fewer than asked: another transaction removed (or a restore claimed) one of them
   * first, and the caller, not knowing which, must not act on any of them in this transaction.
   */
  public int takeAll(String importId, Collection<Integer> rowNos, boolean restoreAsked) {
    if (rowNos.isEmpty()) {
      return 0;
    }
    return RowRange.bind(
            em.createQuery(
                "delete from PendingDeletionEntity p where p.importId = :importId and p.rowNo"
                    + " between :first and :last and p.rowNo in :rowNos and p.restoreId is "
                    + (restoreAsked ? "not null" : "null")),
            importId,
            rowNos)
        .executeUpdate();
  }

  /** Gives rows whose marks were taken ({@link #take}) their outcome; only rows still SCHEDULED. */
  public void record(
      String importId,
      Collection<Integer> rowNos,
      io.github.academyoffboarding.bulk.job.Outcome outcome,
      io.github.academyoffboarding.bulk.RowMessage message,
      String param) {
    record(
        importId,
        rowNos,
        List.of(io.github.academyoffboarding.bulk.job.Outcome.SCHEDULED),
        outcome,
        message,
        param);
  }

  /**
   * Gives rows their outcome, only those whose outcome is one of {@code from}: the one way a row's
   * outcome changes after the job, so that a row is resolved once (the purge's SCHEDULED rows, a
   * restore or delete-now from Needs attention of SKIPPED or FAILED ones). Returns how many rows it
   * changed.
   */
  public int record(
      String importId,
      Collection<Integer> rowNos,
      Collection<io.github.academyoffboarding.bulk.job.Outcome> from,
      io.github.academyoffboarding.bulk.job.Outcome outcome,
      io.github.academyoffboarding.bulk.RowMessage message,
      String param) {
    if (rowNos.isEmpty()) {
      return 0;
    }
    return RowRange.bind(
            em.createQuery(
                    "update BulkImportRowEntity r set r.outcome = :outcome, r.messageKey = :messageKey,"
                        + " r.messageParam = :param, r.processedAt = :at where r.importId = :importId and"
                        + " r.rowNo between :first and :last and r.rowNo in :rowNos and r.outcome in"
                        + " :from")
                .setParameter("from", from.stream().map(Enum::name).toList())
                .setParameter("outcome", outcome.name())
                .setParameter("messageKey", message == null ? null : message.key())
                .setParameter("param", param)
                .setParameter("at", System.currentTimeMillis()),
            importId,
            rowNos)
        .executeUpdate();
  }

  /**
   * The row numbers of the import's marks due at {@code now}, after row {@code after}, in row
   * order: the purge's next round. Marks a restore has asked for are the restore's.
   */
  public List<Integer> dueRowNos(String importId, long now, int after, int max) {
    return em.createQuery(
            "select p.rowNo from PendingDeletionEntity p where p.importId = :importId and p.dueAt"
                + " <= :now and p.rowNo > :after and p.restoreId is null order by p.rowNo",
            Integer.class)
        .setParameter("importId", importId)
        .setParameter("now", now)
        .setParameter("after", after)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * The import's marks among {@code rowNos} still there and due at {@code now}, in row order; not
   * those a restore has asked for (the restore's, even when due).
   */
  public List<PendingDeletionEntity> dueIn(String importId, Collection<Integer> rowNos, long now) {
    return em.createQuery(
            "select p from PendingDeletionEntity p where p.importId = :importId and p.rowNo in"
                + " :rowNos and p.dueAt <= :now and p.restoreId is null order by p.rowNo",
            PendingDeletionEntity.class)
        .setParameter("importId", importId)
        .setParameter("rowNos", rowNos)
        .setParameter("now", now)
        .getResultList();
  }

  /** The mark of a realm's user, or null when it is not pending deletion. */
  public PendingDeletionEntity find(String realmId, String userId) {
    return em.find(PendingDeletionEntity.class, new PendingDeletionEntity.Key(realmId, userId));
  }

  /** Whether any user of the realm is pending deletion: one indexed look-up (the primary key). */
  public boolean anyInRealm(String realmId) {
    return !em.createQuery(
            "select p.userId from PendingDeletionEntity p where p.realmId = :realmId", String.class)
        .setParameter("realmId", realmId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** The realm's marks of users imported by the given user federation provider. */
  public List<PendingDeletionEntity> ofFederationLink(String realmId, String providerId) {
    return em.createQuery(
            "select p from PendingDeletionEntity p where p.realmId = :realmId and p.userId in"
                + " (select u.id from UserEntity u where u.realmId = :realmId and"
                + " u.federationLink = :providerId) order by p.importId, p.rowNo",
            PendingDeletionEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("providerId", providerId)
        .getResultList();
  }

  /** The import's marks, in row order. */
  public List<PendingDeletionEntity> ofImport(String importId) {
    return em.createNamedQuery("academyPendingByImport", PendingDeletionEntity.class)
        .setParameter("importId", importId)
        .getResultList();
  }

  /** The import's marks of {@code userIds} (the others are not pending by this import). */
  public List<PendingDeletionEntity> ofImport(String importId, Collection<String> userIds) {
    List<String> ids = new ArrayList<>(userIds);
    List<PendingDeletionEntity> marks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      marks.addAll(
          em.createQuery(
                  "select p from PendingDeletionEntity p where p.importId = :importId and p.userId"
                      + " in :ids order by p.rowNo",
                  PendingDeletionEntity.class)
              .setParameter("importId", importId)
              .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)))
              .getResultList());
    }
    return marks;
  }

  /**
   * A realm's pending users with their Keycloak user, ordered by due time then username, from
   * {@code first}, at most {@code max} (negative: all). {@code search}, if not blank, is a
   * case-insensitive part of the username, e-mail, first or last name, or an exact user id.
   */
  public List<Pending> page(String realmId, String search, int first, int max) {
    TypedQuery<Object[]> query =
        em.createQuery(
                "select p, u from PendingDeletionEntity p, UserEntity u where u.id = p.userId and"
                    + " u.realmId = p.realmId and p.realmId = :realmId"
                    + UserSearch.clause(search)
                    + " order by p.dueAt, u.username, u.id",
                Object[].class)
            .setParameter("realmId", realmId);
    UserSearch.bind(query, search);
    query.setFirstResult(first);
    if (max >= 0) {
      query.setMaxResults(max);
    }
    return query.getResultList().stream()
        .map(r -> new Pending((PendingDeletionEntity) r[0], (UserEntity) r[1]))
        .toList();
  }

  /** How many users {@link #page} has in all. */
  public long count(String realmId, String search) {
    TypedQuery<Long> query =
        em.createQuery(
                "select count(p) from PendingDeletionEntity p, UserEntity u where u.id = p.userId"
                    + " and u.realmId = p.realmId and p.realmId = :realmId"
                    + UserSearch.clause(search),
                Long.class)
            .setParameter("realmId", realmId);
    UserSearch.bind(query, search);
    return query.getSingleResult();
  }

  /** A pending user: its mark and Keycloak's stored user. */
  public record Pending(PendingDeletionEntity mark, UserEntity user) {}
}
