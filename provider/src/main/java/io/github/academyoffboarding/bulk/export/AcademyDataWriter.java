package io.github.academyoffboarding.bulk.export;

import io.github.academyoffboarding.academy.CertificateRepresentation;
import io.github.academyoffboarding.academy.LearningRecordRepresentation;
import io.github.academyoffboarding.bulk.report.ReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the learning records and certificates of the users an import will delete, as xlsx (sheets
 * "Learning records" and "Certificates") or as one CSV whose first column, {@code kind}, says which
 * a line is. Lines are written while they are read, so the export of 100,000 users never sits in
 * memory; cells are made safe as in the import's report ({@link ReportWriter}). The caller owns the
 * output stream (it is flushed, not closed).
 */
public final class AcademyDataWriter {

  static final String LEARNING_RECORDS_SHEET = "Learning records";
  static final String CERTIFICATES_SHEET = "Certificates";
  static final String LEARNING_RECORD_KIND = "learning-record";
  static final String CERTIFICATE_KIND = "certificate";

  /** Rows SXSSF keeps in memory per sheet before flushing them to its temporary file. */
  private static final int WINDOW = 100;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private record Column<T>(String header, int width, Function<T, Object> value) {}

  private static final List<Column<LearningRecordLine>> LEARNING_RECORD_COLUMNS =
      List.of(
          new Column<>("userId", 38, l -> l.user().id()),
          new Column<>("username", 30, l -> l.user().username()),
          new Column<>("email", 36, l -> l.user().email()),
          new Column<>("id", 38, l -> l.record().getId()),
          new Column<>("courseId", 20, l -> l.record().getCourseId()),
          new Column<>("courseName", 36, l -> l.record().getCourseName()),
          new Column<>("status", 14, l -> l.record().getStatus()),
          new Column<>("score", 8, l -> l.record().getScore()),
          new Column<>("startedAt", 22, l -> l.record().getStartedAt()),
          new Column<>("completedAt", 22, l -> l.record().getCompletedAt()),
          new Column<>("createdAt", 22, l -> l.record().getCreatedAt()));

  private static final List<Column<CertificateLine>> CERTIFICATE_COLUMNS =
      List.of(
          new Column<>("userId", 38, l -> l.user().id()),
          new Column<>("username", 30, l -> l.user().username()),
          new Column<>("email", 36, l -> l.user().email()),
          new Column<>("id", 38, l -> l.certificate().getId()),
          new Column<>("courseId", 20, l -> l.certificate().getCourseId()),
          new Column<>("title", 36, l -> l.certificate().getTitle()),
          new Column<>("serial", 30, l -> l.certificate().getSerial()),
          new Column<>("issuedAt", 22, l -> l.certificate().getIssuedAt()),
          new Column<>("expiresAt", 22, l -> l.certificate().getExpiresAt()),
          new Column<>("createdAt", 22, l -> l.certificate().getCreatedAt()));

  /** The CSV's columns: {@code kind}, then what either kind has, each once. */
  static final List<String> CSV_HEADER =
      List.of(
          "kind",
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
          "title",
          "serial",
          "issuedAt",
          "expiresAt",
          "createdAt");

  private final int maxRowsPerSheet;

  /** Sheets as large as Excel allows. */
  public AcademyDataWriter() {
    this(SpreadsheetVersion.EXCEL2007.getMaxRows());
  }

  /**
   * {@code maxRowsPerSheet}: rows of a sheet, its header included; a kind with more lines goes on
   * in a sheet named "… (2)", and so on.
   */
  AcademyDataWriter(int maxRowsPerSheet) {
    this.maxRowsPerSheet = maxRowsPerSheet;
  }

  public void writeXlsx(
      Iterator<LearningRecordLine> learningRecords,
      Iterator<CertificateLine> certificates,
      OutputStream out)
      throws IOException {
    SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    try {
      workbook.setCompressTempFiles(true);
      Font bold = workbook.createFont();
      bold.setBold(true);
      CellStyle headerStyle = workbook.createCellStyle();
      headerStyle.setFont(bold);
      writeSheets(
          workbook, headerStyle, LEARNING_RECORDS_SHEET, LEARNING_RECORD_COLUMNS, learningRecords);
      writeSheets(workbook, headerStyle, CERTIFICATES_SHEET, CERTIFICATE_COLUMNS, certificates);
      workbook.write(out);
      out.flush();
    } finally {
      workbook.dispose(); // removes the temporary files
      workbook.close();
    }
  }

  /** One sheet for the kind, even without lines; more when Excel's row limit is reached. */
  private <T> void writeSheets(
      SXSSFWorkbook workbook,
      CellStyle headerStyle,
      String name,
      List<Column<T>> columns,
      Iterator<T> lines) {
    int part = 1;
    Sheet sheet = newSheet(workbook, headerStyle, name, columns);
    int rowIndex = 1;
    while (lines.hasNext()) {
      if (rowIndex == maxRowsPerSheet) {
        sheet = newSheet(workbook, headerStyle, name + " (" + ++part + ")", columns);
        rowIndex = 1;
      }
      T line = lines.next();
      Row row = sheet.createRow(rowIndex++);
      for (int i = 0; i < columns.size(); i++) {
        Object value = columns.get(i).value().apply(line);
        if (value instanceof Number n) {
          row.createCell(i).setCellValue(n.doubleValue());
        } else {
          ReportWriter.setText(row, i, (String) value);
        }
      }
    }
  }

  private static <T> Sheet newSheet(
      SXSSFWorkbook workbook, CellStyle headerStyle, String name, List<Column<T>> columns) {
    Sheet sheet = workbook.createSheet(name);
    Row header = sheet.createRow(0);
    for (int i = 0; i < columns.size(); i++) {
      header.createCell(i).setCellValue(columns.get(i).header());
      header.getCell(i).setCellStyle(headerStyle);
      sheet.setColumnWidth(i, columns.get(i).width() * 256);
    }
    sheet.createFreezePane(0, 1);
    return sheet;
  }

  /**
   * CSV in UTF-8 with a byte-order mark (so Excel reads it as UTF-8), comma-separated, CRLF line
   * ends: the learning records, then the certificates.
   */
  public void writeCsv(
      Iterator<LearningRecordLine> learningRecords,
      Iterator<CertificateLine> certificates,
      OutputStream out)
      throws IOException {
    out.write(UTF8_BOM);
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
    printer.printRecord(CSV_HEADER);
    while (learningRecords.hasNext()) {
      LearningRecordLine line = learningRecords.next();
      LearningRecordRepresentation r = line.record();
      printer.printRecord(
          csvLine(
              LEARNING_RECORD_KIND,
              line.user(),
              r.getId(),
              r.getCourseId(),
              r.getCourseName(),
              r.getStatus(),
              r.getScore(),
              r.getStartedAt(),
              r.getCompletedAt(),
              null,
              null,
              null,
              null,
              r.getCreatedAt()));
    }
    while (certificates.hasNext()) {
      CertificateLine line = certificates.next();
      CertificateRepresentation c = line.certificate();
      printer.printRecord(
          csvLine(
              CERTIFICATE_KIND,
              line.user(),
              c.getId(),
              c.getCourseId(),
              null,
              null,
              null,
              null,
              null,
              c.getTitle(),
              c.getSerial(),
              c.getIssuedAt(),
              c.getExpiresAt(),
              c.getCreatedAt()));
    }
    // not closed: the stream belongs to the caller
    printer.flush();
  }

  /**
   * The values in {@link #CSV_HEADER}'s order: text neutralised against formulas, the score as a
   * number, absent values empty.
   */
  private static List<Object> csvLine(
      String kind,
      ExportedUser user,
      String id,
      String courseId,
      String courseName,
      String status,
      Integer score,
      String startedAt,
      String completedAt,
      String title,
      String serial,
      String issuedAt,
      String expiresAt,
      String createdAt) {
    List<Object> values = new ArrayList<>(CSV_HEADER.size());
    for (String text :
        new String[] {
          kind, user.id(), user.username(), user.email(), id, courseId, courseName, status
        }) {
      values.add(ReportWriter.neutralise(text));
    }
    values.add(score == null ? "" : score);
    for (String text :
        new String[] {startedAt, completedAt, title, serial, issuedAt, expiresAt, createdAt}) {
      values.add(ReportWriter.neutralise(text));
    }
    return values;
  }
}
