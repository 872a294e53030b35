package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bulk flow end to end over HTTP: preview, commit, job, report, against a real Keycloak. */
@ExtendWith(KeycloakServerExtension.class)
class BulkImportIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private KeycloakServer kc;
  private TestRealm realm;
  private AdminClient admin;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    admin = realm.admin();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void previewGivesEveryStatusAndChangesNoUser() {
    String alice = realm.createUser("alice", "alice@example.org");
    realm.createUser("bob", "bob@example.org");
    String carol = realm.createUser("carol", "carol@example.org");
    admin.put(realm.path("/users/" + carol), Map.of("enabled", false));
    realm.createUserWithRoles("dora", "dora@example.org", "realm-admin");
    addAcademyData(alice, 3, 2);

    TestResponse r =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "identifiers",
                List.of(
                    " Alice@Example.org ",
                    "nobody@example.org",
                    "alice@example.org",
                    "not-an-email",
                    "",
                    "realm-admin@" + realm.name() + ".test",
                    "dora@example.org",
                    "carol@example.org",
                    "bob@example.org")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.location()).endsWith("/bulk-users/imports/" + r.json().get("id").asText());
    JsonNode summary = r.json().get("summary");
    assertThat(r.json().get("status").asText()).isEqualTo("PREVIEW");
    assertThat(summary.get("totalRows").asInt()).isEqualTo(9);
    assertThat(summary.get("toProcess").asInt()).isEqualTo(2);
    assertThat(summary.get("notFound").asInt()).isEqualTo(1);
    assertThat(summary.get("duplicate").asInt()).isEqualTo(1);
    assertThat(summary.get("invalid").asInt()).isEqualTo(2);
    assertThat(summary.get("protected").asInt()).isEqualTo(2);
    assertThat(summary.get("unchanged").asInt()).isEqualTo(1);

    String id = r.json().get("id").asText();
    List<String> statuses = new ArrayList<>();
    for (JsonNode row :
        admin.get(realm.path("/bulk-users/imports/" + id + "/rows?max=50")).json()) {
      statuses.add(row.get("status").asText());
    }
    assertThat(statuses)
        .containsExactly(
            "MATCHED",
            "NOT_FOUND",
            "DUPLICATE",
            "INVALID",
            "INVALID",
            "PROTECTED",
            "PROTECTED",
            "UNCHANGED",
            "MATCHED");
    TestResponse protectedRows =
        admin.get(realm.path("/bulk-users/imports/" + id + "/rows?status=PROTECTED"));
    assertThat(protectedRows.header("X-Total-Count")).isEqualTo("2");
    assertThat(admin.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean()).isTrue();
  }

  @Test
  void xlsxDeleteRemovesUsersAndTheirAcademyData() throws Exception {
    String alice = realm.createUser("alice", "alice@example.org");
    String bob = realm.createUser("bob", "bob@example.org");
    String keep = realm.createUser("keep", "keep@example.org");
    addAcademyData(alice, 2, 1);
    addAcademyData(bob, 1, 0);
    addAcademyData(keep, 4, 2);

    TestResponse created =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE"),
            "file",
            "leavers.xlsx",
            xlsx("E-mail", "ALICE@example.org", "bob@example.org", "ghost@example.org"),
            XLSX);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode preview = created.json();
    assertThat(preview.get("fileName").asText()).isEqualTo("leavers.xlsx");
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/learningRecords").asLong()).isEqualTo(3);
    assertThat(preview.at("/summary/certificates").asLong()).isEqualTo(1);
    assertThat(admin.get(realm.path("/users/" + alice)).status()).isEqualTo(200);

    String id = preview.get("id").asText();
    TestResponse commit = admin.post(realm.path("/bulk-users/imports/" + id + "/commit"), null);
    assertThat(commit.status()).as(commit.toString()).isEqualTo(202);
    JsonNode done = awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(2);
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(2);
    assertThat(done.at("/outcomes/DELETED").asLong()).isEqualTo(2);

    assertThat(admin.get(realm.path("/users/" + alice)).status()).isEqualTo(404);
    assertThat(admin.get(realm.path("/users/" + bob)).status()).isEqualTo(404);
    assertThat(academyRows(alice) + academyRows(bob)).isZero();
    assertThat(academyRows(keep)).isEqualTo(6);

    // A second commit does nothing new.
    assertThat(admin.post(realm.path("/bulk-users/imports/" + id + "/commit"), Map.of()).status())
        .isEqualTo(202);
    assertThat(
            admin
                .get(realm.path("/bulk-users/imports/" + id))
                .json()
                .at("/progress/processed")
                .asInt())
        .isEqualTo(2);

    // One admin event per deleted user, recorded as Keycloak's own endpoint records it.
    TestResponse report = admin.get(realm.path("/bulk-users/imports/" + id + "/report?format=csv"));
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.text()).contains("DELETED").contains(alice).contains("NOT_FOUND");
    TestResponse xlsxReport =
        admin.get(realm.path("/bulk-users/imports/" + id + "/report?format=xlsx"));
    assertThat(xlsxReport.status()).isEqualTo(200);
    assertThat(xlsxReport.body()).startsWith((byte) 'P', (byte) 'K');
  }

  @Test
  void deactivateKeepsAcademyDataAndEndsSessionsThenReactivate() {
    String alice = realm.createUser("alice", "alice@example.org");
    addAcademyData(alice, 2, 2);
    AdminClient aliceSession = realm.login("alice");
    assertThat(aliceSession.tryRefresh().status()).isEqualTo(200);

    String id =
        admin
            .post(
                realm.path("/bulk-users/imports"),
                Map.of("action", "DEACTIVATE", "identifiers", List.of("alice@example.org")))
            .json()
            .get("id")
            .asText();
    admin.post(realm.path("/bulk-users/imports/" + id + "/commit"), null);
    assertThat(awaitEnd(id).at("/outcomes/DEACTIVATED").asLong()).isEqualTo(1);

    assertThat(admin.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean())
        .isFalse();
    assertThat(academyRows(alice)).isEqualTo(4);
    assertThat(aliceSession.tryRefresh().status()).isEqualTo(400);

    String again =
        admin
            .post(
                realm.path("/bulk-users/imports"),
                Map.of(
                    "action", "REACTIVATE", "matchBy", "USERNAME", "identifiers", List.of("ALICE")))
            .json()
            .get("id")
            .asText();
    admin.post(realm.path("/bulk-users/imports/" + again + "/commit"), null);
    assertThat(awaitEnd(again).at("/outcomes/REACTIVATED").asLong()).isEqualTo(1);
    assertThat(admin.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean()).isTrue();
  }

  @Test
  void badFilesAreRefusedAndCreateNothing() throws Exception {
    realm.createUser("alice", "alice@example.org");
    assertRefused(
        "corrupt.xlsx",
        "PK\u0003\u0004 this is not a zip".getBytes(StandardCharsets.ISO_8859_1),
        400,
        "bulk.corrupt-file");
    assertRefused(
        "old.xls",
        new byte[] {
          (byte) 0xD0,
          (byte) 0xCF,
          0x11,
          (byte) 0xE0,
          (byte) 0xA1,
          (byte) 0xB1,
          0x1A,
          (byte) 0xE1,
          0,
          0,
          0,
          0
        },
        415,
        "bulk.unsupported-format");
    assertRefused("empty.csv", new byte[0], 400, "bulk.empty-file");
    assertRefused(
        "noheader.csv",
        "alice@example.org\nbob@example.org\n".getBytes(StandardCharsets.UTF_8),
        400,
        "bulk.no-header");
    assertThat(admin.get(realm.path("/bulk-users/imports")).json()).isEmpty();

    TestResponse badAction =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "EXPLODE", "identifiers", List.of("a@b.c")));
    assertThat(badAction.status()).isEqualTo(400);
    assertThat(badAction.json().get("error").asText()).isEqualTo("bulk.invalid-action");
  }

  @Test
  void permissions() {
    realm.createUserWithRoles("viewer", "viewer@example.org", "view-users");
    AdminClient viewer = realm.login("viewer");
    Map<String, Object> body =
        Map.of("action", "DELETE", "identifiers", List.of("viewer@example.org"));

    assertThat(AdminClient.anonymous(kc).get(realm.path("/bulk-users/imports")).status())
        .isEqualTo(401);
    assertThat(viewer.get(realm.path("/bulk-users/imports")).status()).isEqualTo(200);
    TestResponse denied = viewer.post(realm.path("/bulk-users/imports"), body);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("error").asText()).isEqualTo("bulk.forbidden");

    String id = admin.post(realm.path("/bulk-users/imports"), body).json().get("id").asText();
    assertThat(viewer.post(realm.path("/bulk-users/imports/" + id + "/commit"), null).status())
        .isEqualTo(403);

    try (TestRealm other = TestRealm.create(kc)) {
      AdminClient foreign = other.admin();
      assertThat(foreign.get(realm.path("/bulk-users/imports")).status()).isEqualTo(403);
      assertThat(foreign.get(realm.path("/bulk-users/imports/" + id)).status()).isEqualTo(403);
      assertThat(foreign.get(other.path("/bulk-users/imports/" + id)).status()).isEqualTo(404);
    }
  }

  private void assertRefused(String name, byte[] content, int status, String key) {
    TestResponse r =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE"),
            "file",
            name,
            content,
            "application/octet-stream");
    assertThat(r.status()).as(name + ": " + r).isEqualTo(status);
    assertThat(r.json().get("error").asText()).as(name).isEqualTo(key);
  }

  private JsonNode awaitEnd(String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode imp = admin.get(realm.path("/bulk-users/imports/" + id)).json();
      if (!imp.get("status").asText().equals("RUNNING")) {
        return imp;
      }
      sleep(200);
    }
    throw new AssertionError("import " + id + " did not finish");
  }

  private void addAcademyData(String userId, int records, int certificates) {
    for (int i = 0; i < records; i++) {
      TestResponse r =
          admin.post(
              realm.path("/academy/users/" + userId + "/learning-records"),
              Map.of(
                  "courseId",
                  "course-" + i,
                  "courseName",
                  "Course " + i,
                  "status",
                  "COMPLETED",
                  "score",
                  80));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    for (int i = 0; i < certificates; i++) {
      TestResponse r =
          admin.post(
              realm.path("/academy/users/" + userId + "/certificates"),
              Map.of(
                  "courseId",
                  "course-" + i,
                  "title",
                  "Certificate " + i,
                  "serial",
                  userId + "-" + i,
                  "issuedAt",
                  "2026-01-15T10:00:00Z"));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
  }

  private long academyRows(String userId) {
    return kc.database()
            .count("select count(*) from ACADEMY_LEARNING_RECORD where USER_ID = ?", userId)
        + kc.database().count("select count(*) from ACADEMY_CERTIFICATE where USER_ID = ?", userId);
  }

  private static byte[] xlsx(String header, String... values) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = wb.createSheet("users");
      sheet.createRow(0).createCell(0).setCellValue(header);
      for (int i = 0; i < values.length; i++) {
        sheet.createRow(i + 1).createCell(0).setCellValue(values[i]);
      }
      wb.write(out);
      return out.toByteArray();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
