package io.github.academyoffboarding.bulk.parse;

import static io.github.academyoffboarding.bulk.parse.XlsxFixtures.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.academyoffboarding.bulk.MatchBy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the reader finds the header (below a title, on another sheet than the first) and how it
 * reads text cells of every type (the {@code _xHHHH_} escapes).
 */
class HeaderSearchTest {

  @TempDir Path dir;

  // --- _xHHHH_ escapes (ECMA-376 ST_Xstring) ---

  @Test
  void escapesAreDecodedAndAnEscapedUnderscoreStaysLiteral() {
    assertThat(XlsxXml.decodeEscapes("a@example.org_x000D_")).isEqualTo("a@example.org\r");
    assertThat(XlsxXml.decodeEscapes("a_x000d_b")).isEqualTo("a\rb");
    assertThat(XlsxXml.decodeEscapes("first_x005F_last")).isEqualTo("first_last");
    // _x005F_ escapes the underscore of what would otherwise read as an escape
    assertThat(XlsxXml.decodeEscapes("_x005F_x000D_")).isEqualTo("_x000D_");
    assertThat(XlsxXml.decodeEscapes("_xD83D__xDE00_")).isEqualTo("\uD83D\uDE00");
    // not escapes: stay as written
    assertThat(XlsxXml.decodeEscapes("first_last")).isEqualTo("first_last");
    assertThat(XlsxXml.decodeEscapes("_xZZZZ_")).isEqualTo("_xZZZZ_");
    assertThat(XlsxXml.decodeEscapes("_x00D_")).isEqualTo("_x00D_");
    assertThat(XlsxXml.decodeEscapes("_x000D")).isEqualTo("_x000D");
    assertThat(XlsxXml.decodeEscapes("_X000D_")).isEqualTo("_X000D_");
  }

  /** The same text as a shared string, an inline string and a {@code t="str"} cell reads alike. */
  @Test
  void everyTextCellTypeDecodesEscapes() {
    String address = "u00082@example.org_x000D_";
    String under = "first_x005F_x000D_@example.org";
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sharedStrings("email", address, under)
            .sheet(
                "users",
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"
                    + "<row r=\"3\">"
                    + inline("A3", address)
                    + "</row>"
                    + "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>A2</f><v>"
                    + address
                    + "</v></c></row>"
                    + "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>2</v></c></row>"
                    + "<row r=\"6\">"
                    + inline("A6", under)
                    + "</row>"
                    + "<row r=\"7\"><c r=\"A7\" t=\"str\"><v>"
                    + under
                    + "</v></c></row>")
            .bytes();
    Upload upload = Upload.read(dir, "users.xlsx", xlsx);
    assertThat(upload.values())
        .containsExactly(
            "u00082@example.org",
            "u00082@example.org",
            "u00082@example.org",
            "first_x000D_@example.org",
            "first_x000D_@example.org",
            "first_x000D_@example.org");
  }

  // --- the header below a title ---

  @Test
  void theHeaderMayFollowATitleAndBlankRows() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sheet(
                "Leavers",
                "<row r=\"1\">"
                    + inline("A1", "Leavers December")
                    + "</row><row r=\"2\"/>"
                    + "<row r=\"3\">"
                    + inline("A3", "Name")
                    + inline("B3", "E-mail")
                    + "</row><row r=\"4\">"
                    + inline("A4", "Ann")
                    + inline("B4", "ann@example.org")
                    + "</row>")
            .bytes();
    Upload upload = Upload.read(dir, "leavers.xlsx", xlsx);
    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(tuple(4, "ann@example.org"));
    assertThat(upload.result.headerRowNumber()).isEqualTo(3);
    assertThat(upload.result.sheetName()).isEqualTo("Leavers");
    assertThat(upload.result.sheetCount()).isEqualTo(1);
    assertThat(upload.result.columnHeader()).isEqualTo("E-mail");
  }

  @Test
  void aCsvHeaderMayFollowTitleLinesAndTheDelimiterIsTheHeaders() {
    String csv = "Leavers December\n\nExported 2026-12-01\nname;email\nAnn;ann@example.org\n";
    Upload upload = Upload.read(dir, "leavers.csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(tuple(5, "ann@example.org"));
    assertThat(upload.result.headerRowNumber()).isEqualTo(4);
  }

  /** The 20th row with content may be the header; the 21st is not looked at. */
  @Test
  void theHeaderIsLookedForInTheFirstTwentyRowsWithContent() {
    assertThat(csvWithTitleLines(HeaderMatcher.SEARCH_ROWS - 1).result.headerRowNumber())
        .isEqualTo(2 * HeaderMatcher.SEARCH_ROWS - 1);
    BulkFileException e =
        catchThrowableOfType(
            BulkFileException.class, () -> csvWithTitleLines(HeaderMatcher.SEARCH_ROWS));
    assertThat(e.messageKey()).isEqualTo("bulk.no-header");
    assertThat(e.englishText()).contains("first 20 rows");

    assertThat(xlsxWithTitleRows(HeaderMatcher.SEARCH_ROWS - 1).result.headerRowNumber())
        .isEqualTo(2 * HeaderMatcher.SEARCH_ROWS - 1);
    BulkFileException x =
        catchThrowableOfType(
            BulkFileException.class, () -> xlsxWithTitleRows(HeaderMatcher.SEARCH_ROWS));
    assertThat(x.messageKey()).isEqualTo("bulk.no-header");
    assertThat(x.englishText()).contains("'users'");
  }

  /** Title lines, each followed by a blank line (blank lines do not count), then the header. */
  private Upload csvWithTitleLines(int titles) {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < titles; i++) {
      csv.append("note ").append(i).append("\n\n");
    }
    csv.append("email\nann@example.org\n");
    return Upload.read(dir, "notes.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Upload xlsxWithTitleRows(int titles) {
    StringBuilder rows = new StringBuilder();
    int r = 1;
    for (int i = 0; i < titles; i++, r += 2) {
      rows.append("<row r=\"").append(r).append("\">").append(inline("A" + r, "note " + i));
      rows.append("</row>");
    }
    rows.append("<row r=\"").append(r).append("\">").append(inline("A" + r, "email"));
    rows.append("</row><row r=\"").append(r + 1).append("\">");
    rows.append(inline("A" + (r + 1), "ann@example.org")).append("</row>");
    return Upload.read(
        dir, "notes.xlsx", XlsxFixtures.workbook().sheet("users", rows.toString()).bytes());
  }

  /** A row that resolves blank (shared strings of spaces) is not the header nor a title. */
  @Test
  void rowsOfBlankSharedStringsAreSkipped() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sharedStrings("  ", "email", "ann@example.org")
            .sheet(
                "users",
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    + "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>"
                    + "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>2</v></c></row>")
            .bytes();
    Upload upload = Upload.read(dir, "users.xlsx", xlsx);
    assertThat(upload.result.headerRowNumber()).isEqualTo(2);
    assertThat(upload.values()).containsExactly("ann@example.org");
  }

  // --- another sheet than the first ---

  @Test
  void aSummarySheetBeforeTheDataIsPassedOver() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sheet("Summary", "<row r=\"1\">" + inline("A1", "Leavers: 1") + "</row>")
            .sheet("Hidden", "hidden", sheetWith("email", "hidden@example.org"))
            .chartSheet("Chart")
            .sheet("Data", null, sheetWith("email", "ann@example.org"))
            .bytes();
    Upload upload = Upload.read(dir, "leavers.xlsx", xlsx);
    assertThat(upload.values()).containsExactly("ann@example.org");
    assertThat(upload.result.sheetName()).isEqualTo("Data");
    assertThat(upload.result.sheetCount()).isEqualTo(2);
    assertThat(upload.result.headerRowNumber()).isEqualTo(1);
  }

  @Test
  void aSheetWithTheWantedColumnWinsOverAnEarlierHeaderWithoutIt() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sheet("Ids", null, sheetWith("id", "1234"))
            .sheet("Mails", null, sheetWith("email", "ann@example.org"))
            .bytes();
    assertThat(Upload.read(dir, "two.xlsx", xlsx).result.sheetName()).isEqualTo("Mails");
    BulkFileException e =
        catchThrowableOfType(
            BulkFileException.class,
            () -> Upload.read(dir, "two.xlsx", xlsx, MatchBy.USERNAME, ParseLimits.defaults()));
    assertThat(e.messageKey()).isEqualTo("bulk.missing-column");
  }

  @Test
  void withoutAHeaderOnAnySheetThe400NamesTheSheetsRead() {
    byte[] xlsx =
        XlsxFixtures.workbook()
            .sheet("Summary", "<row r=\"1\">" + inline("A1", "Leavers: 2") + "</row>")
            .sheet("Empty", "")
            .sheet("Data", "<row r=\"1\">" + inline("A1", "ann@example.org") + "</row>")
            .bytes();
    BulkFileException e =
        catchThrowableOfType(BulkFileException.class, () -> Upload.read(dir, "x.xlsx", xlsx));
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.messageKey()).isEqualTo("bulk.no-header");
    assertThat(e.englishText()).contains("'Summary', 'Data'").contains("'Empty' empty");

    byte[] empty = XlsxFixtures.workbook().sheet("A", "").sheet("B", "").bytes();
    BulkFileException none =
        catchThrowableOfType(BulkFileException.class, () -> Upload.read(dir, "e.xlsx", empty));
    assertThat(none.messageKey()).isEqualTo("bulk.empty-file");
    assertThat(none.englishText()).contains("'A', 'B'");
  }

  /** At most ten sheets are looked at; the answer says so. */
  @Test
  void theFirstTenVisibleSheetsAreLookedAt() {
    XlsxFixtures tenThenData = XlsxFixtures.workbook();
    for (int i = 1; i < XlsxRowReader.MAX_SHEETS_SEARCHED; i++) {
      tenThenData.sheet("Notes " + i, "<row r=\"1\">" + inline("A1", "note") + "</row>");
    }
    tenThenData.sheet("Data", null, sheetWith("email", "ann@example.org"));
    assertThat(Upload.read(dir, "ten.xlsx", tenThenData.bytes()).result.sheetName())
        .isEqualTo("Data");

    XlsxFixtures elevenThenData = XlsxFixtures.workbook();
    for (int i = 1; i <= XlsxRowReader.MAX_SHEETS_SEARCHED; i++) {
      elevenThenData.sheet("Notes " + i, "<row r=\"1\">" + inline("A1", "note") + "</row>");
    }
    elevenThenData.sheet("Data", null, sheetWith("email", "ann@example.org"));
    BulkFileException e =
        catchThrowableOfType(
            BulkFileException.class, () -> Upload.read(dir, "eleven.xlsx", elevenThenData.bytes()));
    assertThat(e.messageKey()).isEqualTo("bulk.no-header");
    assertThat(e.englishText()).contains("only the first 10 visible sheets");
  }

  /** A sheet so wide that the header search stops after two rows' worth of cells. */
  @Test
  void veryWideRowsEndTheSearchEarly() {
    StringBuilder rows = new StringBuilder();
    for (int r = 1; r <= 3; r++) {
      rows.append("<row r=\"").append(r).append("\">");
      rows.append("<c r=\"XFD").append(r).append("\" t=\"inlineStr\"><is><t>");
      rows.append("x".repeat(5000)).append("</t></is></c></row>");
    }
    rows.append("<row r=\"4\">").append(inline("A4", "email")).append("</row>");
    byte[] xlsx = XlsxFixtures.workbook().sheet("users", rows.toString()).bytes();
    BulkFileException e =
        catchThrowableOfType(BulkFileException.class, () -> Upload.read(dir, "w.xlsx", xlsx));
    assertThat(e.messageKey()).isEqualTo("bulk.no-header");
  }

  @Test
  void theHeaderCellsAreRecognisedInEveryCellType() {
    for (String header :
        List.of(
            "<c r=\"A1\" t=\"str\"><v>E_x002D_mail</v></c>",
            inline("A1", "\u200Bemail"),
            "<c r=\"A1\" t=\"s\"><v>0</v></c>")) {
      byte[] xlsx =
          XlsxFixtures.workbook()
              .sharedStrings("Email_x000D_")
              .sheet(
                  "users",
                  "<row r=\"1\">"
                      + header
                      + "</row><row r=\"2\">"
                      + inline("A2", "a@b.org")
                      + "</row>")
              .bytes();
      assertThat(Upload.read(dir, "h.xlsx", xlsx).values()).as(header).containsExactly("a@b.org");
    }
  }

  private static String sheetWith(String header, String value) {
    return XlsxFixtures.sheetXml(
        "<row r=\"1\">"
            + inline("A1", header)
            + "</row><row r=\"2\">"
            + inline("A2", value)
            + "</row>");
  }
}
