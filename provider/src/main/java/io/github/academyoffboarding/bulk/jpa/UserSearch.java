package io.github.academyoffboarding.bulk.jpa;

import jakarta.persistence.TypedQuery;
import java.util.Locale;

/**
 * The console's user search in JPQL over Keycloak's stored user ({@code UserEntity u}): a
 * case-insensitive part of the username, e-mail, first or last name, or an exact user id; for the
 * lists joined with Keycloak's user table (pending deletions, scheduled actions).
 */
public final class UserSearch {

  private UserSearch() {}

  /** The condition to append (empty for no search), on the alias {@code u}. */
  public static String clause(String search) {
    if (search == null || search.isBlank()) {
      return "";
    }
    // '!' escapes LIKE's wildcards: a backslash means different things in MariaDB's literals.
    return " and (lower(u.username) like :part escape '!' or lower(u.email) like :part escape '!'"
        + " or lower(u.firstName) like :part escape '!' or lower(u.lastName) like :part escape '!'"
        + " or u.id = :exact)";
  }

  public static void bind(TypedQuery<?> query, String search) {
    if (search == null || search.isBlank()) {
      return;
    }
    String s = search.strip();
    String escaped =
        s.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    query.setParameter("part", "%" + escaped + "%").setParameter("exact", s);
  }
}
