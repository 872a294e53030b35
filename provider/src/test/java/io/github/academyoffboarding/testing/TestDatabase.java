package io.github.academyoffboarding.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The database Keycloak runs on during the tests. H2 is a file database opened with AUTO_SERVER so
 * that the test JVM can read it while Keycloak holds it; PostgreSQL and MariaDB get a fresh
 * database per run on the local server, dropped at the end.
 */
public final class TestDatabase {

  private final String kind;
  private final String jdbcUrl;
  private final String username;
  private final String password;
  private final String adminUrl;
  private final String name;

  private TestDatabase(
      String kind, String jdbcUrl, String username, String password, String adminUrl, String name) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
    this.adminUrl = adminUrl;
    this.name = name;
  }

  /** Creates the database named by {@code kind}: h2, postgres or mariadb. */
  static TestDatabase create(String kind, Path workDir) {
    String name = "kc_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase db;
    switch (kind) {
      case "h2" -> {
        String file = workDir.resolve("h2").resolve("keycloakdb").toAbsolutePath().toString();
        db =
            new TestDatabase(
                kind,
                "jdbc:h2:file:" + file + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE",
                "sa",
                "password",
                null,
                name);
      }
      case "postgres" -> {
        String host = System.getProperty("kc.it.postgres.host", "127.0.0.1:5432");
        db =
            new TestDatabase(
                kind,
                "jdbc:postgresql://" + host + "/" + name,
                System.getProperty("kc.it.postgres.user", "postgres"),
                "",
                "jdbc:postgresql://" + host + "/postgres",
                name);
        db.admin("CREATE DATABASE " + name);
      }
      case "mariadb" -> {
        String host = System.getProperty("kc.it.mariadb.host", "127.0.0.1:3306");
        db =
            new TestDatabase(
                kind,
                "jdbc:mariadb://" + host + "/" + name,
                System.getProperty("kc.it.mariadb.user", "root"),
                "",
                "jdbc:mariadb://" + host + "/",
                name);
        db.admin("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      }
      default ->
          throw new IllegalArgumentException(
              "kc.it.db must be h2, postgres or mariadb, not " + kind);
    }
    return db;
  }

  /** Wraps a database that someone else (a container) created. */
  static TestDatabase external(String kind, String jdbcUrl, String username, String password) {
    return new TestDatabase(kind, jdbcUrl, username, password, null, null);
  }

  public String kind() {
    return kind;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Keycloak's {@code --db} vendor name. */
  String keycloakVendor() {
    return kind.equals("h2") ? "dev-file" : kind;
  }

  public Connection connect() {
    try {
      return DriverManager.getConnection(jdbcUrl, username, password);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the test database " + jdbcUrl, e);
    }
  }

  /** How many learning records and certificates the user has. */
  public long academyRows(String userId) {
    return count("select count(*) from ACADEMY_LEARNING_RECORD where USER_ID = ?", userId)
        + count("select count(*) from ACADEMY_CERTIFICATE where USER_ID = ?", userId);
  }

  /** Runs a count query with positional parameters and returns the single number. */
  public long count(String sql, Object... params) {
    try (Connection c = connect();
        var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs an update with positional parameters. */
  public int update(String sql, Object... params) {
    try (Connection c = connect();
        var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * PostgreSQL only: whether the server accepts new connections to this database ({@code
   * ALLOW_CONNECTIONS}). With {@link #terminateConnections()} this makes the database unreachable
   * for Keycloak while the server itself, which other test runs share, keeps running.
   */
  public void allowConnections(boolean allow) {
    requirePostgres();
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
  }

  /** PostgreSQL only: ends every open connection to this database; returns how many were ended. */
  public int terminateConnections() {
    requirePostgres();
    try (Connection c = DriverManager.getConnection(adminUrl, username, password);
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
                    + name
                    + "' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot terminate the connections to " + name, e);
    }
  }

  private void requirePostgres() {
    if (!kind.equals("postgres") || adminUrl == null) {
      throw new IllegalStateException(
          "only for a PostgreSQL database created by the tests, not " + kind);
    }
  }

  void drop() {
    if (adminUrl != null) {
      admin("DROP DATABASE IF EXISTS " + name);
    }
  }

  private void admin(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl, username, password);
        Statement st = c.createStatement()) {
      if (kind.equals("postgres") && sql.startsWith("DROP")) {
        st.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + name
                + "' AND pid <> pg_backend_pid()");
      }
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '" + sql + "' on " + adminUrl + " (is the " + kind + " server running?)", e);
    }
  }
}
