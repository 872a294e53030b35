package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.bulk.dates.DueTimes;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dated rows through the preview over HTTP: a CSV with dates, a bad date and an until before its
 * date; the JSON body's rows; a workbook whose dates are date cells written by LibreOffice. Due
 * times are checked against the server's time-zone as GET settings reports it.
 */
@ExtendWith(KeycloakServerExtension.class)
class DatedPreviewIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient admin;
  private ZoneId zone;

  @TempDir Path dir;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    admin = realm.admin();
    TestResponse settings = admin.get(realm.path("/bulk-users/settings"));
    assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
    zone = ZoneId.of(settings.json().get("timeZone").asText());
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  private String endOf(String date) {
    return DueTimes.endOf(LocalDate.parse(date), zone).toString();
  }

  private TestResponse upload(String name, byte[] content, String type) {
    return admin.postMultipart(
        realm.path("/bulk-users/imports"),
        Map.of("action", "DEACTIVATE"),
        "file",
        name,
        content,
        type);
  }

  @Test
  void aCsvWithDatesGivesDueTimesInvalidRowsAndACalendar() {
    for (String u : List.of("ann", "bob", "cas", "dirk", "eva", "fay")) {
      realm.createUser(u, u + "@example.org");
    }
    String csv =
        "email,date,until\n"
            + "ann@example.org,2027-01-31,\n"
            + "bob@example.org,2027-01-31,2027-03-31\n"
            + "cas@example.org,01/02/2027,\n"
            + "dirk@example.org,2027-02-01,2027-01-31\n"
            + "eva@example.org,,\n"
            + "fay@example.org,2027-02-28,\n";
    TestResponse created = upload("leavers.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode preview = created.json();
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(4);
    assertThat(preview.at("/summary/invalid").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/dated").asInt()).isEqualTo(3);
    assertCalendar(preview.get("calendar"));
    // GET imports/{id} shows the same calendar.
    assertCalendar(flow.get(preview.get("id").asText()).get("calendar"));

    List<JsonNode> rows = flow.rows(preview.get("id").asText());
    assertThat(rows).hasSize(6);
    JsonNode ann = rows.get(0);
    assertThat(ann.get("status").asText()).isEqualTo("MATCHED");
    assertThat(ann.get("date").asText()).isEqualTo("2027-01-31");
    assertThat(ann.get("dueAt").asText()).isEqualTo(endOf("2027-01-31"));
    assertThat(ann.has("untilAt") && !ann.get("untilAt").isNull()).isFalse();
    JsonNode bob = rows.get(1);
    assertThat(bob.get("until").asText()).isEqualTo("2027-03-31");
    assertThat(bob.get("untilAt").asText()).isEqualTo(endOf("2027-03-31"));
    JsonNode cas = rows.get(2);
    assertThat(cas.get("status").asText()).isEqualTo("INVALID");
    assertThat(cas.get("messageKey").asText()).isEqualTo("bulk.row.invalid-date");
    assertThat(cas.get("messageParams").get(0).asText()).isEqualTo("01/02/2027");
    assertThat(cas.get("message").asText()).contains("01/02/2027").contains("YYYY-MM-DD");
    JsonNode dirk = rows.get(3);
    assertThat(dirk.get("status").asText()).isEqualTo("INVALID");
    assertThat(dirk.get("messageKey").asText()).isEqualTo("bulk.row.until-before-date");
    JsonNode eva = rows.get(4);
    assertThat(eva.get("status").asText()).isEqualTo("MATCHED");
    assertThat(eva.path("dueAt").isMissingNode() || eva.get("dueAt").isNull()).isTrue();

    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_BULK_IMPORT_ROW where IMPORT_ID = ?"
                        + " and DUE_AT is not null and LEAVE_DATE is not null",
                    preview.get("id").asText()))
        .isEqualTo(3);
  }

  private void assertCalendar(JsonNode calendar) {
    assertThat(calendar).hasSize(3);
    assertThat(calendar.get(0).get("date").asText()).isEqualTo("2027-01-31");
    assertThat(calendar.get(0).get("action").asText()).isEqualTo("DEACTIVATE");
    assertThat(calendar.get(0).get("dueAt").asText()).isEqualTo(endOf("2027-01-31"));
    assertThat(calendar.get(0).get("users").asInt()).isEqualTo(2);
    assertThat(calendar.get(1).get("date").asText()).isEqualTo("2027-02-28");
    assertThat(calendar.get(1).get("users").asInt()).isEqualTo(1);
    assertThat(calendar.get(2).get("date").asText()).isEqualTo("2027-03-31");
    assertThat(calendar.get(2).get("action").asText()).isEqualTo("REACTIVATE");
    assertThat(calendar.get(2).get("dueAt").asText()).isEqualTo(endOf("2027-03-31"));
    assertThat(calendar.get(2).get("users").asInt()).isEqualTo(1);
  }

  @Test
  void theJsonBodyTakesRowsWithDatesButNotBesideIdentifiers() {
    realm.createUser("ann", "ann@example.org");
    realm.createUser("bob", "bob@example.org");
    TestResponse both =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "identifiers",
                List.of("ann@example.org"),
                "rows",
                List.of(Map.of("identifier", "bob@example.org"))));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("error").asText()).isEqualTo("bulk.identifiers-and-rows");
    assertThat(flow.importsInDatabase()).isZero();

    TestResponse dated =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "deleteAfter",
                "P30D",
                "rows",
                List.of(
                    Map.of("identifier", "ann@example.org", "date", "2027-06-30"),
                    Map.of("identifier", "bob@example.org", "date", "2027-6-30"))));
    assertThat(dated.status()).as(dated.toString()).isEqualTo(201);
    assertThat(dated.json().at("/summary/dated").asInt()).isEqualTo(1);
    assertThat(dated.json().at("/summary/invalid").asInt()).isEqualTo(1);
    List<JsonNode> rows = flow.rows(dated.json().get("id").asText());
    assertThat(rows.get(0).get("dueAt").asText()).isEqualTo(endOf("2027-06-30"));
    assertThat(rows.get(1).get("messageKey").asText()).isEqualTo("bulk.row.invalid-date");
    assertThat(rows.get(1).get("messageParams").get(0).asText()).isEqualTo("2027-6-30");
    JsonNode calendar = dated.json().get("calendar");
    assertThat(calendar).hasSize(1);
    assertThat(calendar.get(0).get("action").asText()).isEqualTo("DELETE");
  }

  /** LibreOffice writes a date cell as a serial number with its date format (dd.mm.yyyy here). */
  @Test
  void dateCellsOfALibreOfficeWorkbookAreTheirDates() throws IOException {
    realm.createUser("ann", "ann@example.org");
    realm.createUser("bob", "bob@example.org");
    byte[] xlsx = libreOfficeWorkbook();
    TestResponse created = upload("leavers.xlsx", xlsx, XLSX);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    List<JsonNode> rows = flow.rows(created.json().get("id").asText());
    assertThat(rows.get(0).get("status").asText()).isEqualTo("MATCHED");
    assertThat(rows.get(0).get("date").asText()).isEqualTo("2027-01-31");
    assertThat(rows.get(0).get("until").asText()).isEqualTo("2027-03-31");
    assertThat(rows.get(0).get("dueAt").asText()).isEqualTo(endOf("2027-01-31"));
    // Text that is not ISO stays text, and the row says so.
    assertThat(rows.get(1).get("status").asText()).isEqualTo("INVALID");
    assertThat(rows.get(1).get("messageParams").get(0).asText()).isEqualTo("31/01/2027");
  }

  private byte[] libreOfficeWorkbook() throws IOException {
    String fods =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document
          xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
          xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
          xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
          xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
          xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
          office:version="1.3"
          office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
         <office:automatic-styles>
          <number:date-style style:name="N1">
           <number:day number:style="long"/><number:text>.</number:text>
           <number:month number:style="long"/><number:text>.</number:text>
           <number:year number:style="long"/>
          </number:date-style>
          <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
         </office:automatic-styles>
         <office:body>
          <office:spreadsheet>
           <table:table table:name="users">
            <table:table-row>
             <table:table-cell office:value-type="string"><text:p>email</text:p></table:table-cell>
             <table:table-cell office:value-type="string"><text:p>date</text:p></table:table-cell>
             <table:table-cell office:value-type="string"><text:p>until</text:p></table:table-cell>
            </table:table-row>
            <table:table-row>
             <table:table-cell office:value-type="string"><text:p>ann@example.org</text:p></table:table-cell>
             <table:table-cell table:style-name="ce1" office:value-type="date"
                 office:date-value="2027-01-31"><text:p>31.01.2027</text:p></table:table-cell>
             <table:table-cell table:style-name="ce1" office:value-type="date"
                 office:date-value="2027-03-31"><text:p>31.03.2027</text:p></table:table-cell>
            </table:table-row>
            <table:table-row>
             <table:table-cell office:value-type="string"><text:p>bob@example.org</text:p></table:table-cell>
             <table:table-cell office:value-type="string"><text:p>31/01/2027</text:p></table:table-cell>
            </table:table-row>
           </table:table>
          </office:spreadsheet>
         </office:body>
        </office:document>
        """;
    return HiddenRowWorkbooks.convert(fods, dir);
  }
}
