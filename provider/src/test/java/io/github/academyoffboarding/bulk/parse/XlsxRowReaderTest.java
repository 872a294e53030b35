package io.github.academyoffboarding.bulk.parse;

import static io.github.academyoffboarding.bulk.parse.XlsxFixtures.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.academyoffboarding.bulk.MatchBy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRowReaderTest {

  @TempDir Path dir;

  private static byte[] write(Workbook workbook) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    workbook.write(out);
    workbook.close();
    return out.toByteArray();
  }

  /**
   * Excel-style: shared strings, numbers, a date, a formula with a cached value, blank and hidden
   * rows.
   */
  @Test
  void readsAWorkbookWrittenWithSharedStrings() throws IOException {
    XSSFWorkbook workbook = new XSSFWorkbook();
    Sheet sheet = workbook.createSheet("users");
    sheet.createRow(0).createCell(0).setCellValue("  Email ");
    sheet.getRow(0).createCell(1).setCellValue("name");
    sheet.createRow(1).createCell(0).setCellValue(" Ann@Example.ORG\u00A0");
    sheet.getRow(1).createCell(1).setCellValue("Ann");
    sheet.createRow(2).createCell(0).setCellValue(10_000_000d);
    sheet.createRow(3).createCell(0).setCellValue(42.0d);
    // row 5 (index 4) left out: a blank row; row 6 exists but is empty
    sheet.createRow(5).createCell(0).setCellValue("   ");
    Row dated = sheet.createRow(6);
    dated.createCell(0).setCellValue(LocalDate.of(2026, 1, 15));
    CellStyle dateStyle = workbook.createCellStyle();
    dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
    dated.getCell(0).setCellStyle(dateStyle);
    Row hidden = sheet.createRow(7);
    hidden.createCell(0).setCellValue("hidden@example.org");
    hidden.setZeroHeight(true);
    sheet.createRow(8).createCell(0).setCellFormula("LOWER(\"Formula@Example.ORG\")");
    Row nameOnly = sheet.createRow(9);
    nameOnly.createCell(1).setCellValue("no address here");
    workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();

    Upload upload = Upload.read(dir, "users.xlsx", write(workbook));

    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value, UploadedRow::hidden)
        .containsExactly(
            tuple(2, "Ann@Example.ORG", false),
            tuple(3, "10000000", false),
            tuple(4, "42", false),
            tuple(7, "2026-01-15", false),
            tuple(8, "hidden@example.org", true),
            tuple(9, "formula@example.org", false),
            tuple(10, "", false));
    assertThat(upload.result)
        .isEqualTo(new ParseResult(FileFormat.XLSX, "users", 1, 1, "Email", 7, 1));
  }

  /** SXSSF writes inline strings and no shared-strings table. */
  @Test
  void readsAStreamedWorkbookWithInlineStrings() throws IOException {
    SXSSFWorkbook workbook = new SXSSFWorkbook();
    Sheet sheet = workbook.createSheet("Sheet1");
    sheet.createRow(0).createCell(0).setCellValue("E-Mail");
    for (int i = 1; i <= 300; i++) {
      sheet.createRow(i).createCell(0).setCellValue("user" + i + "@example.org");
    }
    byte[] bytes = write(workbook);
    workbook.dispose();

    Upload upload = Upload.read(dir, "export.xlsx", bytes);

    assertThat(upload.rows).hasSize(300);
    assertThat(upload.rows.get(0)).isEqualTo(new UploadedRow(2, "user1@example.org", false));
    assertThat(upload.rows.get(299)).isEqualTo(new UploadedRow(301, "user300@example.org", false));
    assertThat(upload.result.columnHeader()).isEqualTo("E-Mail");
  }

  /** LibreOffice / Google Sheets style: inlineStr, t="str" formulas, no r attributes, rich text. */
  @Test
  void readsHandWrittenXmlWithoutCellReferences() throws IOException {
    String rows =
        "<row><c t=\"inlineStr\"><is><t>id</t></is></c><c t=\"inlineStr\"><is><t>Username</t></is></c></row>"
            + "<row><c t=\"inlineStr\"><is><t>u-1</t></is></c><c t=\"inlineStr\"><is><t> Alice </t></is></c></row>"
            + "<row><c/><c t=\"str\"><f>LOWER(\"BOB\")</f><v>bob</v></c></row>"
            + "<row r=\"7\"><c r=\"B7\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>car</t></r><r><t xml:space=\"preserve\">ol</t></r>"
            + "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></is></c></row>"
            + "<row><c/><c><v>10000000</v></c></row>"
            + "<row><c/><c><v>1.0E7</v></c></row>"
            + "<row><c/><c><v>42.0</v></c></row>"
            + "<row><c/><c t=\"b\"><v>1</v></c></row>"
            + "<row><c/><c t=\"e\"><v>#N/A</v></c></row>"
            + "<row><c/><c t=\"inlineStr\"><is><t>tab_x0009_x_x005F_y</t></is></c></row>";
    byte[] bytes = XlsxFixtures.workbook().sheet("Blad1", rows).bytes();

    Upload upload = Upload.read(dir, "users.xlsx", bytes, MatchBy.USERNAME, ParseLimits.defaults());

    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(
            tuple(2, "Alice"),
            tuple(3, "bob"),
            tuple(7, "carol"),
            tuple(8, "10000000"),
            tuple(9, "10000000"),
            tuple(10, "42"),
            tuple(11, "TRUE"),
            tuple(12, "#N/A"),
            tuple(13, "tab\tx_y"));
    assertThat(upload.result.columnHeader()).isEqualTo("Username");

    Upload byId = Upload.read(dir, "users.xlsx", bytes, MatchBy.ID, ParseLimits.defaults());
    assertThat(byId.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .startsWith(tuple(2, "u-1"), tuple(3, ""));
  }

  @Test
  void readsSharedStringsWithRichTextAndPhoneticGuides() throws IOException {
    byte[] bytes =
        XlsxFixtures.workbook()
            .sharedStrings(
                "email",
                "<r><t>ann@</t></r><r><rPr><i/></rPr><t>example.org</t></r>",
                "<t>kenji@example.jp</t><rPh sb=\"0\" eb=\"5\"><t>ケンジ</t></rPh>",
                "unused")
            .sheet(
                "Sheet1",
                "<row r=\"3\"><c r=\"C3\" t=\"s\"><v>0</v></c></row>"
                    + "<row r=\"4\"><c r=\"C4\" t=\"s\"><v>1</v></c></row>"
                    + "<row r=\"5\"><c r=\"C5\" t=\"s\"><v>2</v></c></row>")
            .bytes();

    Upload upload = Upload.read(dir, "users.xlsx", bytes);

    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(tuple(4, "ann@example.org"), tuple(5, "kenji@example.jp"));
    assertThat(upload.result.headerRowNumber()).isEqualTo(3);
  }

  @Test
  void formatsDatesWithBuiltInAndCustomFormatsAndThe1904System() throws IOException {
    String styles =
        "<?xml version=\"1.0\"?><styleSheet xmlns=\""
            + XlsxFixtures.MAIN_NS
            + "\">"
            + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
            + "<xf numFmtId=\"49\"/></cellXfs></styleSheet>";
    String rows =
        "<row r=\"1\">"
            + inline("A1", "id")
            + "</row>"
            + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>46037</v></c></row>"
            + "<row r=\"3\"><c r=\"A3\" s=\"2\"><v>46037</v></c></row>"
            + "<row r=\"4\"><c r=\"A4\" s=\"3\"><v>10000000</v></c></row>"
            + "<row r=\"5\"><c r=\"A5\" s=\"0\"><v>123456789012345</v></c></row>";
    byte[] bytes = XlsxFixtures.workbook().stylesXml(styles).sheet("Sheet1", rows).bytes();

    Upload upload = Upload.read(dir, "ids.xlsx", bytes, MatchBy.ID, ParseLimits.defaults());
    assertThat(upload.values())
        .containsExactly("1/15/26", "15/01/2026", "10000000", "123456789012345");

    byte[] in1904 =
        XlsxFixtures.workbook()
            .stylesXml(styles)
            .workbookPr("<workbookPr date1904=\"1\"/>")
            .sheet("Sheet1", rows)
            .bytes();
    assertThat(
            Upload.read(dir, "ids.xlsx", in1904, MatchBy.ID, ParseLimits.defaults())
                .values()
                .get(1))
        .isEqualTo("16/01/2030");
  }

  @Test
  void prefersTheSheetNamedUsersOtherwiseTheFirstVisibleSheet() throws IOException {
    String other =
        "<row>"
            + inline("A1", "email")
            + "</row><row>"
            + inline("A2", "other@example.org")
            + "</row>";
    String users =
        "<row>"
            + inline("A1", "email")
            + "</row><row>"
            + inline("A2", "users@example.org")
            + "</row>";
    String hidden =
        "<row>"
            + inline("A1", "email")
            + "</row><row>"
            + inline("A2", "hidden@example.org")
            + "</row>";

    byte[] named = XlsxFixtures.workbook().sheet("Notes", other).sheet("USERS ", users).bytes();
    Upload upload = Upload.read(dir, "f.xlsx", named);
    assertThat(upload.values()).containsExactly("users@example.org");
    assertThat(upload.result.sheetName()).isEqualTo("USERS ");

    byte[] hiddenFirst =
        XlsxFixtures.workbook()
            .sheet("Lookup", "hidden", XlsxFixtures.sheetXml(hidden))
            .sheet("Secret", "veryHidden", XlsxFixtures.sheetXml(hidden))
            .sheet("Visible", other)
            .bytes();
    assertThat(Upload.read(dir, "f.xlsx", hiddenFirst).values())
        .containsExactly("other@example.org");

    byte[] chartFirst =
        XlsxFixtures.workbook()
            .chartSheet("Dashboard")
            .chartSheet("users")
            .sheet("Data", other)
            .bytes();
    Upload afterChart = Upload.read(dir, "f.xlsx", chartFirst);
    assertThat(afterChart.values()).containsExactly("other@example.org");
    assertThat(afterChart.result.sheetName()).isEqualTo("Data");
  }

  /**
   * Excel's "Strict Open XML Spreadsheet": other namespaces and relationship types, same structure.
   */
  @Test
  void readsStrictOpenXml() throws IOException {
    java.util.Map<String, String> entries =
        XlsxFixtures.workbook()
            .sharedStrings("Email", "strict@example.org")
            .sheet(
                "Sheet1",
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>")
            .entries();
    entries.replaceAll(
        (name, xml) ->
            xml.replace(
                    XlsxFixtures.REL_NS, "http://purl.oclc.org/ooxml/officeDocument/relationships")
                .replace(XlsxFixtures.MAIN_NS, "http://purl.oclc.org/ooxml/spreadsheetml/main"));

    assertThat(Upload.read(dir, "strict.xlsx", XlsxFixtures.zip(entries)).values())
        .containsExactly("strict@example.org");
  }

  @Test
  void findsTheHeaderBelowLeadingBlankRowsAndSkipsBlankRows() throws IOException {
    String rows =
        "<row r=\"1\"/><row r=\"2\"><c r=\"A2\" s=\"0\"/></row>"
            + "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>   </t></is></c></row>"
            + "<row r=\"4\">"
            + inline("B4", "EMAIL")
            + "</row>"
            + "<row r=\"5\"/>"
            + "<row r=\"6\">"
            + inline("B6", "x@example.org")
            + "</row>"
            + "<row r=\"9\" hidden=\"1\">"
            + inline("B9", "y@example.org")
            + "</row>";
    Upload upload = Upload.read(dir, "f.xlsx", XlsxFixtures.workbook().sheet("S", rows).bytes());

    assertThat(upload.result.headerRowNumber()).isEqualTo(4);
    assertThat(upload.rows)
        .containsExactly(
            new UploadedRow(6, "x@example.org", false), new UploadedRow(9, "y@example.org", true));
    assertThat(upload.result.hiddenRows()).isEqualTo(1);
  }

  @Test
  void readsEveryWayWritersMarkARowHidden() throws IOException {
    // Excel: hidden="1" (a filter, Hide and a collapsed group alike); LibreOffice and POI:
    // hidden="true", with hidden="false" on visible rows; a collapsed group adds outlineLevel.
    String rows =
        "<row r=\"1\">"
            + inline("A1", "email")
            + "</row>"
            + "<row r=\"2\" hidden=\"1\">"
            + inline("A2", "excel@example.org")
            + "</row>"
            + "<row r=\"3\" hidden=\"true\" customHeight=\"false\">"
            + inline("A3", "calc@example.org")
            + "</row>"
            + "<row r=\"4\" hidden=\"false\">"
            + inline("A4", "shown@example.org")
            + "</row>"
            + "<row r=\"5\" hidden=\"0\" outlineLevel=\"1\">"
            + inline("A5", "open-group@example.org")
            + "</row>"
            + "<row r=\"6\" hidden=\"true\" outlineLevel=\"1\" collapsed=\"false\">"
            + inline("A6", "collapsed@example.org")
            + "</row>"
            + "<row r=\"7\" hidden=\"1\"><c r=\"B7\" t=\"inlineStr\"><is><t>other</t></is></c></row>";
    Upload upload = Upload.read(dir, "f.xlsx", XlsxFixtures.workbook().sheet("S", rows).bytes());

    assertThat(upload.rows)
        .containsExactly(
            new UploadedRow(2, "excel@example.org", true),
            new UploadedRow(3, "calc@example.org", true),
            new UploadedRow(4, "shown@example.org", false),
            new UploadedRow(5, "open-group@example.org", false),
            new UploadedRow(6, "collapsed@example.org", true),
            new UploadedRow(7, "", true));
    assertThat(upload.result.hiddenRows()).isEqualTo(4);
  }

  @Test
  void skipsAHeaderCandidateWhoseSharedStringsAreBlank() throws IOException {
    byte[] bytes =
        XlsxFixtures.workbook()
            .sharedStrings(" ", "email", "z@example.org")
            .sheet(
                "S",
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"
                    + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c></row>")
            .bytes();
    Upload upload = Upload.read(dir, "f.xlsx", bytes);
    assertThat(upload.result.headerRowNumber()).isEqualTo(2);
    assertThat(upload.values()).containsExactly("z@example.org");
  }

  @Test
  void cutsAHugeCellWithoutFailing() throws IOException {
    XSSFWorkbook workbook = new XSSFWorkbook();
    Sheet sheet = workbook.createSheet("users");
    sheet.createRow(0).createCell(0).setCellValue("email");
    sheet.createRow(1).createCell(0).setCellValue("a".repeat(32_000));
    sheet.createRow(2).createCell(0).setCellValue(" ".repeat(5000) + "padded@example.org");

    Upload upload = Upload.read(dir, "f.xlsx", write(workbook));

    assertThat(upload.rows.get(0).value()).hasSize(IdentifierNormalizer.MAX_LENGTH + 1);
    assertThat(IdentifierNormalizer.normalize(MatchBy.EMAIL, upload.rows.get(0).value()).problem())
        .isEqualTo(NormalizedIdentifier.Problem.TOO_LONG);
    assertThat(upload.rows.get(1).value()).isEqualTo("padded@example.org");
  }

  @Test
  void acceptsExactlyTheRowLimit() throws IOException {
    StringBuilder rows = new StringBuilder("<row>" + inline("A1", "email") + "</row>");
    for (int i = 2; i <= 6; i++) {
      rows.append("<row>").append(inline("A" + i, "u" + i + "@example.org")).append("</row>");
    }
    byte[] bytes = XlsxFixtures.workbook().sheet("S", rows.toString()).bytes();
    assertThat(
            Upload.read(dir, "f.xlsx", bytes, MatchBy.EMAIL, ParseLimits.defaults().withMaxRows(5))
                .rows)
        .hasSize(5);
  }
}
