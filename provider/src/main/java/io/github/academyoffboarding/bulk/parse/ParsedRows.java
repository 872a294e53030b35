package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.dates.LeaveDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a file that was read completely, collected before any is handed on, so that a file
 * that turns out bad at its end has delivered nothing.
 */
final class ParsedRows {

  private final int maxRows;
  private final List<UploadedRow> rows = new ArrayList<>();
  private String sheetName;
  private int sheetCount;
  private int headerRowNumber;
  private String columnHeader;

  ParsedRows(int maxRows) {
    this.maxRows = maxRows;
  }

  void header(String sheet, int sheets, int rowNumber, String header) {
    this.sheetName = sheet;
    this.sheetCount = sheets;
    this.headerRowNumber = rowNumber;
    this.columnHeader = header;
  }

  /** Counts a data row; refuses the file as soon as it has one row too many. */
  static void checkRowCount(int rowsSoFar, int maxRows) {
    if (rowsSoFar >= maxRows) {
      throw new BulkFileException(
          413,
          "bulk.too-many-rows",
          "The file has more than " + maxRows + " rows. Split it into several files.");
    }
  }

  void add(int rowNumber, String value, boolean hidden) {
    add(rowNumber, value, hidden, null, null);
  }

  void add(int rowNumber, String value, boolean hidden, LeaveDate date, LeaveDate until) {
    checkRowCount(rows.size(), maxRows);
    rows.add(new UploadedRow(rowNumber, value, hidden, date, until));
  }

  List<UploadedRow> rows() {
    return rows;
  }

  /**
   * Hands every row to {@code consumer} in file order and lets go of each one as it goes, so that
   * what the consumer builds from the rows does not sit next to a full copy of the file; the rows
   * are gone afterwards.
   */
  void drainTo(RowConsumer consumer) {
    for (int i = 0; i < rows.size(); i++) {
      UploadedRow row = rows.get(i);
      rows.set(i, null);
      consumer.accept(row);
    }
    rows.clear();
  }

  String sheetName() {
    return sheetName;
  }

  int sheetCount() {
    return sheetCount;
  }

  int headerRowNumber() {
    return headerRowNumber;
  }

  String columnHeader() {
    return columnHeader;
  }

  /** Cleans a cell value and cuts it to one character more than any identifier may have. */
  static String cellValue(String raw) {
    String value = IdentifierNormalizer.clean(raw);
    return value.length() > IdentifierNormalizer.MAX_LENGTH + 1
        ? value.substring(0, IdentifierNormalizer.MAX_LENGTH + 1)
        : value;
  }
}
