package io.github.academyoffboarding.bulk.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.common.TempFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  private static final List<ReportLine> LINES =
      List.of(
          new ReportLine(2, "ann@example.org", "MATCHED", "DELETED", null, "a1b2"),
          new ReportLine(
              3,
              "=HYPERLINK(\"http://evil\",\"x\")",
              "INVALID",
              null,
              "The value is not an e-mail address.",
              null),
          new ReportLine(4, "+1-555", "NOT_FOUND", "SKIPPED", "-nothing, \"quoted\"", null),
          new ReportLine(5, "@SUM(A1)", "INVALID", null, "\tTab", null),
          new ReportLine(6, "\r=1", "INVALID", null, "line1\nline2", null));

  @Test
  void csvHasABomAHeaderAndNeutralisedFormulas() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportWriter.writeCsv(LINES.iterator(), out);
    byte[] bytes = out.toByteArray();

    assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).startsWith("Row,Identifier,Status,Outcome,Message,User ID,Date,Until,Due\r\n");

    List<CSVRecord> records;
    try (CSVParser parser =
        CSVFormat.RFC4180.parse(
            new InputStreamReader(
                new ByteArrayInputStream(bytes, 3, bytes.length - 3), StandardCharsets.UTF_8))) {
      records = parser.getRecords();
    }
    assertThat(records).hasSize(6);
    assertThat(records.get(1).toList())
        .containsExactly("2", "ann@example.org", "MATCHED", "DELETED", "", "a1b2", "", "", "");
    assertThat(records.get(2).get(1)).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
    assertThat(records.get(3).get(1)).isEqualTo("'+1-555");
    assertThat(records.get(3).get(4)).isEqualTo("'-nothing, \"quoted\"");
    assertThat(records.get(4).get(1)).isEqualTo("'@SUM(A1)");
    assertThat(records.get(4).get(4)).isEqualTo("'\tTab");
    assertThat(records.get(5).get(1)).isEqualTo("'\r=1");
    assertThat(records.get(5).get(4)).isEqualTo("line1\nline2");
    // no cell starts with a formula trigger once the apostrophe is in place
    records.stream()
        .skip(1)
        .flatMap(r -> r.toList().stream())
        .forEach(
            cell ->
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@"));
  }

  @Test
  void csvDoesNotCloseTheCallersStream() throws IOException {
    class Tracking extends ByteArrayOutputStream {
      boolean closed;

      @Override
      public void close() {
        closed = true;
      }
    }
    Tracking out = new Tracking();
    ReportWriter.writeCsv(List.<ReportLine>of().iterator(), out);
    assertThat(out.closed).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Row,Identifier");
  }

  @Test
  void xlsxHasOneTextRowPerLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportWriter.writeXlsx(LINES.iterator(), out);

    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      Sheet sheet = workbook.getSheet("report");
      assertThat(sheet.getLastRowNum()).isEqualTo(5);
      Row header = sheet.getRow(0);
      assertThat(IntStream.range(0, 9).mapToObj(i -> header.getCell(i).getStringCellValue()))
          .containsExactly(
              "Row",
              "Identifier",
              "Status",
              "Outcome",
              "Message",
              "User ID",
              "Date",
              "Until",
              "Due");
      assertThat(sheet.getRow(1).getCell(0).getNumericCellValue()).isEqualTo(2d);
      assertThat(sheet.getRow(1).getCell(5).getStringCellValue()).isEqualTo("a1b2");
      // written as text, never as a formula
      assertThat(sheet.getRow(2).getCell(1).getCellType()).isEqualTo(CellType.STRING);
      assertThat(sheet.getRow(2).getCell(1).getStringCellValue()).startsWith("=HYPERLINK");
      assertThat(sheet.getRow(2).getCell(3)).isNull();
    }
  }

  @Test
  void aDatedRowHasItsDatesAndDueTime() throws IOException {
    ReportLine dated =
        new ReportLine(2, "ann@example.org", "MATCHED", "WAITING", null, "a1b2")
            .withDates("2027-01-31", "2027-03-31", "2027-01-31T23:00:00Z");
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    ReportWriter.writeCsv(List.of(dated).iterator(), csv);
    assertThat(csv.toString(StandardCharsets.UTF_8))
        .contains(
            "2,ann@example.org,MATCHED,WAITING,,a1b2,2027-01-31,2027-03-31,2027-01-31T23:00:00Z");
    ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
    ReportWriter.writeXlsx(List.of(dated).iterator(), xlsx);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.toByteArray()))) {
      Row row = workbook.getSheet("report").getRow(1);
      assertThat(row.getCell(6).getStringCellValue()).isEqualTo("2027-01-31");
      assertThat(row.getCell(7).getStringCellValue()).isEqualTo("2027-03-31");
      assertThat(row.getCell(8).getStringCellValue()).isEqualTo("2027-01-31T23:00:00Z");
    }
  }

  @Test
  void xlsxStreamsManyLinesAndCutsOverlongCells() throws IOException {
    int lines = 5000;
    Iterator<ReportLine> source =
        Stream.iterate(1, i -> i + 1)
            .limit(lines)
            .map(
                i ->
                    new ReportLine(
                        i + 1,
                        i == 1 ? "x".repeat(40_000) : "user" + i + "@example.org",
                        "MATCHED",
                        "DEACTIVATED",
                        null,
                        "id-" + i))
            .iterator();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportWriter.writeXlsx(source, out);

    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      Sheet sheet = workbook.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(lines);
      assertThat(sheet.getRow(1).getCell(1).getStringCellValue())
          .hasSize(ReportWriter.MAX_CELL_CHARS);
      assertThat(sheet.getRow(lines).getCell(1).getStringCellValue())
          .isEqualTo("user" + lines + "@example.org");
    }
  }

  @Test
  void xlsxLeavesNoTemporaryFilesBehind() throws IOException {
    // Where the product sends POI's temporary files (TempFiles): its own folder.
    Path poiTemp = TempFiles.folder().resolve(TempFiles.POI_FOLDER);
    long before = countFiles(poiTemp);
    ReportWriter.writeXlsx(LINES.iterator(), new ByteArrayOutputStream());
    assertThat(countFiles(poiTemp)).isEqualTo(before);
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void neutralise() {
    assertThat(ReportWriter.neutralise(null)).isEmpty();
    assertThat(ReportWriter.neutralise("")).isEmpty();
    assertThat(ReportWriter.neutralise("a=b")).isEqualTo("a=b");
    assertThat(ReportWriter.neutralise("-1")).isEqualTo("'-1");
  }
}
