package io.github.academyoffboarding.bulk.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.academy.CertificateEntity;
import io.github.academyoffboarding.academy.CertificateRepresentation;
import io.github.academyoffboarding.academy.LearningRecordEntity;
import io.github.academyoffboarding.academy.LearningRecordRepresentation;
import io.github.academyoffboarding.academy.LearningStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class AcademyDataWriterTest {

  private static final long T0 = 1_768_471_200_000L; // 2026-01-15T10:00:00Z

  private static final ExportedUser ANN = new ExportedUser("u-ann", "ann", "ann@example.org");
  private static final ExportedUser EVIL =
      new ExportedUser("u-evil", "=HYPERLINK(\"http://evil\",\"x\")", "+1@example.org");

  private static final List<LearningRecordLine> RECORDS =
      List.of(
          record(ANN, "lr-1", "java-101", "Java basics", LearningStatus.COMPLETED, 90, T0, T0 + 1),
          record(ANN, "lr-2", "sql-201", null, LearningStatus.ENROLLED, null, null, null),
          record(EVIL, "lr-3", "-cmd", "@SUM(A1)", LearningStatus.IN_PROGRESS, 0, T0, null));

  private static final List<CertificateLine> CERTIFICATES =
      List.of(
          certificate(ANN, "c-1", "java-101", "Java, \"basics\"", "S-1", T0, T0 + 86_400_000L),
          certificate(EVIL, "c-2", null, "\tTab", "\r=1", T0, null));

  @Test
  void csvHasKindFirstTheRecordsThenTheCertificatesAndNeutralisedFormulas() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AcademyDataWriter().writeCsv(RECORDS.iterator(), CERTIFICATES.iterator(), out);
    byte[] bytes = out.toByteArray();

    assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith(
            "kind,userId,username,email,id,courseId,courseName,status,score,startedAt,"
                + "completedAt,title,serial,issuedAt,expiresAt,createdAt\r\n");
    List<CSVRecord> lines = parse(bytes);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0).toList())
        .containsExactly(
            "learning-record",
            "u-ann",
            "ann",
            "ann@example.org",
            "lr-1",
            "java-101",
            "Java basics",
            "COMPLETED",
            "90",
            "2026-01-15T10:00:00Z",
            "2026-01-15T10:00:00.001Z",
            "",
            "",
            "",
            "",
            "2026-01-15T10:00:00Z");
    assertThat(lines.get(1).toList())
        .containsExactly(
            "learning-record",
            "u-ann",
            "ann",
            "ann@example.org",
            "lr-2",
            "sql-201",
            "",
            "ENROLLED",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "2026-01-15T10:00:00Z");
    assertThat(lines.get(3).toList())
        .containsExactly(
            "certificate",
            "u-ann",
            "ann",
            "ann@example.org",
            "c-1",
            "java-101",
            "",
            "",
            "",
            "",
            "",
            "Java, \"basics\"",
            "S-1",
            "2026-01-15T10:00:00Z",
            "2026-01-16T10:00:00Z",
            "2026-01-15T10:00:00Z");
    // Neutralised as the import's report neutralises: a leading apostrophe.
    CSVRecord evilRecord = lines.get(2);
    assertThat(evilRecord.get("username")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
    assertThat(evilRecord.get("email")).isEqualTo("'+1@example.org");
    assertThat(evilRecord.get("courseId")).isEqualTo("'-cmd");
    assertThat(evilRecord.get("courseName")).isEqualTo("'@SUM(A1)");
    assertThat(evilRecord.get("score")).isEqualTo("0");
    CSVRecord evilCertificate = lines.get(4);
    assertThat(evilCertificate.get("kind")).isEqualTo("certificate");
    assertThat(evilCertificate.get("title")).isEqualTo("'\tTab");
    assertThat(evilCertificate.get("serial")).isEqualTo("'\r=1");
    lines.stream()
        .flatMap(r -> r.toList().stream())
        .forEach(
            cell ->
                assertThat(cell)
                    .doesNotStartWith("=")
                    .doesNotStartWith("+")
                    .doesNotStartWith("-")
                    .doesNotStartWith("@")
                    .doesNotStartWith("\t")
                    .doesNotStartWith("\r"));
  }

  @Test
  void csvWithNothingToExportIsTheHeaderAlone() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AcademyDataWriter()
        .writeCsv(
            Collections.<LearningRecordLine>emptyIterator(),
            Collections.<CertificateLine>emptyIterator(),
            out);
    byte[] bytes = out.toByteArray();
    assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))
        .isEqualTo(String.join(",", AcademyDataWriter.CSV_HEADER) + "\r\n");
  }

  @Test
  void xlsxHasBothSheetsWithTextCellsAndANumericScore() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AcademyDataWriter().writeXlsx(RECORDS.iterator(), CERTIFICATES.iterator(), out);

    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
      Sheet records = workbook.getSheetAt(0);
      Sheet certificates = workbook.getSheetAt(1);
      assertThat(records.getSheetName()).isEqualTo("Learning records");
      assertThat(certificates.getSheetName()).isEqualTo("Certificates");
      assertThat(texts(records.getRow(0)))
          .containsExactly(
              "userId",
              "username",
              "email",
              "id",
              "courseId",
              "courseName",
              "status",
              "score",
              "startedAt",
              "completedAt",
              "createdAt");
      assertThat(texts(certificates.getRow(0)))
          .containsExactly(
              "userId",
              "username",
              "email",
              "id",
              "courseId",
              "title",
              "serial",
              "issuedAt",
              "expiresAt",
              "createdAt");
      assertThat(records.getLastRowNum()).isEqualTo(3);
      assertThat(certificates.getLastRowNum()).isEqualTo(2);
      assertThat(texts(records.getRow(1)))
          .containsExactly(
              "u-ann",
              "ann",
              "ann@example.org",
              "lr-1",
              "java-101",
              "Java basics",
              "COMPLETED",
              "90",
              "2026-01-15T10:00:00Z",
              "2026-01-15T10:00:00.001Z",
              "2026-01-15T10:00:00Z");
      assertThat(records.getRow(1).getCell(7).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(records.getRow(2).getCell(7)).as("no score, no cell").isNull();
      assertThat(texts(certificates.getRow(1)))
          .containsExactly(
              "u-ann",
              "ann",
              "ann@example.org",
              "c-1",
              "java-101",
              "Java, \"basics\"",
              "S-1",
              "2026-01-15T10:00:00Z",
              "2026-01-16T10:00:00Z",
              "2026-01-15T10:00:00Z");
      // A formula-like value is a text cell, never a formula (as in the report).
      Cell evil = records.getRow(3).getCell(1);
      assertThat(evil.getCellType()).isEqualTo(CellType.STRING);
      assertThat(evil.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://evil\",\"x\")");
      for (Sheet sheet : List.of(records, certificates)) {
        for (Row row : sheet) {
          for (Cell cell : row) {
            assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
          }
        }
      }
    }
  }

  @Test
  void xlsxWithNothingToExportHasBothSheetsWithTheirHeaders() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AcademyDataWriter()
        .writeXlsx(
            Collections.<LearningRecordLine>emptyIterator(),
            Collections.<CertificateLine>emptyIterator(),
            out);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
      assertThat(workbook.getSheet("Learning records").getLastRowNum()).isZero();
      assertThat(workbook.getSheet("Certificates").getLastRowNum()).isZero();
    }
  }

  @Test
  void aKindBeyondASheetsRowLimitGoesOnInAnotherSheet() throws IOException {
    List<LearningRecordLine> many = new ArrayList<>();
    IntStream.range(0, 7)
        .forEach(
            i ->
                many.add(
                    record(ANN, "lr-" + i, "c", null, LearningStatus.ENROLLED, i, null, null)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AcademyDataWriter(4).writeXlsx(many.iterator(), CERTIFICATES.iterator(), out);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
      List<String> names = new ArrayList<>();
      workbook.forEach(s -> names.add(s.getSheetName()));
      assertThat(names)
          .containsExactly(
              "Learning records", "Learning records (2)", "Learning records (3)", "Certificates");
      List<String> ids = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        Sheet sheet = workbook.getSheetAt(s);
        assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("userId");
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
          ids.add(sheet.getRow(r).getCell(3).getStringCellValue());
        }
      }
      assertThat(ids).containsExactly("lr-0", "lr-1", "lr-2", "lr-3", "lr-4", "lr-5", "lr-6");
    }
  }

  private static List<CSVRecord> parse(byte[] bytes) throws IOException {
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader() // the first line names the columns
            .build()
            .parse(
                new InputStreamReader(
                    new ByteArrayInputStream(bytes, 3, bytes.length - 3),
                    StandardCharsets.UTF_8))) {
      return parser.getRecords();
    }
  }

  private static List<String> texts(Row row) {
    DataFormatter formatter = new DataFormatter();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < row.getLastCellNum(); i++) {
      texts.add(formatter.formatCellValue(row.getCell(i)));
    }
    return texts;
  }

  private static LearningRecordLine record(
      ExportedUser user,
      String id,
      String courseId,
      String courseName,
      LearningStatus status,
      Integer score,
      Long startedAt,
      Long completedAt) {
    LearningRecordEntity e = new LearningRecordEntity();
    e.setId(id);
    e.setCourseId(courseId);
    e.setCourseName(courseName);
    e.setStatus(status);
    e.setScore(score);
    e.setStartedAt(startedAt);
    e.setCompletedAt(completedAt);
    e.setCreatedAt(T0);
    return new LearningRecordLine(user, LearningRecordRepresentation.from(e));
  }

  private static CertificateLine certificate(
      ExportedUser user,
      String id,
      String courseId,
      String title,
      String serial,
      long issuedAt,
      Long expiresAt) {
    CertificateEntity e = new CertificateEntity();
    e.setId(id);
    e.setCourseId(courseId);
    e.setTitle(title);
    e.setSerial(serial);
    e.setIssuedAt(issuedAt);
    e.setExpiresAt(expiresAt);
    e.setCreatedAt(T0);
    return new CertificateLine(user, CertificateRepresentation.from(e));
  }
}
