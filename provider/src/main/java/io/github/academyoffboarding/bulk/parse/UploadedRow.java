package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.dates.LeaveDate;

/**
 * One data row of an upload.
 *
 * @param rowNumber the row number the admin sees in the spreadsheet program (1-based, header
 *     included)
 * @param value the identifier cell, cleaned of surrounding white space; empty when the row has
 *     other content but no identifier; at most {@link IdentifierNormalizer#MAX_LENGTH} + 1
 *     characters (a longer cell is cut there, so it still reads as too long)
 * @param hidden whether the row is hidden in the spreadsheet (a filter or "hide row"); always false
 *     for CSV
 * @param date the optional {@code date} column: absent, a date, or the text read when it is not an
 *     ISO date (an xlsx date cell reads as its date)
 * @param until the optional {@code until} column, read the same way
 */
public record UploadedRow(
    int rowNumber, String value, boolean hidden, LeaveDate date, LeaveDate until) {

  public UploadedRow {
    date = date == null ? LeaveDate.absent() : date;
    until = until == null ? LeaveDate.absent() : until;
  }

  /** A row without dates. */
  public UploadedRow(int rowNumber, String value, boolean hidden) {
    this(rowNumber, value, hidden, null, null);
  }
}
