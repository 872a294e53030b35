package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.parse.RealWriters.Sheet;
import io.github.academyoffboarding.bulk.parse.RealWriters.Writer;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's cases over HTTP, on a workbook SheetJS writes at test time: the preview reads the
 * data sheet past a summary sheet and a title, says where ({@code sheet}, {@code sheetCount},
 * {@code headerRow}, also on GET), matches the address SheetJS wrote with an escaped carriage
 * return, and makes the rows with invisible characters INVALID with their own key and parameters.
 */
@ExtendWith(KeycloakServerExtension.class)
class ReaderPreviewIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  @TempDir Path dir;

  private TestRealm realm;
  private AdminClient admin;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    realm = TestRealm.create(kc);
    admin = realm.admin();
    realm.createUser("u00082", "u00082@example.org");
    realm.createUser("zwsp", "zwsp@example.org");
    realm.createUser("fay", "fay@example.org");
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aSheetJsWorkbookWithASummaryATitleAndInvisibleCharacters() throws IOException {
    byte[] xlsx = RealWriters.write(Writer.SHEETJS, RealWriterWorkbooksTest.LEAVERS, dir);
    TestResponse r = upload("leavers.xlsx", xlsx, XLSX);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonNode preview = r.json();
    assertThat(preview.get("sheet").asText()).isEqualTo("Leavers");
    assertThat(preview.get("sheetCount").asInt()).isEqualTo(2);
    assertThat(preview.get("headerRow").asInt()).isEqualTo(3);
    assertThat(preview.at("/summary/totalRows").asInt()).isEqualTo(6);
    assertThat(preview.at("/summary/toProcess").asInt()).as("u00082 and fay").isEqualTo(2);
    assertThat(preview.at("/summary/invalid").asInt()).isEqualTo(4);
    assertThat(preview.at("/summary/notFound").asInt()).isZero();

    JsonNode again =
        admin.get(realm.path("/bulk-users/imports/" + preview.get("id").asText())).json();
    assertThat(again.get("sheet").asText()).isEqualTo("Leavers");
    assertThat(again.get("headerRow").asInt()).isEqualTo(3);

    List<String> invalid = new ArrayList<>();
    for (JsonNode row :
        admin
            .get(
                realm.path(
                    "/bulk-users/imports/" + preview.get("id").asText() + "/rows?status=INVALID"))
            .json()) {
      assertThat(row.get("messageKey").asText()).isEqualTo("bulk.row.invisible-character");
      assertThat(row.get("message").asText()).contains("invisible character");
      invalid.add(
          row.get("rowNumber").asInt()
              + " "
              + row.get("messageParams").get(0).asText()
              + " @"
              + row.get("messageParams").get(1).asText());
    }
    assertThat(invalid)
        .containsExactly(
            "5 U+200B ZERO WIDTH SPACE @3",
            "6 U+200B ZERO WIDTH SPACE @15",
            "7 U+00AD SOFT HYPHEN @5",
            "8 U+200F RIGHT-TO-LEFT MARK @4");
  }

  @Test
  void withoutAHeaderOnAnySheetThe400NamesTheSheets() throws IOException {
    byte[] xlsx =
        RealWriters.write(
            Writer.SHEETJS,
            List.of(
                new Sheet("Summary", List.of(List.of("Leavers: 1"))),
                new Sheet("Addresses", List.of(List.of("fay@example.org")))),
            dir);
    TestResponse r = upload("nothing.xlsx", xlsx, XLSX);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("bulk.no-header");
    assertThat(r.json().get("errorDescription").asText()).contains("'Summary', 'Addresses'");
  }

  @Test
  void aCsvWithATitleSaysItsHeaderRowAndNoSheet() {
    TestResponse r =
        upload(
            "leavers.csv",
            "Leavers December\n\nemail\nfay@example.org\n".getBytes(StandardCharsets.UTF_8),
            "text/csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("headerRow").asInt()).isEqualTo(3);
    assertThat(r.json().path("sheet").isMissingNode() || r.json().get("sheet").isNull()).isTrue();
    assertThat(r.json().at("/summary/toProcess").asInt()).isEqualTo(1);
  }

  /**
   * A NUL character (an xlsx cell's {@code _x0000_}, a JSON string's escaped NUL) makes the row
   * INVALID and is stored as U+2400: PostgreSQL refuses a NUL in a text column, which was a 500.
   */
  @Test
  void aNulCharacterIsAnInvalidRowOnEveryDatabase() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sheet(
                "users",
                "<row r=\"1\">"
                    + XlsxFixtures.inline("A1", "email")
                    + "</row><row r=\"2\">"
                    + XlsxFixtures.inline("A2", "fay_x0000_@example.org")
                    + "</row><row r=\"3\"><c r=\"A3\" t=\"str\"><v>fay@example.org</v></c></row>")
            .bytes();
    TestResponse r = upload("nul.xlsx", xlsx, XLSX);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().at("/summary/invalid").asInt()).isEqualTo(1);
    assertThat(r.json().at("/summary/toProcess").asInt()).isEqualTo(1);
    JsonNode row =
        admin
            .get(
                realm.path(
                    "/bulk-users/imports/" + r.json().get("id").asText() + "/rows?status=INVALID"))
            .json()
            .get(0);
    assertThat(row.get("identifier").asText()).isEqualTo("fay\u2400@example.org");
    assertThat(row.get("messageKey").asText()).isEqualTo("bulk.row.invalid-control-characters");

    TestResponse json =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE", "identifiers", List.of("fay\u0000@example.org")));
    assertThat(json.status()).as(json.toString()).isEqualTo(201);
    assertThat(json.json().at("/summary/invalid").asInt()).isEqualTo(1);
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
}
