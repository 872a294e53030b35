package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What the server leaves behind on the shared test Keycloak: no upload or report file in its
 * temporary folder after uploads that fail, no log4j "no logging provider" error after POI wrote a
 * spreadsheet, and the start-up checks of the options as they ran against Keycloak's own pool.
 */
// Alone: it looks at the shared server's temporary folder, where other classes' uploads come and
// go.
@Isolated
@ExtendWith(KeycloakServerExtension.class)
class HousekeepingIT {

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
    realm.createUser("alice", "alice@example.org");
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void uploadsThatFailLeaveNoFileInTheServersTemporaryFolder() throws IOException {
    // The server keeps its temporary files in a folder of the product's own, made at start.
    assertThat(kc.tempFiles()).anyMatch(f -> f.matches("academy-offboarding-[^/]+/"));

    // A corrupt workbook: copied to a temporary file, then refused by the reader.
    byte[] corrupt = new byte[64 * 1024];
    System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, corrupt, 0, 4);
    TestResponse broken =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE"),
            "file",
            "leavers.xlsx",
            corrupt,
            XLSX);
    assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
    assertThat(broken.text()).contains("bulk.corrupt-file");

    // An empty file: copied (nothing), then refused by the reader.
    TestResponse empty =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE"),
            "file",
            "leavers.csv",
            new byte[0],
            "text/csv");
    assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
    assertThat(empty.text()).contains("bulk.empty-file");

    // And one that works, for comparison.
    TestResponse good =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE"),
            "file",
            "leavers.xlsx",
            xlsx("E-mail", "alice@example.org"),
            XLSX);
    assertThat(good.status()).as(good.toString()).isEqualTo(201);

    List<String> left = kc.tempFiles();
    assertThat(left)
        .as("upload files left in the server's temporary folder: %s", left)
        .noneMatch(f -> f.contains("academy-upload-"));
  }

  @Test
  void poiWritesItsSpreadsheetsWithoutLog4jsMissingProviderError() throws IOException {
    TestResponse created =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE"),
            "file",
            "leavers.xlsx",
            xlsx("E-mail", "alice@example.org", "ghost@example.org"),
            XLSX);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();

    TestResponse report =
        admin.get(realm.path("/bulk-users/imports/" + id + "/report?format=xlsx"));
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.body()).startsWith((byte) 'P', (byte) 'K');
    TestResponse export = admin.get(realm.path("/bulk-users/imports/" + id + "/academy-data"));
    assertThat(export.status()).as(export.toString()).isEqualTo(200);

    assertThat(kc.log()).doesNotContain("Log4j API could not find a logging provider");
    // The report's file and POI's buffers are gone once the download ended.
    List<String> left =
        BulkFlow.await(
            () -> {
              List<String> files = kc.tempFiles();
              return files.stream()
                      .noneMatch(f -> f.contains("academy-report-") || f.contains("poi-sxssf"))
                  ? files
                  : null;
            },
            Duration.ofSeconds(10),
            "no report or POI file left");
    assertThat(left).noneMatch(f -> f.contains("academy-upload-"));
  }

  @Test
  void theStartUpChecksReadKeycloaksPoolAndWarnOncePerProblem() {
    String log = kc.log();
    // Keycloak's db-pool-max-size default (100), not Quarkus's own (20): read through Keycloak.
    assertThat(log).contains("Bulk settings checked against a database pool of 100 connections");
    // The build runs the tests with a 10 s lease (kc.it.options) and the default job-batch-size of
    // 50: one warning at each start of the server, no more.
    long starts =
        log.lines().filter(l -> l.contains("Bulk import scheduler started on node")).count();
    long warnings =
        log.lines()
            .filter(l -> l.contains("bulk-users SPI option lease (10 s) is shorter"))
            .count();
    assertThat(starts).isPositive();
    assertThat(warnings).as("lease warnings, one per start").isEqualTo(starts);
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
}
