package io.github.academyoffboarding.bulk.parse;

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
 */
public record UploadedRow(int rowNumber, String value, boolean hidden) {}
