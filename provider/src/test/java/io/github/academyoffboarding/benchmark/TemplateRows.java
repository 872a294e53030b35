package io.github.academyoffboarding.benchmark;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one template (a user, a session) in one of Keycloak's tables, read over JDBC so that
 * a benchmark can copy them for many others with one batched insert: far faster than creating each
 * through the admin API.
 */
final class TemplateRows {

  final List<Map<String, Object>> rows;
  final List<String> columns;
  private final String table;

  private TemplateRows(String table, List<Map<String, Object>> rows) {
    this.table = table;
    this.rows = rows;
    this.columns = new ArrayList<>(rows.get(0).keySet());
  }

  /** The rows of {@code table} that {@code where} (with one {@code ?} for {@code id}) selects. */
  static TemplateRows read(Connection c, String table, String where, String id, String template)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement("SELECT * FROM " + table + " WHERE " + where)) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int col = 1; col <= meta.getColumnCount(); col++) {
            Object value = rs.getObject(col);
            // A CLOB is only readable while its result set is open.
            if (value instanceof Clob clob) {
              value = clob.getSubString(1, (int) clob.length());
            }
            row.put(meta.getColumnName(col).toUpperCase(), value);
          }
          rows.add(row);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("the template " + template + " has no row in " + table);
    }
    return new TemplateRows(table, rows);
  }

  /** An insert of one row of this table, its columns in {@link #columns}' order. */
  String insertSql() {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ")";
  }
}
