package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads an uploaded .xlsx or .csv file into rows of identifiers.
 *
 * <p>The whole file is read and checked before the first row reaches the consumer: if {@code read}
 * throws, the consumer has not been called, so a bad file creates nothing. Every problem with the
 * file is a {@link BulkFileException} carrying its HTTP status and message key:
 *
 * <ul>
 *   <li>400 {@code bulk.empty-file}, {@code bulk.no-header}, {@code bulk.missing-column}, {@code
 *       bulk.corrupt-file} (also XML with a DTD or entities), {@code bulk.encrypted-file}, {@code
 *       bulk.invalid-encoding} (CSV not in UTF-8);
 *   <li>413 {@code bulk.too-many-rows}, {@code bulk.file-too-complex} (a zip bomb, too many parts);
 *   <li>415 {@code bulk.unsupported-format} (.xls, .ods, .xlsm, other files).
 * </ul>
 */
public final class UploadedFileReader {

  private UploadedFileReader() {}

  /**
   * @param file the upload, already saved to a temporary file (xlsx is read from the file, not from
   *     memory)
   * @param fileName the name the browser sent (may be null); used only to tell CSV from other text
   *     files
   * @param matchBy which column to read
   * @param limits limits to apply
   * @param consumer receives the data rows in file order, after the whole file has been read
   */
  public static ParseResult read(
      Path file, String fileName, MatchBy matchBy, ParseLimits limits, RowConsumer consumer) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(matchBy, "matchBy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(consumer, "consumer");
    FileFormat format = FileTypeDetector.detect(file, fileName, limits);
    ParsedRows parsed =
        format == FileFormat.XLSX
            ? XlsxRowReader.read(file, matchBy, limits)
            : CsvRowReader.read(file, matchBy, limits);
    if (parsed.rows().isEmpty()) {
      throw new BulkFileException(
          400, "bulk.no-rows", "The file has a header but no rows below it.");
    }
    int total = parsed.rows().size();
    int hidden = (int) parsed.rows().stream().filter(UploadedRow::hidden).count();
    parsed.drainTo(consumer);
    return new ParseResult(
        format,
        parsed.sheetName(),
        parsed.sheetCount(),
        parsed.headerRowNumber(),
        parsed.columnHeader(),
        total,
        hidden);
  }
}
