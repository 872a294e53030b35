package io.github.academyoffboarding.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One benchmark round on a running Keycloak: seeds 2 × N users with academy data in a fresh realm,
 * then deletes N/2 and disables N/2 one by one through Keycloak's admin REST API (one client
 * thread, as a script loop does), and deletes and deactivates N/2 other users each through the
 * extension (xlsx upload → preview, commit → COMPLETED). Used by {@link BulkOffboardingBenchmark}
 * and, with a small N, by the smoke IT.
 */
final class BulkBenchmark {

  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private static final int IMPORT_CHUNK = 2000;
  private static final long TOKEN_REFRESH_MS = 60_000;

  /** Seconds measured for one round; {@code perAction} users in each of the four operations. */
  record Figures(
      int n,
      int perAction,
      double seedSeconds,
      double baselineDelete,
      double baselineDisable,
      double previewDelete,
      double commitDelete,
      double previewDeactivate,
      double commitDeactivate) {

    double rate(double seconds) {
      return perAction / seconds;
    }

    List<Double> all() {
      return List.of(
          baselineDelete,
          baselineDisable,
          previewDelete,
          commitDelete,
          previewDeactivate,
          commitDeactivate);
    }

    String report(String database) {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              "%n=== bulk offboarding benchmark: N = %,d (%,d users per operation), database %s ===%n",
              n, perAction, database));
      s.append(String.format("seeding %,d users with academy data: %.1f s%n", 2 * n, seedSeconds));
      s.append(
          String.format(
              "baseline  DELETE one by one : %8.2f s  %8.1f users/s%n",
              baselineDelete, rate(baselineDelete)));
      s.append(
          String.format(
              "baseline  PUT enabled=false : %8.2f s  %8.1f users/s%n",
              baselineDisable, rate(baselineDisable)));
      s.append(row("DELETE", previewDelete, commitDelete, baselineDelete));
      s.append(row("DEACTIVATE", previewDeactivate, commitDeactivate, baselineDisable));
      return s.toString();
    }

    private String row(String action, double preview, double commit, double baseline) {
      return String.format(
          "extension %-10s preview %7.2f s (%8.1f rows/s), commit %7.2f s (%8.1f users/s, %.2f ms/user);"
              + " ratio to baseline: commit %.1fx, preview+commit %.1fx%n",
          action,
          preview,
          rate(preview),
          commit,
          rate(commit),
          1000 * commit / perAction,
          baseline / commit,
          baseline / (preview + commit));
    }
  }

  private final KeycloakServer kc;
  private final long jobTimeoutMs;

  /** {@code jobTimeoutMinutes}: how long one bulk job may take before the round fails. */
  BulkBenchmark(KeycloakServer kc, int jobTimeoutMinutes) {
    this.kc = kc;
    this.jobTimeoutMs = jobTimeoutMinutes * 60_000L;
  }

  /** Runs one round with {@code n} (even) and removes its realm afterwards. */
  Figures run(int n) {
    int half = n / 2;
    try (TestRealm realm = TestRealm.create(kc)) {
      long t0 = System.nanoTime();
      List<String[]> users = seed(realm, "b", 4 * half, true);
      double seed = seconds(t0);
      List<String[]> baselineDelete = users.subList(0, half);
      List<String[]> baselineDisable = users.subList(half, 2 * half);
      List<String[]> bulkDelete = users.subList(2 * half, 3 * half);
      List<String[]> bulkDeactivate = users.subList(3 * half, 4 * half);
      Admin admin = new Admin(realm);

      t0 = System.nanoTime();
      for (String[] u : baselineDelete) {
        expect(admin.get().delete(realm.path("/users/" + u[0])), 204, "DELETE user");
      }
      double oneByOneDelete = seconds(t0);
      t0 = System.nanoTime();
      for (String[] u : baselineDisable) {
        expect(
            admin.get().put(realm.path("/users/" + u[0]), Map.of("enabled", false)),
            204,
            "PUT user");
      }
      double oneByOneDisable = seconds(t0);

      long academyBefore = academyRows(realm.id());
      double[] delete = bulk(admin, realm, "DELETE", bulkDelete);
      long academyAfter = academyRows(realm.id());
      if (academyBefore - academyAfter != 3L * half) {
        throw new IllegalStateException(
            "bulk delete removed "
                + (academyBefore - academyAfter)
                + " academy rows, expected "
                + 3L * half);
      }
      double[] deactivate = bulk(admin, realm, "DEACTIVATE", bulkDeactivate);
      if (academyRows(realm.id()) != academyAfter) {
        throw new IllegalStateException("bulk deactivate removed academy rows");
      }
      return new Figures(
          2 * half,
          half,
          seed,
          oneByOneDelete,
          oneByOneDisable,
          delete[0],
          delete[1],
          deactivate[0],
          deactivate[1]);
    }
  }

  /** Uploads an xlsx of the users' e-mails and commits it: {preview seconds, commit seconds}. */
  double[] bulk(Admin admin, TestRealm realm, String action, List<String[]> users) {
    byte[] file = xlsx(users);
    long t0 = System.nanoTime();
    TestResponse created =
        admin
            .get()
            .postMultipart(
                realm.path("/bulk-users/imports"),
                Map.of("action", action),
                "file",
                "bench.xlsx",
                file,
                XLSX);
    double preview = seconds(t0);
    expect(created, 201, action + " preview");
    JsonNode rep = created.json();
    if (rep.at("/summary/toProcess").asInt() != users.size()) {
      throw new IllegalStateException(
          action
              + " preview matched "
              + rep.at("/summary/toProcess")
              + " of "
              + users.size()
              + ": "
              + rep);
    }
    String id = rep.get("id").asText();
    t0 = System.nanoTime();
    expect(
        admin.get().post(realm.path("/bulk-users/imports/" + id + "/commit"), null),
        202,
        action + " commit");
    JsonNode done = awaitEnd(admin, realm, id);
    double commit = seconds(t0);
    if (!done.get("status").asText().equals("COMPLETED")
        || done.at("/progress/succeeded").asInt() != users.size()) {
      throw new IllegalStateException(action + " job did not complete every user: " + done);
    }
    return new double[] {preview, commit};
  }

  private JsonNode awaitEnd(Admin admin, TestRealm realm, String id) {
    long deadline = System.currentTimeMillis() + jobTimeoutMs;
    while (System.currentTimeMillis() < deadline) {
      JsonNode rep = admin.get().get(realm.path("/bulk-users/imports/" + id)).json();
      String status = rep.get("status").asText();
      if (!status.equals("RUNNING") && !status.equals("PREVIEW")) {
        return rep;
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "import " + id + " did not finish within " + jobTimeoutMs / 60_000 + " minutes");
  }

  /**
   * {@code count} users through the realm's partial import, as real learners are: a stored password
   * (one PBKDF2 hash computed here and imported as is, since hashing a password per user would
   * dominate the seeding), an attribute, a group, the realm's default roles, and two learning
   * records and one certificate inserted directly into the extension's tables. Returns {id, e-mail}
   * in creation order.
   */
  List<String[]> seed(TestRealm realm, String prefix, int count, boolean academy) {
    AdminClient master = realm.master();
    prepareRealm(master, realm);
    Map<String, Object> password = storedPassword();
    long masterAt = System.currentTimeMillis();
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<String[]> users = new ArrayList<>(count);
    for (int from = 0; from < count; from += IMPORT_CHUNK) {
      if (System.currentTimeMillis() - masterAt > 30_000) {
        master = realm.master(); // the master realm's tokens live 60 s
        masterAt = System.currentTimeMillis();
      }
      List<Map<String, Object>> chunk = new ArrayList<>();
      Map<String, String> emails = new HashMap<>();
      for (int i = from; i < Math.min(count, from + IMPORT_CHUNK); i++) {
        String username = prefix + "-" + run + "-" + i;
        String email = username + "@bench.example.org";
        emails.put(username, email);
        chunk.add(
            Map.of(
                "username",
                username,
                "email",
                email,
                "enabled",
                true,
                "emailVerified",
                true,
                "firstName",
                "Learner",
                "lastName",
                "No " + i,
                "attributes",
                Map.of("cohort", List.of("2026-" + (i % 12 + 1))),
                "groups",
                List.of("/learners"),
                "credentials",
                List.of(password)));
      }
      TestResponse r =
          master.post(
              realm.path("/partialImport"), Map.of("ifResourceExists", "FAIL", "users", chunk));
      expect(r, 200, "partial import");
      Map<String, String> ids = new HashMap<>();
      for (JsonNode result : r.json().get("results")) {
        ids.put(result.get("resourceName").asText(), result.get("id").asText());
      }
      for (Map<String, Object> u : chunk) {
        String username = (String) u.get("username");
        users.add(new String[] {ids.get(username), emails.get(username)});
      }
    }
    if (academy) {
      insertAcademyRows(realm.id(), users);
    }
    return users;
  }

  /** Keeps unmanaged attributes (the cohort) and creates the learners' group. */
  private static void prepareRealm(AdminClient master, TestRealm realm) {
    JsonNode profile = master.get(realm.path("/users/profile")).json();
    ((ObjectNode) profile).put("unmanagedAttributePolicy", "ENABLED");
    expect(master.put(realm.path("/users/profile"), profile), 200, "user profile");
    TestResponse group = master.post(realm.path("/groups"), Map.of("name", "learners"));
    if (group.status() != 201 && group.status() != 409) {
      throw new IllegalStateException("create group: " + group);
    }
  }

  /** A password credential as Keycloak stores it (pbkdf2-sha512, 210,000 iterations). */
  private static Map<String, Object> storedPassword() {
    try {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      int iterations = 210_000;
      byte[] hash =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
              .generateSecret(
                  new PBEKeySpec("Learner-password-1".toCharArray(), salt, iterations, 512))
              .getEncoded();
      Base64.Encoder b64 = Base64.getEncoder();
      return Map.of(
          "type",
          "password",
          "createdDate",
          System.currentTimeMillis(),
          "secretData",
          "{\"value\":\""
              + b64.encodeToString(hash)
              + "\",\"salt\":\""
              + b64.encodeToString(salt)
              + "\",\"additionalParameters\":{}}",
          "credentialData",
          "{\"hashIterations\":"
              + iterations
              + ",\"algorithm\":\"pbkdf2-sha512\",\"additionalParameters\":{}}");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void insertAcademyRows(String realmId, List<String[]> users) {
    long now = System.currentTimeMillis();
    try (Connection c = kc.database().connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement lr =
              c.prepareStatement(
                  "INSERT INTO ACADEMY_LEARNING_RECORD (ID, REALM_ID, USER_ID, COURSE_ID, COURSE_NAME,"
                      + " STATUS, SCORE, STARTED_AT, COMPLETED_AT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement cert =
              c.prepareStatement(
                  "INSERT INTO ACADEMY_CERTIFICATE (ID, REALM_ID, USER_ID, COURSE_ID, TITLE, SERIAL,"
                      + " ISSUED_AT, EXPIRES_AT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int pending = 0;
        for (String[] u : users) {
          for (String course : List.of("java-101", "sql-201")) {
            lr.setString(1, UUID.randomUUID().toString());
            lr.setString(2, realmId);
            lr.setString(3, u[0]);
            lr.setString(4, course);
            lr.setString(5, "Course " + course);
            lr.setString(6, course.equals("java-101") ? "COMPLETED" : "IN_PROGRESS");
            lr.setInt(7, 80);
            lr.setLong(8, now - 86_400_000L);
            lr.setObject(9, course.equals("java-101") ? now : null, java.sql.Types.BIGINT);
            lr.setLong(10, now);
            lr.addBatch();
          }
          cert.setString(1, UUID.randomUUID().toString());
          cert.setString(2, realmId);
          cert.setString(3, u[0]);
          cert.setString(4, "java-101");
          cert.setString(5, "Java basics");
          cert.setString(6, "CERT-" + UUID.randomUUID());
          cert.setLong(7, now);
          cert.setObject(8, null, java.sql.Types.BIGINT);
          cert.setLong(9, now);
          cert.addBatch();
          if (++pending == 1000) {
            lr.executeBatch();
            cert.executeBatch();
            c.commit();
            pending = 0;
          }
        }
        lr.executeBatch();
        cert.executeBatch();
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot seed academy rows", e);
    }
  }

  long academyRows(String realmId) {
    return kc.database()
            .count("SELECT COUNT(*) FROM ACADEMY_LEARNING_RECORD WHERE REALM_ID = ?", realmId)
        + kc.database()
            .count("SELECT COUNT(*) FROM ACADEMY_CERTIFICATE WHERE REALM_ID = ?", realmId);
  }

  /** An xlsx with an "E-mail" header and one user per row, as an admin would upload. */
  static byte[] xlsx(List<String[]> users) {
    try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 1000, true, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("Leavers");
      sheet.createRow(0).createCell(0).setCellValue("E-mail");
      int r = 1;
      for (String[] u : users) {
        sheet.createRow(r++).createCell(0).setCellValue(u[1]);
      }
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The realm admin's client, logged in again before its token (5 minutes) runs out. */
  static final class Admin {
    private final TestRealm realm;
    private AdminClient client;
    private long loggedInAt;

    Admin(TestRealm realm) {
      this.realm = realm;
    }

    AdminClient get() {
      if (client == null || System.currentTimeMillis() - loggedInAt > TOKEN_REFRESH_MS) {
        client = realm.admin();
        loggedInAt = System.currentTimeMillis();
      }
      return client;
    }
  }

  static void expect(TestResponse r, int status, String what) {
    if (r.status() != status) {
      throw new IllegalStateException(what + ": expected " + status + " but got " + r);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
