package io.github.academyoffboarding.bulk.leave;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.query.NativeQuery;

/**
 * The sweep's SQL: the users due, and which (realm, user, date) it has acted on. Native SQL, as the
 * due users are read from Keycloak's own tables.
 */
public final class LeaveDates {

  /**
   * Enabled users of a realm whose attribute holds a value below today's ISO date and not acted on
   * for that date. Keycloak's index IDX_USER_ATTRIBUTE_NAME on USER_ATTRIBUTE (NAME, VALUE)
   * (jpa-changelog-14.0.0, still in 26.7.3) gives the range; each entry found is joined to its user
   * by primary key and looked up in ACADEMY_LEAVE_DATE by its primary key. Users without the
   * attribute, or with a date to come, are never read: with none due, one index range that finds
   * nothing. Parameters: attribute name, today's ISO date, realm id, true.
   */
  public static final String DUE =
      "select u.ID, u.USERNAME, a.VALUE from {h-schema}USER_ATTRIBUTE a"
          + " join {h-schema}USER_ENTITY u on u.ID = a.USER_ID"
          + " where a.NAME = ? and a.VALUE < ? and u.REALM_ID = ? and u.ENABLED = ?"
          + " and u.SERVICE_ACCOUNT_CLIENT_LINK is null"
          + " and not exists (select 1 from {h-schema}ACADEMY_LEAVE_DATE d"
          + " where d.REALM_ID = u.REALM_ID and d.USER_ID = u.ID"
          + " and d.LEAVE_DATE = substring(a.VALUE, 1, 10))"
          + " order by a.VALUE, u.ID";

  /** Rows per insert: five parameters each. */
  private static final int INSERT_ROWS = 100;

  /** One user's value found due. */
  public record Due(String userId, String username, String value) {}

  /** A (user, date) acted on, with the import that acts (null: not a date, left alone). */
  public record Acted(String userId, String leaveDate, String importId) {}

  private final EntityManager em;

  public LeaveDates(EntityManager em) {
    this.em = em;
  }

  /** At most {@code max} due values of the realm, by value. */
  public List<Due> due(String realmId, String attribute, String notEndedFrom, int max) {
    NativeQuery<?> q = em.createNativeQuery(DUE).unwrap(NativeQuery.class);
    q.setParameter(1, attribute, String.class);
    q.setParameter(2, notEndedFrom, String.class);
    q.setParameter(3, realmId, String.class);
    q.setParameter(4, Boolean.TRUE, Boolean.class);
    q.setMaxResults(max);
    List<Due> due = new ArrayList<>();
    for (Object row : q.getResultList()) {
      Object[] r = (Object[]) row;
      due.add(new Due((String) r[0], (String) r[1], (String) r[2]));
    }
    return due;
  }

  /**
   * Records what the sweep acts on, in the transaction that writes the import: a second node that
   * found the same users fails on the primary key and writes nothing.
   */
  public void record(String realmId, List<Acted> acted, long now) {
    for (int from = 0; from < acted.size(); from += INSERT_ROWS) {
      List<Acted> part = acted.subList(from, Math.min(acted.size(), from + INSERT_ROWS));
      StringBuilder sql =
          new StringBuilder(
              "insert into {h-schema}ACADEMY_LEAVE_DATE (REALM_ID, USER_ID, LEAVE_DATE, IMPORT_ID,"
                  + " ACTED_AT) values ");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
      }
      NativeQuery<?> q = em.createNativeQuery(sql.toString()).unwrap(NativeQuery.class);
      int p = 1;
      for (Acted a : part) {
        q.setParameter(p++, realmId, String.class);
        q.setParameter(p++, a.userId(), String.class);
        q.setParameter(p++, a.leaveDate(), String.class);
        q.setParameter(p++, a.importId(), String.class);
        q.setParameter(p++, now, Long.class);
      }
      q.executeUpdate();
    }
  }

  /** Whether anything of the realm is recorded (one look at the primary key's first column). */
  public boolean anyInRealm(String realmId) {
    return !em.createNativeQuery("select 1 from {h-schema}ACADEMY_LEAVE_DATE where REALM_ID = ?1")
        .setParameter(1, realmId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** A user removed: its dates go (by the primary key's first columns). */
  public void removeUser(String realmId, String userId) {
    em.createNativeQuery(
            "delete from {h-schema}ACADEMY_LEAVE_DATE where REALM_ID = ?1 and USER_ID = ?2")
        .setParameter(1, realmId)
        .setParameter(2, userId)
        .executeUpdate();
  }

  public void removeRealm(String realmId) {
    em.createNativeQuery("delete from {h-schema}ACADEMY_LEAVE_DATE where REALM_ID = ?1")
        .setParameter(1, realmId)
        .executeUpdate();
  }
}
