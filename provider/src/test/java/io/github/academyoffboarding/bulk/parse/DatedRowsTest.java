package io.github.academyoffboarding.bulk.parse;

import static io.github.academyoffboarding.bulk.parse.XlsxFixtures.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional date and until columns, in CSV and xlsx. */
class DatedRowsTest {

  @TempDir Path dir;

  private static LeaveDate date(String iso) {
    return LeaveDate.of(LocalDate.parse(iso));
  }

  @Test
  void csvReadsDateAndUntilAsIsoTextOnly() {
    String csv =
        "email;Date;until\n"
            + "a@example.org;2027-01-31;2027-03-31\n"
            + "b@example.org;01/02/2027;\n"
            + "c@example.org;;\n"
            + "d@example.org; 2027-1-5 ;2027-02-30\n"
            + "e@example.org\n";
    Upload upload =
        Upload.read(
            dir,
            "users.csv",
            csv.getBytes(StandardCharsets.UTF_8),
            MatchBy.EMAIL,
            ParseLimits.defaults());
    assertThat(upload.rows)
        .extracting(UploadedRow::value, UploadedRow::date, UploadedRow::until)
        .containsExactly(
            tuple("a@example.org", date("2027-01-31"), date("2027-03-31")),
            tuple("b@example.org", LeaveDate.invalid("01/02/2027"), LeaveDate.absent()),
            tuple("c@example.org", LeaveDate.absent(), LeaveDate.absent()),
            tuple("d@example.org", LeaveDate.invalid("2027-1-5"), LeaveDate.invalid("2027-02-30")),
            tuple("e@example.org", LeaveDate.absent(), LeaveDate.absent()));
  }

  @Test
  void aFileWithoutDateColumnsHasNoDates() {
    Upload upload =
        Upload.read(
            dir,
            "users.csv",
            "email,name\na@example.org,2027-01-31\n".getBytes(StandardCharsets.UTF_8),
            MatchBy.EMAIL,
            ParseLimits.defaults());
    assertThat(upload.rows.get(0).date().isAbsent()).isTrue();
  }

  /** POI writes date cells as Excel does: a serial number with a date format. */
  @Test
  void xlsxDateCellsAreTheirDatesWhateverTheirDisplayFormat() throws IOException {
    XSSFWorkbook workbook = new XSSFWorkbook();
    Sheet sheet = workbook.createSheet("Users");
    Row header = sheet.createRow(0);
    header.createCell(0).setCellValue("email");
    header.createCell(1).setCellValue("date");
    header.createCell(2).setCellValue("until");
    CellStyle dutch = workbook.createCellStyle();
    dutch.setDataFormat(workbook.createDataFormat().getFormat("dd-mm-yyyy"));
    CellStyle american = workbook.createCellStyle();
    american.setDataFormat((short) 14); // m/d/yy
    CellStyle withTime = workbook.createCellStyle();
    withTime.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));

    Row a = sheet.createRow(1);
    a.createCell(0).setCellValue("a@example.org");
    a.createCell(1).setCellValue(LocalDate.of(2027, 1, 31));
    a.getCell(1).setCellStyle(dutch);
    a.createCell(2).setCellValue(LocalDate.of(2027, 3, 31));
    a.getCell(2).setCellStyle(american);
    Row b = sheet.createRow(2);
    b.createCell(0).setCellValue("b@example.org");
    b.createCell(1).setCellValue("2027-02-01"); // text: ISO is accepted
    b.createCell(2).setCellValue("31.03.2027"); // text: not ISO
    Row c = sheet.createRow(3);
    c.createCell(0).setCellValue("c@example.org");
    c.createCell(1).setCellValue(46418); // a number without a date format
    Row d = sheet.createRow(4);
    d.createCell(0).setCellValue("d@example.org");
    d.createCell(1).setCellValue(LocalDateTime.of(2027, 1, 31, 10, 30));
    d.getCell(1).setCellStyle(withTime);
    Row e = sheet.createRow(5);
    e.createCell(1).setCellValue(LocalDate.of(2027, 1, 31)); // a date without an identifier
    e.getCell(1).setCellStyle(dutch);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    workbook.write(out);
    workbook.close();
    Upload upload =
        Upload.read(dir, "users.xlsx", out.toByteArray(), MatchBy.EMAIL, ParseLimits.defaults());

    assertThat(upload.rows)
        .extracting(UploadedRow::value, UploadedRow::date, UploadedRow::until)
        .containsExactly(
            tuple("a@example.org", date("2027-01-31"), date("2027-03-31")),
            tuple("b@example.org", date("2027-02-01"), LeaveDate.invalid("31.03.2027")),
            tuple("c@example.org", LeaveDate.invalid("46418"), LeaveDate.absent()),
            tuple("d@example.org", LeaveDate.invalid("2027-01-31T10:30"), LeaveDate.absent()),
            tuple("", date("2027-01-31"), LeaveDate.absent()));
  }

  /** Hand-written parts as other writers produce them: 1904 dates, shared strings, t="d". */
  @Test
  void xlsxIn1904SystemSharedStringsAndIsoDateCells() throws IOException {
    String styles =
        "<?xml version=\"1.0\"?><styleSheet xmlns=\""
            + XlsxFixtures.MAIN_NS
            + "\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
            + "</styleSheet>";
    String rows =
        "<row r=\"1\">"
            + inline("A1", "E-mail")
            + "<c r=\"B1\" t=\"s\"><v>0</v></c>"
            + inline("C1", "Until")
            + "</row>"
            // 1904 system: serial 44956 is 2027-01-31
            + "<row r=\"2\">"
            + inline("A2", "a@example.org")
            + "<c r=\"B2\" s=\"1\"><v>44956</v></c></row>"
            + "<row r=\"3\">"
            + inline("A3", "b@example.org")
            + "<c r=\"B3\" t=\"s\"><v>1</v></c>"
            + "<c r=\"C3\" t=\"d\"><v>2027-03-31T00:00:00Z</v></c></row>";
    byte[] bytes =
        XlsxFixtures.workbook()
            .stylesXml(styles)
            .workbookPr("<workbookPr date1904=\"1\"/>")
            .sharedStrings("Leave date", "2027-02-01")
            .sheet("Sheet1", rows)
            .bytes();
    Upload upload = Upload.read(dir, "u.xlsx", bytes, MatchBy.EMAIL, ParseLimits.defaults());
    assertThat(upload.rows)
        .extracting(UploadedRow::value, UploadedRow::date, UploadedRow::until)
        .containsExactly(
            tuple("a@example.org", date("2027-01-31"), LeaveDate.absent()),
            tuple("b@example.org", date("2027-02-01"), date("2027-03-31")));
  }
}
