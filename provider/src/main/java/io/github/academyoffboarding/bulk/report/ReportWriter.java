package io.github.academyoffboarding.bulk.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes an import's report as xlsx or CSV while the lines are read, so a 100,000-line report never
 * sits in memory. The caller feeds the lines from the database page by page and owns the output
 * stream (it is flushed, not closed).
 */
public final class ReportWriter {

  static final String[] HEADER = {
    "Row", "Identifier", "Status", "Outcome", "Message", "User ID", "Date", "Until", "Due"
  };

  /** Excel's limit for the text of one cell. */
  static final int MAX_CELL_CHARS = 32_767;

  /** Rows SXSSF keeps in memory before flushing them to its temporary file. */
  private static final int WINDOW = 200;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private ReportWriter() {}

  public static void writeXlsx(Iterator<ReportLine> lines, OutputStream out) throws IOException {
    SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    try {
      workbook.setCompressTempFiles(true);
      Sheet sheet = workbook.createSheet("report");
      Font bold = workbook.createFont();
      bold.setBold(true);
      CellStyle headerStyle = workbook.createCellStyle();
      headerStyle.setFont(bold);
      Row header = sheet.createRow(0);
      for (int i = 0; i < HEADER.length; i++) {
        header.createCell(i).setCellValue(HEADER[i]);
        header.getCell(i).setCellStyle(headerStyle);
      }
      sheet.createFreezePane(0, 1);
      int[] widths = {8, 40, 14, 14, 60, 38, 12, 12, 22};
      for (int i = 0; i < widths.length; i++) {
        sheet.setColumnWidth(i, widths[i] * 256);
      }
      int rowIndex = 1;
      while (lines.hasNext()) {
        ReportLine line = lines.next();
        Row row = sheet.createRow(rowIndex++);
        row.createCell(0).setCellValue(line.rowNumber());
        setText(row, 1, line.identifier());
        setText(row, 2, line.status());
        setText(row, 3, line.outcome());
        setText(row, 4, line.message());
        setText(row, 5, line.userId());
        setText(row, 6, line.date());
        setText(row, 7, line.until());
        setText(row, 8, line.dueAt());
      }
      workbook.write(out);
      out.flush();
    } finally {
      workbook.dispose(); // removes the temporary files
      workbook.close();
    }
  }

  /**
   * A text cell, never a formula: xlsx cells written this way cannot inject anything. Shared with
   * the other downloads (the academy-data export).
   */
  public static void setText(Row row, int column, String value) {
    if (value != null && !value.isEmpty()) {
      row.createCell(column)
          .setCellValue(
              value.length() > MAX_CELL_CHARS ? value.substring(0, MAX_CELL_CHARS) : value);
    }
  }

  /**
   * CSV in UTF-8 with a byte-order mark (so Excel reads it as UTF-8), comma-separated, CRLF line
   * ends.
   */
  public static void writeCsv(Iterator<ReportLine> lines, OutputStream out) throws IOException {
    out.write(UTF8_BOM);
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
    printer.printRecord((Object[]) HEADER);
    while (lines.hasNext()) {
      ReportLine line = lines.next();
      printer.printRecord(
          line.rowNumber(),
          neutralise(line.identifier()),
          neutralise(line.status()),
          neutralise(line.outcome()),
          neutralise(line.message()),
          neutralise(line.userId()),
          neutralise(line.date()),
          neutralise(line.until()),
          neutralise(line.dueAt()));
    }
    // not closed: the stream belongs to the caller
    printer.flush();
  }

  /**
   * Spreadsheet programs run a cell that starts with {@code = + - @} (or a tab or carriage return
   * before one) as a formula; a leading apostrophe makes them show it as text instead (CSV
   * injection). Shared with the other CSV downloads (the academy-data export).
   */
  public static String neutralise(String value) {
    if (value == null || value.isEmpty()) {
      return value == null ? "" : value;
    }
    char first = value.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      return "'" + value;
    }
    return value;
  }
}
