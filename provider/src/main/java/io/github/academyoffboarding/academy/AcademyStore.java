package io.github.academyoffboarding.academy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The academy tables, through the session's EntityManager. Removals are bulk JPQL statements:
 * nothing is loaded to be deleted. "Orphans" are rows whose user no longer exists in Keycloak's
 * {@code USER_ENTITY} for that realm; they are found with a correlated {@code not exists}, a batch
 * of users at a time.
 */
public final class AcademyStore {

  /** Keeps {@code in (...)} lists well below every supported database's limit. */
  static final int MAX_IDS_PER_QUERY = 500;

  private static final String LR = "AcademyLearningRecord";
  private static final String CERT = "AcademyCertificate";

  /*
   * Rows of users stored outside Keycloak's own table (ids "f:<provider>:<external id>", federation without
   * import) cannot be checked against USER_ENTITY, so they are never taken for orphans.
   */
  private static final String ORPHAN_CONDITION =
      " r.userId not like 'f:%'"
          + " and not exists (select u.id from UserEntity u where u.id = r.userId and u.realmId = r.realmId)";

  private final EntityManager em;

  AcademyStore(EntityManager em) {
    this.em = em;
  }

  public static AcademyStore of(KeycloakSession session) {
    return new AcademyStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }

  public LearningRecordEntity addLearningRecord(
      String realmId, String userId, LearningRecordEntity record) {
    record.setId(KeycloakModelUtils.generateId());
    record.setRealmId(realmId);
    record.setUserId(userId);
    record.setCreatedAt(System.currentTimeMillis());
    em.persist(record);
    return record;
  }

  public CertificateEntity addCertificate(
      String realmId, String userId, CertificateEntity certificate) {
    certificate.setId(KeycloakModelUtils.generateId());
    certificate.setRealmId(realmId);
    certificate.setUserId(userId);
    certificate.setCreatedAt(System.currentTimeMillis());
    em.persist(certificate);
    return certificate;
  }

  /**
   * Writes pending inserts now, so that a constraint violation surfaces here rather than at commit.
   */
  public void flush() {
    em.flush();
  }

  public List<LearningRecordEntity> learningRecords(String realmId, String userId) {
    return learningRecordsQuery(realmId, userId).getResultList();
  }

  /** A page of {@link #learningRecords(String, String)}, in the same order. */
  public List<LearningRecordEntity> learningRecords(
      String realmId, String userId, int first, int max) {
    return page(learningRecordsQuery(realmId, userId), first, max);
  }

  private TypedQuery<LearningRecordEntity> learningRecordsQuery(String realmId, String userId) {
    return em.createQuery(
            "select r from "
                + LR
                + " r where r.realmId = :realmId and r.userId = :userId"
                + " order by r.createdAt, r.id",
            LearningRecordEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("userId", userId);
  }

  public List<CertificateEntity> certificates(String realmId, String userId) {
    return certificatesQuery(realmId, userId).getResultList();
  }

  /** A page of {@link #certificates(String, String)}, in the same order. */
  public List<CertificateEntity> certificates(String realmId, String userId, int first, int max) {
    return page(certificatesQuery(realmId, userId), first, max);
  }

  private TypedQuery<CertificateEntity> certificatesQuery(String realmId, String userId) {
    return em.createQuery(
            "select r from "
                + CERT
                + " r where r.realmId = :realmId and r.userId = :userId"
                + " order by r.createdAt, r.id",
            CertificateEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("userId", userId);
  }

  private static <T> List<T> page(TypedQuery<T> query, int first, int max) {
    // Some Hibernate versions read setMaxResults(0) as "no limit": an empty page is answered here.
    if (max <= 0) {
      return List.of();
    }
    return query.setFirstResult(first).setMaxResults(max).getResultList();
  }

  public boolean serialExists(String realmId, String serial) {
    return !em.createQuery(
            "select r.id from " + CERT + " r where r.realmId = :realmId and r.serial = :serial",
            String.class)
        .setParameter("realmId", realmId)
        .setParameter("serial", serial)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  public AcademyCounts count(String realmId, String userId) {
    return new AcademyCounts(countOne(LR, realmId, userId), countOne(CERT, realmId, userId));
  }

  private long countOne(String entity, String realmId, String userId) {
    return em.createQuery(
            "select count(r) from "
                + entity
                + " r where r.realmId = :realmId and r.userId = :userId",
            Long.class)
        .setParameter("realmId", realmId)
        .setParameter("userId", userId)
        .getSingleResult();
  }

  /**
   * Counts for many users: one grouped query per table for each {@value #MAX_IDS_PER_QUERY} ids.
   * Users without rows are absent from the map.
   */
  public Map<String, AcademyCounts> countByUser(String realmId, Collection<String> userIds) {
    Map<String, long[]> counts = new HashMap<>();
    for (List<String> chunk : chunks(userIds)) {
      countGrouped(LR, realmId, chunk, counts, 0);
      countGrouped(CERT, realmId, chunk, counts, 1);
    }
    Map<String, AcademyCounts> result = new HashMap<>();
    counts.forEach((userId, c) -> result.put(userId, new AcademyCounts(c[0], c[1])));
    return result;
  }

  private void countGrouped(
      String entity, String realmId, List<String> userIds, Map<String, long[]> counts, int slot) {
    // Grouped by realm too and filtered here: with "REALM_ID = ?" in the WHERE clause H2 reads the
    // whole realm through the (REALM_ID, USER_ID) index for every chunk instead of the user ids.
    List<Object[]> rows =
        em.createQuery(
                "select r.userId, r.realmId, count(r) from "
                    + entity
                    + " r where r.userId in :userIds group by r.userId, r.realmId",
                Object[].class)
            .setParameter("userIds", userIds)
            .getResultList();
    for (Object[] row : rows) {
      if (realmId.equals(row[1])) {
        counts.computeIfAbsent((String) row[0], k -> new long[2])[slot] =
            ((Number) row[2]).longValue();
      }
    }
  }

  public AcademyCounts deleteByUser(String realmId, String userId) {
    String where = " r where r.realmId = :realmId and r.userId = :userId";
    return new AcademyCounts(
        em.createQuery("delete from " + LR + where)
            .setParameter("realmId", realmId)
            .setParameter("userId", userId)
            .executeUpdate(),
        em.createQuery("delete from " + CERT + where)
            .setParameter("realmId", realmId)
            .setParameter("userId", userId)
            .executeUpdate());
  }

  /**
   * The rows of many users, a statement per table per {@value #MAX_IDS_PER_QUERY} users. By user id
   * alone, which Keycloak makes unique across realms: with the realm in the condition H2 went
   * through the (REALM_ID, USER_ID) index, reading every row of the realm for each batch.
   */
  public AcademyCounts deleteByUsers(Collection<String> userIds) {
    AcademyCounts removed = AcademyCounts.ZERO;
    String where = " r where r.userId in :userIds";
    for (List<String> chunk : chunks(userIds)) {
      removed =
          removed.plus(
              new AcademyCounts(
                  em.createQuery("delete from " + LR + where)
                      .setParameter("userIds", chunk)
                      .executeUpdate(),
                  em.createQuery("delete from " + CERT + where)
                      .setParameter("userIds", chunk)
                      .executeUpdate()));
    }
    return removed;
  }

  /** For events that carry no realm: user ids are globally unique, only the index is not used. */
  public AcademyCounts deleteByUser(String userId) {
    String where = " r where r.userId = :userId";
    return new AcademyCounts(
        em.createQuery("delete from " + LR + where).setParameter("userId", userId).executeUpdate(),
        em.createQuery("delete from " + CERT + where)
            .setParameter("userId", userId)
            .executeUpdate());
  }

  public AcademyCounts deleteByRealm(String realmId) {
    String where = " r where r.realmId = :realmId";
    return new AcademyCounts(
        em.createQuery("delete from " + LR + where)
            .setParameter("realmId", realmId)
            .executeUpdate(),
        em.createQuery("delete from " + CERT + where)
            .setParameter("realmId", realmId)
            .executeUpdate());
  }

  /**
   * The rows of the users of a realm whose {@code FEDERATION_LINK} names the given user storage
   * provider: a join in the statement, however many users the provider imported.
   */
  public AcademyCounts deleteByFederationLink(String realmId, String providerId) {
    String where =
        " r where r.realmId = :realmId and r.userId in (select u.id from UserEntity u"
            + " where u.realmId = :realmId and u.federationLink = :providerId)";
    return new AcademyCounts(
        em.createQuery("delete from " + LR + where)
            .setParameter("realmId", realmId)
            .setParameter("providerId", providerId)
            .executeUpdate(),
        em.createQuery("delete from " + CERT + where)
            .setParameter("realmId", realmId)
            .setParameter("providerId", providerId)
            .executeUpdate());
  }

  /**
   * Ids of users (of one realm, or of all realms when {@code realmId} is null) that own orphaned
   * rows, at most {@code max}.
   */
  public Set<String> findOrphanUserIds(String realmId, int max) {
    Set<String> ids = new LinkedHashSet<>(findOrphanUserIds(LR, realmId, max));
    ids.addAll(findOrphanUserIds(CERT, realmId, max));
    return ids;
  }

  private List<String> findOrphanUserIds(String entity, String realmId, int max) {
    var query =
        em.createQuery(
            "select distinct r.userId from "
                + entity
                + " r where"
                + (realmId == null ? "" : " r.realmId = :realmId and")
                + ORPHAN_CONDITION,
            String.class);
    if (realmId != null) {
      query.setParameter("realmId", realmId);
    }
    return query.setMaxResults(max).getResultList();
  }

  /**
   * Deletes the rows of the given users that are still orphans when the statement runs: a user
   * created in between (with an id that was reused, or an import) keeps its rows.
   */
  public AcademyCounts deleteOrphans(String realmId, Collection<String> userIds) {
    AcademyCounts removed = AcademyCounts.ZERO;
    for (List<String> chunk : chunks(userIds)) {
      removed =
          removed.plus(
              new AcademyCounts(
                  deleteOrphans(LR, realmId, chunk), deleteOrphans(CERT, realmId, chunk)));
    }
    return removed;
  }

  private int deleteOrphans(String entity, String realmId, List<String> userIds) {
    var query =
        em.createQuery(
            "delete from "
                + entity
                + " r where r.userId in :userIds and"
                + (realmId == null ? "" : " r.realmId = :realmId and")
                + ORPHAN_CONDITION);
    if (realmId != null) {
      query.setParameter("realmId", realmId);
    }
    return query.setParameter("userIds", userIds).executeUpdate();
  }

  /**
   * One batch of the reconciliation: finds at most {@code batchSize} orphaned users per table and
   * deletes their rows. {@link OrphanBatch#more()} tells whether another batch may find more.
   */
  public OrphanBatch removeOrphanBatch(String realmId, int batchSize) {
    List<String> fromRecords = findOrphanUserIds(LR, realmId, batchSize);
    List<String> fromCertificates = findOrphanUserIds(CERT, realmId, batchSize);
    Set<String> userIds = new LinkedHashSet<>(fromRecords);
    userIds.addAll(fromCertificates);
    if (userIds.isEmpty()) {
      return new OrphanBatch(0, AcademyCounts.ZERO, false);
    }
    AcademyCounts removed = deleteOrphans(realmId, userIds);
    // Nothing removed although orphans were found means a concurrent run took them: stop rather
    // than spin.
    boolean more =
        !removed.isEmpty()
            && (fromRecords.size() == batchSize || fromCertificates.size() == batchSize);
    return new OrphanBatch(userIds.size(), removed, more);
  }

  /** The whole reconciliation of one realm inside the current transaction, batch after batch. */
  public AcademyCounts removeOrphans(String realmId, int batchSize) {
    AcademyCounts total = AcademyCounts.ZERO;
    OrphanBatch batch;
    do {
      batch = removeOrphanBatch(realmId, batchSize);
      total = total.plus(batch.removed());
    } while (batch.more());
    return total;
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_IDS_PER_QUERY) {
      chunks.add(all.subList(i, Math.min(all.size(), i + MAX_IDS_PER_QUERY)));
    }
    return chunks;
  }

  /** What one reconciliation batch did. */
  public record OrphanBatch(int users, AcademyCounts removed, boolean more) {}
}
