package io.github.academyoffboarding.benchmark;

import io.github.academyoffboarding.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Many users made from one template user that Keycloak created: the template's rows of every user
 * table copied over JDBC with new ids, usernames and e-mails, a thousand to a batch. Thousands of
 * users take seconds this way; through the admin API (or partial import, 50–100 users/s here) they
 * take minutes. Keycloak reads them from its database like any other user.
 */
public final class UserCopies {

  private static final List<String> USER_TABLES =
      List.of(
          "USER_ENTITY",
          "CREDENTIAL",
          "USER_ATTRIBUTE",
          "USER_GROUP_MEMBERSHIP",
          "USER_ROLE_MAPPING");

  private UserCopies() {}

  /**
   * Copies the template user's rows for each of {@code users} ({id, e-mail}; the username is the
   * e-mail's local part), whatever columns the tables have.
   */
  public static void copy(TestDatabase db, String templateId, List<String[]> users) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (String table : USER_TABLES) {
        String where = (table.equals("USER_ENTITY") ? "ID" : "USER_ID") + " = ?";
        // A template without attributes or groups has no rows there to copy.
        if (!hasRows(c, table, where, templateId)) {
          continue;
        }
        TemplateRows template = TemplateRows.read(c, table, where, templateId, "user");
        List<Map<String, Object>> rows = template.rows;
        List<String> columns = template.columns;
        try (PreparedStatement ps = c.prepareStatement(template.insertSql())) {
          int pending = 0;
          for (String[] u : users) {
            String username = u[1].substring(0, u[1].indexOf('@'));
            for (Map<String, Object> row : rows) {
              for (int col = 0; col < columns.size(); col++) {
                String name = columns.get(col);
                Object value =
                    switch (name) {
                      case "ID" ->
                          table.equals("USER_ENTITY") ? u[0] : UUID.randomUUID().toString();
                      case "USER_ID" -> u[0];
                      case "USERNAME" -> username;
                      case "EMAIL" -> u[1];
                      // The e-mail when e-mails are unique in the realm, else a random value.
                      case "EMAIL_CONSTRAINT" ->
                          Objects.equals(row.get(name), row.get("EMAIL"))
                              ? u[1]
                              : UUID.randomUUID().toString();
                      default -> row.get(name);
                    };
                ps.setObject(col + 1, value);
              }
              ps.addBatch();
            }
            if (++pending == 1000) {
              ps.executeBatch();
              c.commit();
              pending = 0;
            }
          }
          ps.executeBatch();
          c.commit();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot copy the template user", e);
    }
  }

  private static boolean hasRows(Connection c, String table, String where, String id)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
