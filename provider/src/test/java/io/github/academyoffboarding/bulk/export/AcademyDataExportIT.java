package io.github.academyoffboarding.bulk.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.benchmark.BulkBenchmark;
import io.github.academyoffboarding.benchmark.HeapSampler;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code GET imports/{id}/academy-data} against a real Keycloak: exactly the learning records and
 * certificates of the users the import will delete, as csv and xlsx, none of anyone else's; the
 * same totals as the preview's summary for 10,000 users; its errors; and users the caller may not
 * view left out.
 */
// Alone: it measures the server heap during a large export.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class AcademyDataExportIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private KeycloakServer kc;
  private TestRealm realm;
  private AdminClient admin;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    admin = realm.admin();
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aPreviewExportsExactlyTheDataOfTheUsersItWouldDelete() throws IOException {
    List<String> leavers = flow.createUsers("leaver", 3);
    List<String> bystanders = flow.createUsers("stay", 2);
    // leaver-0: two records (one with a formula-like course name) and a certificate;
    // leaver-1: one record; leaver-2: nothing.
    addRecord(leavers.get(0), "java-101", "Java basics", "COMPLETED", 90);
    addRecord(leavers.get(0), "sql-201", "=HYPERLINK(\"http://evil\")", "ENROLLED", null);
    addCertificate(leavers.get(0), "java-101", "Java basics", "S-leaver-0");
    addRecord(leavers.get(1), "java-101", "Java basics", "IN_PROGRESS", 40);
    for (String bystander : bystanders) {
      addRecord(bystander, "java-101", "Java basics", "COMPLETED", 100);
      addCertificate(bystander, "java-101", "Java basics", "S-" + bystander);
    }
    // The realm admin is in the file too, but protected (the caller): its data is not exported.
    String realmAdminId = realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();
    addRecord(realmAdminId, "admin-1", "Admin course", "COMPLETED", 100);

    JsonNode preview =
        flow.preview(
            admin,
            "DELETE",
            List.of(
                BulkFlow.email("leaver", 0),
                BulkFlow.email("leaver", 1),
                BulkFlow.email("leaver", 0),
                "nobody@example.org",
                "realm-admin@" + realm.name() + ".test",
                BulkFlow.email("leaver", 2)));
    JsonNode summary = preview.get("summary");
    assertThat(summary.get("toProcess").asInt()).isEqualTo(3);
    assertThat(summary.get("duplicate").asInt()).isEqualTo(1);
    assertThat(summary.get("protected").asInt()).isEqualTo(1);
    assertThat(summary.get("learningRecords").asLong()).isEqualTo(3);
    assertThat(summary.get("certificates").asLong()).isEqualTo(1);
    String id = preview.get("id").asText();

    // What the academy API says the leavers have: the expected lines.
    Set<List<String>> expectedRecords = new HashSet<>();
    Set<List<String>> expectedCertificates = new HashSet<>();
    for (int i = 0; i < leavers.size(); i++) {
      String userId = leavers.get(i);
      List<String> user = List.of(userId, "leaver-" + i, BulkFlow.email("leaver", i));
      for (JsonNode r : academy(userId, "learning-records")) {
        expectedRecords.add(
            concat(
                user,
                List.of(
                    r.get("id").asText(),
                    r.get("courseId").asText(),
                    r.get("courseName").asText(),
                    r.get("status").asText(),
                    r.hasNonNull("score") ? r.get("score").asText() : "",
                    r.get("createdAt").asText())));
      }
      for (JsonNode c : academy(userId, "certificates")) {
        expectedCertificates.add(
            concat(
                user,
                List.of(
                    c.get("id").asText(),
                    c.get("courseId").asText(),
                    c.get("title").asText(),
                    c.get("serial").asText(),
                    c.get("issuedAt").asText(),
                    c.get("createdAt").asText())));
      }
    }
    assertThat(expectedRecords).hasSize(3);
    assertThat(expectedCertificates).hasSize(1);

    TestResponse csv = export(admin, id, "csv");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"academy-data-" + id + ".csv\"");
    List<CSVRecord> lines = csv(csv.body());
    Set<List<String>> csvRecords = new HashSet<>();
    Set<List<String>> csvCertificates = new HashSet<>();
    for (CSVRecord line : lines) {
      List<String> user = List.of(line.get("userId"), line.get("username"), line.get("email"));
      if (line.get("kind").equals("learning-record")) {
        // The formula-like course name comes neutralised, as in the report.
        String courseName = line.get("courseName");
        csvRecords.add(
            concat(
                user,
                List.of(
                    line.get("id"),
                    line.get("courseId"),
                    courseName.startsWith("'=") ? courseName.substring(1) : courseName,
                    line.get("status"),
                    line.get("score"),
                    line.get("createdAt"))));
      } else {
        assertThat(line.get("kind")).isEqualTo("certificate");
        csvCertificates.add(
            concat(
                user,
                List.of(
                    line.get("id"),
                    line.get("courseId"),
                    line.get("title"),
                    line.get("serial"),
                    line.get("issuedAt"),
                    line.get("createdAt"))));
      }
    }
    assertThat(lines).hasSize(4);
    assertThat(csvRecords).isEqualTo(expectedRecords);
    assertThat(csvCertificates).isEqualTo(expectedCertificates);
    assertThat(csv.text())
        .contains("'=HYPERLINK")
        .doesNotContain(bystanders.get(0))
        .doesNotContain(bystanders.get(1))
        .doesNotContain(realmAdminId);

    for (String format : new String[] {null, "xlsx", "XLSX"}) {
      TestResponse xlsx = export(admin, id, format);
      assertThat(xlsx.status()).as(xlsx.toString()).isEqualTo(200);
      assertThat(xlsx.header("Content-Type")).startsWith(XLSX);
      assertThat(xlsx.header("Content-Disposition"))
          .isEqualTo("attachment; filename=\"academy-data-" + id + ".xlsx\"");
      try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
        assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
        Set<List<String>> sheetRecords = new HashSet<>();
        for (Map<String, String> row : rows(workbook.getSheet("Learning records"))) {
          sheetRecords.add(
              List.of(
                  row.get("userId"),
                  row.get("username"),
                  row.get("email"),
                  row.get("id"),
                  row.get("courseId"),
                  row.get("courseName"),
                  row.get("status"),
                  row.get("score"),
                  row.get("createdAt")));
        }
        Set<List<String>> sheetCertificates = new HashSet<>();
        for (Map<String, String> row : rows(workbook.getSheet("Certificates"))) {
          sheetCertificates.add(
              List.of(
                  row.get("userId"),
                  row.get("username"),
                  row.get("email"),
                  row.get("id"),
                  row.get("courseId"),
                  row.get("title"),
                  row.get("serial"),
                  row.get("issuedAt"),
                  row.get("createdAt")));
        }
        // xlsx cells are text, never formulas: the course name is as stored.
        assertThat(sheetRecords).isEqualTo(expectedRecords);
        assertThat(sheetCertificates).isEqualTo(expectedCertificates);
      }
    }
    // The export changes nothing.
    assertThat(flow.get(id).get("status").asText()).isEqualTo("PREVIEW");
    assertThat(kc.database().academyRows(leavers.get(0))).isEqualTo(3);
  }

  @Test
  void errors() {
    List<String> users = flow.createUsers("err", 2);
    flow.addAcademyData(admin, users.get(0));

    JsonNode delete = flow.preview(admin, "DELETE", List.of(BulkFlow.email("err", 0)));
    String deleteId = delete.get("id").asText();
    TestResponse badFormat = export(admin, deleteId, "pdf");
    assertThat(badFormat.status()).as(badFormat.toString()).isEqualTo(400);
    assertThat(badFormat.json().get("error").asText()).isEqualTo("bulk.invalid-format");

    JsonNode deactivate = flow.preview(admin, "DEACTIVATE", List.of(BulkFlow.email("err", 0)));
    for (String format : new String[] {"csv", "xlsx"}) {
      expectError(
          export(admin, deactivate.get("id").asText(), format),
          409,
          "bulk.academy-data-not-delete");
    }

    TestResponse unknown = export(admin, UUID.randomUUID().toString(), "csv");
    expectError(unknown, 404, "bulk.import-not-found");

    // No view-users, no fine-grained permissions: refused before anything is read.
    realm.createUser("nobody", "nobody@example.org");
    expectError(export(realm.login("nobody"), deleteId, "csv"), 403, "bulk.forbidden");

    // A cancelled preview deletes nothing.
    JsonNode cancelled = flow.preview(admin, "DELETE", List.of(BulkFlow.email("err", 0)));
    assertThat(flow.cancel(admin, cancelled.get("id").asText()).status()).isEqualTo(202);
    expectError(
        export(admin, cancelled.get("id").asText(), "csv"), 409, "bulk.academy-data-unavailable");

    // An expired preview: refused, or already purged by the server's scheduler.
    JsonNode expired = flow.preview(admin, "DELETE", List.of(BulkFlow.email("err", 1)));
    String expiredId = expired.get("id").asText();
    assertThat(
            kc.database()
                .update(
                    "update ACADEMY_BULK_IMPORT set EXPIRES_AT = ? where ID = ?",
                    System.currentTimeMillis() - 1000,
                    expiredId))
        .isEqualTo(1);
    TestResponse onExpired = export(admin, expiredId, "csv");
    if (onExpired.status() == 404) {
      expectError(onExpired, 404, "bulk.import-not-found");
    } else {
      expectError(onExpired, 409, "bulk.academy-data-unavailable");
    }

    // A DELETE that has run (deleteAfter PT0S: at once) deletes nothing more.
    TestResponse now =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "deleteAfter",
                "PT0S",
                "identifiers",
                List.of(BulkFlow.email("err", 1))));
    assertThat(now.status()).as(now.toString()).isEqualTo(201);
    String nowId = now.json().get("id").asText();
    assertThat(flow.commit(admin, nowId).status()).isEqualTo(202);
    assertThat(flow.awaitEnd(nowId, Duration.ofMinutes(2)).get("status").asText())
        .isEqualTo("COMPLETED");
    for (String format : new String[] {"csv", "xlsx"}) {
      expectError(export(admin, nowId, format), 409, "bulk.academy-data-unavailable");
    }

    // The DELETE preview itself is still fine.
    assertThat(export(admin, deleteId, "csv").status()).isEqualTo(200);
  }

  /**
   * A committed DELETE through a restore window: its users are deactivated and pending deletion,
   * their academy data still there. The export holds the data of the users still pending, and no
   * longer that of a user whose mark is gone (restored, or removed by another path).
   */
  @Test
  void aScheduledImportExportsTheDataOfItsUsersStillPending() throws IOException {
    List<String> leavers = flow.createUsers("sched", 3);
    List<String> bystanders = flow.createUsers("keep", 1);
    for (String userId : leavers) {
      flow.addAcademyData(admin, userId);
    }
    flow.addAcademyData(admin, bystanders.get(0));
    addRecord(leavers.get(2), "sql-201", "SQL", "ENROLLED", null);
    TestResponse created =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "deleteAfter",
                "P30D",
                "identifiers",
                BulkFlow.emails("sched", 3)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode scheduled = flow.awaitEnd(id, Duration.ofMinutes(2));
    assertThat(scheduled.get("status").asText()).as(scheduled.toString()).isEqualTo("SCHEDULED");
    assertThat(
            kc.database()
                .count("select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ?", id))
        .isEqualTo(3);

    List<CSVRecord> lines = csv(export(admin, id, "csv").body());
    assertThat(lines)
        .extracting(r -> r.get("kind") + " " + r.get("userId"))
        .containsExactlyInAnyOrder(
            "learning-record " + leavers.get(0),
            "certificate " + leavers.get(0),
            "learning-record " + leavers.get(1),
            "certificate " + leavers.get(1),
            "learning-record " + leavers.get(2),
            "learning-record " + leavers.get(2),
            "certificate " + leavers.get(2));
    assertThat(lines)
        .filteredOn(r -> r.get("userId").equals(leavers.get(1)))
        .allSatisfy(
            r -> {
              assertThat(r.get("username")).isEqualTo("sched-1");
              assertThat(r.get("email")).isEqualTo(BulkFlow.email("sched", 1));
            });

    assertThat(
            kc.database()
                .update(
                    "delete from ACADEMY_PENDING_DELETION where IMPORT_ID = ? and USER_ID = ?",
                    id,
                    leavers.get(0)))
        .isEqualTo(1);
    TestResponse xlsx = export(admin, id, "xlsx");
    assertThat(xlsx.status()).as(xlsx.toString()).isEqualTo(200);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      assertThat(rows(workbook.getSheet("Learning records")))
          .extracting(r -> r.get("userId"))
          .containsExactlyInAnyOrder(leavers.get(1), leavers.get(2), leavers.get(2));
      assertThat(rows(workbook.getSheet("Certificates")))
          .extracting(r -> r.get("userId"))
          .containsExactlyInAnyOrder(leavers.get(1), leavers.get(2));
    }
  }

  /**
   * Fine-grained admin permissions (v2): an admin with query-users and view/manage on two users
   * previews their deletion; when the admin may no longer view one of them, the export leaves that
   * user's data out, as the rest of the extension does. The realm admin still gets both.
   */
  @Test
  void usersTheCallerMayNotViewAreLeftOut() {
    expect(realm.master().put(realm.path(""), Map.of("adminPermissionsEnabled", true)), 204);
    String helper = realm.createUserWithRoles("helper", "helper@example.org", "query-users");
    String seen = realm.createUser("seen", "seen@example.org");
    String hidden = realm.createUser("hidden", "hidden@example.org");
    addRecord(seen, "java-101", "Java basics", "COMPLETED", 80);
    addCertificate(seen, "java-101", "Java basics", "S-seen");
    addRecord(hidden, "java-101", "Java basics", "COMPLETED", 70);
    addCertificate(hidden, "java-101", "Java basics", "S-hidden");
    String permission = permit(helper, List.of(seen, hidden));

    AdminClient restricted = realm.login("helper");
    JsonNode preview =
        flow.preview(restricted, "DELETE", List.of("seen@example.org", "hidden@example.org"));
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/learningRecords").asLong()).isEqualTo(2);
    String id = preview.get("id").asText();
    assertThat(csv(export(restricted, id, "csv").body()))
        .extracting(r -> r.get("userId"))
        .containsExactlyInAnyOrder(seen, seen, hidden, hidden);

    narrow(permission, List.of(seen));
    TestResponse narrowed = export(restricted, id, "csv");
    assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
    List<CSVRecord> lines = csv(narrowed.body());
    assertThat(lines)
        .extracting(r -> r.get("kind"))
        .containsExactly("learning-record", "certificate");
    assertThat(lines).allSatisfy(r -> assertThat(r.get("userId")).isEqualTo(seen));
    assertThat(narrowed.text()).doesNotContain(hidden).doesNotContain("hidden@example.org");

    assertThat(csv(export(admin, id, "csv").body()))
        .extracting(r -> r.get("userId"))
        .containsExactlyInAnyOrder(seen, seen, hidden, hidden);
  }

  /**
   * 10,000 users with academy data (and bystanders): the export's lines are exactly the preview
   * summary's learningRecords and certificates. Prints the time and the server's heap for
   * docs/benchmarks.md.
   */
  @Test
  void tenThousandUsersExportWhatThePreviewCounted() throws IOException {
    int leavers = 10_000;
    int bystanders = 100;
    List<String[]> users =
        new BulkBenchmark(kc, 10).seed(realm, "exp", leavers + bystanders, false);
    // user i: i % 4 learning records, a certificate when i % 3 == 0; bystanders one of each.
    long expectedRecords = 0;
    long expectedCertificates = 0;
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (int i = 0; i < users.size(); i++) {
      int[] c = i < leavers ? new int[] {i % 4, i % 3 == 0 ? 1 : 0} : new int[] {1, 1};
      counts.put(users.get(i)[0], c);
      if (i < leavers) {
        expectedRecords += c[0];
        expectedCertificates += c[1];
      }
    }
    insertAcademyRows(counts);
    List<String> emails = new ArrayList<>(leavers);
    Set<String> leaverIds = new HashSet<>();
    for (String[] u : users.subList(0, leavers)) {
      emails.add(u[1]);
      leaverIds.add(u[0]);
    }
    TestResponse created =
        admin.post(
            realm.path("/bulk-users/imports"), Map.of("action", "DELETE", "identifiers", emails));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode summary = created.json().get("summary");
    assertThat(summary.get("toProcess").asInt()).isEqualTo(leavers);
    assertThat(summary.get("learningRecords").asLong()).isEqualTo(expectedRecords);
    assertThat(summary.get("certificates").asLong()).isEqualTo(expectedCertificates);
    String id = created.json().get("id").asText();

    for (String format : List.of("csv", "xlsx")) {
      System.gc();
      long idle = HeapSampler.heapUsed(kc.managementUrl());
      TestResponse export;
      double seconds;
      long peak;
      try (HeapSampler sampler = HeapSampler.start(kc.managementUrl())) {
        long t0 = System.nanoTime();
        export = export(admin, id, format);
        seconds = (System.nanoTime() - t0) / 1e9;
        peak = sampler.peakBytes();
      }
      assertThat(export.status()).as(export.toString()).isEqualTo(200);
      long records = 0;
      long certificates = 0;
      Set<String> exportedUsers = new HashSet<>();
      if (format.equals("csv")) {
        for (CSVRecord line : csv(export.body())) {
          exportedUsers.add(line.get("userId"));
          if (line.get("kind").equals("learning-record")) {
            records++;
          } else {
            certificates++;
          }
        }
      } else {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
          records = workbook.getSheet("Learning records").getLastRowNum();
          certificates = workbook.getSheet("Certificates").getLastRowNum();
          for (Sheet sheet : workbook) {
            for (Row row : sheet) {
              if (row.getRowNum() > 0) {
                exportedUsers.add(row.getCell(0).getStringCellValue());
              }
            }
          }
        }
      }
      assertThat(records).as(format + " learning records").isEqualTo(expectedRecords);
      assertThat(certificates).as(format + " certificates").isEqualTo(expectedCertificates);
      assertThat(leaverIds).containsAll(exportedUsers);
      System.out.printf(
          "academy-data export (%s, %s): %,d users, %,d learning records + %,d certificates,"
              + " %.1f MiB in %.2f s; server heap in use %.0f MiB before, peak %.0f MiB"
              + " (Keycloak's default -Xmx512m)%n",
          kc.database().kind(),
          format,
          leavers,
          records,
          certificates,
          export.body().length / 1048576.0,
          seconds,
          idle / 1048576.0,
          peak / 1048576.0);
    }
    assertThat(kc.log()).doesNotContain("OutOfMemoryError");
  }

  private TestResponse export(AdminClient client, String importId, String format) {
    return client.get(
        realm.path(
            "/bulk-users/imports/"
                + importId
                + "/academy-data"
                + (format == null ? "" : "?format=" + format)));
  }

  private void addRecord(
      String userId, String courseId, String courseName, String status, Integer score) {
    Map<String, Object> body = new HashMap<>();
    body.put("courseId", courseId);
    body.put("courseName", courseName);
    body.put("status", status);
    if (score != null) {
      body.put("score", score);
    }
    expect(admin.post(realm.path("/academy/users/" + userId + "/learning-records"), body), 201);
  }

  private void addCertificate(String userId, String courseId, String title, String serial) {
    expect(
        admin.post(
            realm.path("/academy/users/" + userId + "/certificates"),
            Map.of(
                "courseId",
                courseId,
                "title",
                title,
                "serial",
                serial,
                "issuedAt",
                "2026-01-15T10:00:00Z")),
        201);
  }

  private JsonNode academy(String userId, String what) {
    TestResponse r = admin.get(realm.path("/academy/users/" + userId + "/" + what));
    expect(r, 200);
    return r.json();
  }

  /** Learning records and certificates by SQL: {records, certificates} per user id. */
  private void insertAcademyRows(Map<String, int[]> counts) {
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
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
          for (int i = 0; i < e.getValue()[0]; i++) {
            lr.setString(1, UUID.randomUUID().toString());
            lr.setString(2, realm.id());
            lr.setString(3, e.getKey());
            lr.setString(4, "course-" + i);
            lr.setString(5, "Course " + i);
            lr.setString(6, "COMPLETED");
            lr.setInt(7, 50 + i);
            lr.setLong(8, now - 86_400_000L);
            lr.setLong(9, now);
            lr.setLong(10, now + i);
            lr.addBatch();
          }
          if (e.getValue()[1] > 0) {
            cert.setString(1, UUID.randomUUID().toString());
            cert.setString(2, realm.id());
            cert.setString(3, e.getKey());
            cert.setString(4, "course-0");
            cert.setString(5, "Course 0");
            cert.setString(6, "CERT-" + UUID.randomUUID());
            cert.setLong(7, now);
            cert.setObject(8, null, java.sql.Types.BIGINT);
            cert.setLong(9, now);
            cert.addBatch();
          }
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

  /** FGAP v2: a user policy for {@code adminId} and a view/manage permission on {@code users}. */
  private String permit(String adminId, List<String> users) {
    AdminClient m = realm.master();
    expect(
        m.post(
            authz() + "/policy/user", Map.of("name", "helper-policy", "users", List.of(adminId))),
        201);
    TestResponse permission =
        m.post(
            authz() + "/permission/scope",
            Map.of(
                "name",
                "helper-on-some-users",
                "resourceType",
                "Users",
                "resources",
                users,
                "scopes",
                List.of("view", "manage"),
                "policies",
                List.of("helper-policy")));
    expect(permission, 201);
    return permission.json().get("id").asText();
  }

  /** The permission now covers {@code users} only. */
  private void narrow(String permissionId, List<String> users) {
    AdminClient m = realm.master();
    TestResponse current = m.get(authz() + "/permission/scope/" + permissionId);
    expect(current, 200);
    ObjectNode body = (ObjectNode) current.json();
    body.putPOJO("resources", users);
    body.putPOJO("scopes", List.of("view", "manage"));
    body.putPOJO("policies", List.of("helper-policy"));
    expect(m.put(authz() + "/permission/scope/" + permissionId, body), 201, 204);
  }

  private String authz() {
    String client =
        realm.master().get(realm.path("")).json().at("/adminPermissionsClient/id").asText();
    assertThat(client).as("admin-permissions client").isNotBlank();
    return realm.path("/clients/" + client + "/authz/resource-server");
  }

  private static List<CSVRecord> csv(byte[] bytes) {
    assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader() // the first line names the columns
            .build()
            .parse(
                new InputStreamReader(
                    new ByteArrayInputStream(bytes, 3, bytes.length - 3),
                    StandardCharsets.UTF_8))) {
      assertThat(parser.getHeaderNames()).startsWith("kind", "userId", "username", "email");
      return parser.getRecords();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sheet's rows below its header, by header name, as text. */
  private static List<Map<String, String>> rows(Sheet sheet) {
    DataFormatter formatter = new DataFormatter();
    Row header = sheet.getRow(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (Row row : sheet) {
      if (row.getRowNum() == 0) {
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < header.getLastCellNum(); i++) {
        values.put(
            header.getCell(i).getStringCellValue(), formatter.formatCellValue(row.getCell(i)));
      }
      rows.add(values);
    }
    return rows;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void expectError(TestResponse r, int status, String key) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).isEqualTo(key);
  }

  private static void expect(TestResponse r, int... statuses) {
    for (int status : statuses) {
      if (r.status() == status) {
        return;
      }
    }
    throw new AssertionError("expected " + java.util.Arrays.toString(statuses) + " but got " + r);
  }
}
