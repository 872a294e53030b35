package io.github.academyoffboarding.bulk.pending;

import io.github.academyoffboarding.bulk.RowMessage;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * The users a restore window disabled that the purge left as they are, skipped or failed ({@link
 * NeedsAttentionEntity}): recorded by the purge in the transaction that resolved their marks,
 * removed when an admin restores or deletes them, or when they are removed by another path ({@link
 * RemovedElsewhere}).
 */
public final class NeedsAttention {

  private final EntityManager em;

  public NeedsAttention(EntityManager em) {
    this.em = em;
  }

  /**
   * Records the users of marks the caller has just taken ({@link PendingDeletions#take}) and left
   * disabled, with the reason; replaces an earlier entry of the same user.
   */
  public void add(Collection<PendingDeletionEntity> marks, RowMessage reason, String param) {
    long now = System.currentTimeMillis();
    for (PendingDeletionEntity mark : marks) {
      NeedsAttentionEntity e =
          em.find(
              NeedsAttentionEntity.class,
              new PendingDeletionEntity.Key(mark.getRealmId(), mark.getUserId()));
      boolean fresh = e == null;
      if (fresh) {
        e = new NeedsAttentionEntity();
        e.setRealmId(mark.getRealmId());
        e.setUserId(mark.getUserId());
      }
      e.setImportId(mark.getImportId());
      e.setRowNo(mark.getRowNo());
      e.setReasonKey(reason.key());
      e.setReasonParam(param);
      e.setEnabledBefore(mark.isEnabledBefore());
      e.setRequestedBy(mark.getRequestedBy());
      e.setRequestedByRealm(mark.getRequestedByRealm());
      e.setSince(now);
      if (fresh) {
        em.persist(e);
      }
    }
  }

  /** The entry of a realm's user, or null when it needs no attention. */
  public NeedsAttentionEntity find(String realmId, String userId) {
    return em.find(NeedsAttentionEntity.class, new PendingDeletionEntity.Key(realmId, userId));
  }

  /**
   * Removes the entry of a realm's user; returns whether this transaction removed it (another one
   * that removed it first makes this one find nothing once its row lock is released), so that a
   * user is restored or deleted from here once.
   */
  public boolean resolve(String realmId, String userId) {
    return em.createQuery(
                "delete from NeedsAttentionEntity n where n.realmId = :realmId and n.userId ="
                    + " :userId")
            .setParameter("realmId", realmId)
            .setParameter("userId", userId)
            .executeUpdate()
        == 1;
  }

  /**
   * Whether any user of the realm needs attention: one look-up on the primary key's first column.
   */
  public boolean anyInRealm(String realmId) {
    return !em.createQuery(
            "select n.userId from NeedsAttentionEntity n where n.realmId = :realmId", String.class)
        .setParameter("realmId", realmId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** Removes the entries of a realm's users imported by the given user federation provider. */
  public int removeOfFederationLink(String realmId, String providerId) {
    return em.createQuery(
            "delete from NeedsAttentionEntity n where n.realmId = :realmId and n.userId in"
                + " (select u.id from UserEntity u where u.realmId = :realmId and"
                + " u.federationLink = :providerId)")
        .setParameter("realmId", realmId)
        .setParameter("providerId", providerId)
        .executeUpdate();
  }

  /**
   * Removes the entries of users that no longer exist (removed by a path that publishes no event,
   * such as a federation provider's "remove imported users"): the periodic reconciliation's part.
   * Users stored outside Keycloak's own table ({@code f:…}) cannot be checked and are left.
   */
  public int removeOrphans() {
    return em.createQuery(
            "delete from NeedsAttentionEntity n where n.userId not like 'f:%' and not exists"
                + " (select u.id from UserEntity u where u.id = n.userId and u.realmId ="
                + " n.realmId)")
        .executeUpdate();
  }

  /** Removes every entry of a realm (the realm is being removed). */
  public int removeRealm(String realmId) {
    return em.createQuery("delete from NeedsAttentionEntity n where n.realmId = :realmId")
        .setParameter("realmId", realmId)
        .executeUpdate();
  }

  /**
   * A realm's users needing attention with their Keycloak user, latest first, then by username;
   * from {@code first}, at most {@code max} (negative: all). An entry whose user no longer exists
   * (removed by a path that publishes no event) is not listed.
   */
  public List<Entry> page(String realmId, int first, int max) {
    var query =
        em.createQuery(
                "select n, u from NeedsAttentionEntity n, UserEntity u where u.id = n.userId and"
                    + " u.realmId = n.realmId and n.realmId = :realmId order by n.since desc,"
                    + " u.username, u.id",
                Object[].class)
            .setParameter("realmId", realmId)
            .setFirstResult(first);
    if (max >= 0) {
      query.setMaxResults(max);
    }
    return query.getResultList().stream()
        .map(r -> new Entry((NeedsAttentionEntity) r[0], (UserEntity) r[1]))
        .toList();
  }

  /** How many users {@link #page} has in all. */
  public long count(String realmId) {
    return em.createQuery(
            "select count(n) from NeedsAttentionEntity n, UserEntity u where u.id = n.userId and"
                + " u.realmId = n.realmId and n.realmId = :realmId",
            Long.class)
        .setParameter("realmId", realmId)
        .getSingleResult();
  }

  /** A user needing attention: its entry and Keycloak's stored user. */
  public record Entry(NeedsAttentionEntity entry, UserEntity user) {}
}
