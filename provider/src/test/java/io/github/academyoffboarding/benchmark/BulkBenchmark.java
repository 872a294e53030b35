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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One benchmark round on a running Keycloak: seeds 3 × N users with academy data in a fresh realm,
 * then deletes N/2 and disables N/2 one by one through Keycloak's admin REST API (one client
 * thread, as a script loop does), and deletes and deactivates N/2 other users each through the
 * extension (xlsx upload → preview, commit → COMPLETED); then schedules the deletion of N/2 more
 * through a restore window (commit → SCHEDULED) and ends the window ({@code delete-now} → the purge
 * → COMPLETED); and schedules N/2 more the same way and restores them all (the import's Restore →
 * COMPLETED). Used by {@link BulkOffboardingBenchmark} and, with a small N, by the smoke IT.
 */
public final class BulkBenchmark {

  public static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** The password of every user {@link #seed} makes; the username is the e-mail's local part. */
  public static final String SEEDED_PASSWORD = "Learner-password-1";

  private static final long TOKEN_REFRESH_MS = 60_000;

  /** Seconds measured for one round; {@code perAction} users in each operation. */
  record Figures(
      int n,
      int perAction,
      double seedSeconds,
      double baselineDelete,
      double baselineDisable,
      double previewDelete,
      double commitDelete,
      double previewDeactivate,
      double commitDeactivate,
      double previewSchedule,
      double commitSchedule,
      double purge,
      double restore,
      double previewDated,
      double commitDated) {

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
          commitDeactivate,
          previewSchedule,
          commitSchedule,
          purge,
          restore,
          previewDated,
          commitDated);
    }

    String report(String database) {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              "%n=== bulk offboarding benchmark: N = %,d (%,d users per operation), database %s ===%n",
              n, perAction, database));
      s.append(
          String.format(
              "seeding %,d users with academy data: %.1f s%n", 6 * perAction, seedSeconds));
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
      s.append(row("SCHEDULE", previewSchedule, commitSchedule, baselineDisable));
      s.append(
          String.format(
              "extension PURGE      delete-now until COMPLETED %7.2f s (%8.1f users/s, %.2f ms/user);"
                  + " schedule / deactivate commit %.2fx, purge / delete commit %.2fx%n",
              purge,
              rate(purge),
              1000 * purge / perAction,
              commitSchedule / commitDeactivate,
              purge / commitDelete));
      s.append(
          String.format(
              "extension RESTORE    restore (202) until done    %7.2f s (%8.1f users/s, %.2f ms/user);"
                  + " purge reaches %.0f %% of the bulk delete's users/s, restore %.0f %% of the"
                  + " schedule's%n",
              restore,
              rate(restore),
              1000 * restore / perAction,
              100 * commitDelete / purge,
              100 * commitSchedule / restore));
      s.append(row("DATED", previewDated, commitDated, baselineDisable));
      s.append(
          String.format(
              "extension DATED      DEACTIVATE with a leave date 30 days ahead (commit → SCHEDULED,"
                  + " users waiting): preview+commit %.2f s, %.2fx the undated DEACTIVATE's %.2f s%n",
              previewDated + commitDated,
              (previewDated + commitDated) / (previewDeactivate + commitDeactivate),
              previewDeactivate + commitDeactivate));
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
  public BulkBenchmark(KeycloakServer kc, int jobTimeoutMinutes) {
    this.kc = kc;
    this.jobTimeoutMs = jobTimeoutMinutes * 60_000L;
  }

  /** Runs one round with {@code n} (even) and removes its realm afterwards. */
  Figures run(int n) {
    int half = n / 2;
    try (TestRealm realm = TestRealm.create(kc)) {
      long t0 = System.nanoTime();
      List<String[]> users = seed(realm, "b", 6 * half, true);
      double seed = seconds(t0);
      List<String[]> baselineDelete = users.subList(0, half);
      List<String[]> baselineDisable = users.subList(half, 2 * half);
      List<String[]> bulkDelete = users.subList(2 * half, 3 * half);
      List<String[]> bulkDeactivate = users.subList(3 * half, 4 * half);
      List<String[]> bulkSchedule = users.subList(4 * half, 5 * half);
      List<String[]> bulkRestore = users.subList(5 * half, 6 * half);
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
      // A DELETE through a restore window: its commit deactivates and marks (the commit-time
      // cost), delete-now ends the window and the purge deletes (the deletion's cost).
      double[] schedule = bulk(admin, realm, "DELETE", bulkSchedule, "P1D");
      if (academyRows(realm.id()) != academyAfter) {
        throw new IllegalStateException("scheduling a deletion removed academy rows");
      }
      double purge = purge(admin, realm, scheduleId, half);
      if (academyAfter - academyRows(realm.id()) != 3L * half) {
        throw new IllegalStateException(
            "the purge did not remove the scheduled users' academy rows");
      }
      // The way back at the same size: scheduled as above, then the import's Restore.
      bulk(admin, realm, "DELETE", bulkRestore, "P1D");
      double restore = restore(admin, realm, scheduleId, half);
      // Dated rows: the restored users again, as a DEACTIVATE with a leave date a month ahead; the
      // commit only schedules them (the cost the issue holds against an undated import's).
      double[] dated =
          bulk(admin, realm, "DEACTIVATE", bulkRestore, null, LocalDate.now().plusDays(30));
      return new Figures(
          2 * half,
          half,
          seed,
          oneByOneDelete,
          oneByOneDisable,
          delete[0],
          delete[1],
          deactivate[0],
          deactivate[1],
          schedule[0],
          schedule[1],
          purge,
          restore,
          dated[0],
          dated[1]);
    }
  }

  /** The import {@link #bulk} with a restore window scheduled last. */
  private String scheduleId;

  /** Seconds from {@code delete-now} until the scheduled import is COMPLETED. */
  private double purge(Admin admin, TestRealm realm, String id, int users) {
    long t0 = System.nanoTime();
    TestResponse r =
        admin.get().post(realm.path("/bulk-users/imports/" + id + "/delete-now"), null);
    expect(r, 202, "delete-now");
    if (r.json().get("deleting").asInt() != users) {
      throw new IllegalStateException("delete-now moved " + r.json() + ", expected " + users);
    }
    JsonNode done = awaitEnd(admin, realm, id);
    double seconds = seconds(t0);
    if (!done.get("status").asText().equals("COMPLETED")
        || done.at("/outcomes/DELETED").asInt() != users) {
      throw new IllegalStateException("the purge did not delete every user: " + done);
    }
    return seconds;
  }

  /** Seconds from the import's Restore (202) until every user is restored and it is COMPLETED. */
  private double restore(Admin admin, TestRealm realm, String id, int users) {
    long t0 = System.nanoTime();
    TestResponse r = admin.get().post(realm.path("/bulk-users/imports/" + id + "/restore"), null);
    expect(r, 202, "restore");
    long deadline = System.currentTimeMillis() + jobTimeoutMs;
    while (System.currentTimeMillis() < deadline) {
      JsonNode rep = admin.get().get(realm.path("/bulk-users/imports/" + id)).json();
      if (rep.get("status").asText().equals("COMPLETED")) {
        double seconds = seconds(t0);
        if (rep.at("/outcomes/RESTORED").asInt() != users
            || rep.at("/restore/restored").asInt() != users) {
          throw new IllegalStateException("the restore did not restore every user: " + rep);
        }
        return seconds;
      }
      sleep(100);
    }
    throw new IllegalStateException("restore of import " + id + " did not finish in time");
  }

  /** Uploads an xlsx of the users' e-mails and commits it: {preview seconds, commit seconds}. */
  double[] bulk(Admin admin, TestRealm realm, String action, List<String[]> users) {
    return bulk(admin, realm, action, users, null);
  }

  /**
   * As {@link #bulk(Admin, TestRealm, String, List)}; a DELETE with {@code deleteAfter} ends
   * SCHEDULED (commit = until then).
   */
  double[] bulk(
      Admin admin, TestRealm realm, String action, List<String[]> users, String deleteAfter) {
    return bulk(admin, realm, action, users, deleteAfter, null);
  }

  /**
   * As above, every row with {@code date} (a date cell) when not null: the import ends SCHEDULED.
   */
  double[] bulk(
      Admin admin,
      TestRealm realm,
      String action,
      List<String[]> users,
      String deleteAfter,
      LocalDate date) {
    byte[] file = xlsx(users, date);
    long t0 = System.nanoTime();
    TestResponse created =
        admin
            .get()
            .postMultipart(
                realm.path("/bulk-users/imports"),
                deleteAfter == null
                    ? Map.of("action", action)
                    : Map.of("action", action, "deleteAfter", deleteAfter),
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
    scheduleId = id;
    String ended = deleteAfter == null && date == null ? "COMPLETED" : "SCHEDULED";
    if (!done.get("status").asText().equals(ended)
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
      if (!status.equals("RUNNING") && !status.equals("PREVIEW") && !purging(rep)) {
        return rep;
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "import " + id + " did not finish within " + jobTimeoutMs / 60_000 + " minutes");
  }

  /** A scheduled import whose users are due: the purge is under way until it is COMPLETED. */
  private static boolean purging(JsonNode rep) {
    return rep.get("status").asText().equals("SCHEDULED")
        && rep.hasNonNull("deletionDueAt")
        && java.time.Instant.parse(rep.get("deletionDueAt").asText())
            .isBefore(java.time.Instant.now());
  }

  /**
   * {@code count} users as real learners are: a stored password, an attribute, a group, the realm's
   * default roles, and two learning records and one certificate. Keycloak creates one template user
   * through partial import; its rows in Keycloak's user tables are then copied for every user over
   * JDBC, with new ids, usernames and e-mails (partial import ran at 50–100 users/s here, 20 to 30
   * minutes for the 100,000 users of N = 50,000). Returns {id, e-mail} in creation order.
   */
  public List<String[]> seed(TestRealm realm, String prefix, int count, boolean academy) {
    AdminClient master = realm.master();
    prepareRealm(master, realm);
    String run = UUID.randomUUID().toString().substring(0, 6);
    String template = prefix + "-" + run + "-template";
    TestResponse r =
        master.post(
            realm.path("/partialImport"),
            Map.of(
                "ifResourceExists",
                "FAIL",
                "users",
                List.of(
                    Map.of(
                        "username",
                        template,
                        "email",
                        template + "@bench.example.org",
                        "enabled",
                        true,
                        "emailVerified",
                        true,
                        "firstName",
                        "Learner",
                        "lastName",
                        "Template",
                        "attributes",
                        Map.of("cohort", List.of("2026-01")),
                        "groups",
                        List.of("/learners"),
                        "realmRoles",
                        List.of("default-roles-" + realm.name()),
                        "credentials",
                        List.of(storedPassword())))));
    expect(r, 200, "partial import");
    String templateId = r.json().get("results").get(0).get("id").asText();
    List<String[]> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String username = prefix + "-" + run + "-" + i;
      users.add(new String[] {UUID.randomUUID().toString(), username + "@bench.example.org"});
    }
    UserCopies.copy(kc.database(), templateId, users);
    // A fresh token: on a busy machine the copy outlasts the master admin's 60-second token.
    long seen = Long.parseLong(realm.master().get(realm.path("/users/count")).text().trim());
    if (seen < count) {
      throw new IllegalStateException("Keycloak sees " + seen + " users, expected " + count);
    }
    if (academy) {
      insertAcademyRows(realm.id(), users);
    }
    analyze();
    return users;
  }

  /**
   * Refreshes the database's statistics after the bulk load, as one does after loading data behind
   * the application's back: without it PostgreSQL planned Keycloak's queries on the 100,000 users
   * of N = 50,000 with the statistics of a near-empty table, and the baseline and the extension
   * both ran 3–5 times slower than at N = 10,000.
   */
  private void analyze() {
    String kind = kc.database().kind();
    if (kind.equals("postgres") || kind.equals("h2")) {
      kc.database().update("ANALYZE");
    }
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
              .generateSecret(new PBEKeySpec(SEEDED_PASSWORD.toCharArray(), salt, iterations, 512))
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
  public static byte[] xlsx(List<String[]> users) {
    return xlsx(users, null);
  }

  /** As {@link #xlsx(List)}, with a {@code date} column of date cells when {@code date} is set. */
  public static byte[] xlsx(List<String[]> users, LocalDate date) {
    try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 1000, true, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("Leavers");
      org.apache.poi.ss.usermodel.Row header = sheet.createRow(0);
      header.createCell(0).setCellValue("E-mail");
      org.apache.poi.ss.usermodel.CellStyle dateStyle = wb.createCellStyle();
      dateStyle.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
      if (date != null) {
        header.createCell(1).setCellValue("date");
      }
      int r = 1;
      for (String[] u : users) {
        org.apache.poi.ss.usermodel.Row row = sheet.createRow(r++);
        row.createCell(0).setCellValue(u[1]);
        if (date != null) {
          org.apache.poi.ss.usermodel.Cell cell = row.createCell(1);
          cell.setCellValue(date);
          cell.setCellStyle(dateStyle);
        }
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
