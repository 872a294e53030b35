package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: writes bytes to a temporary file and reads them like an upload. */
final class Upload {

  final ParseResult result;
  final List<UploadedRow> rows;

  private Upload(ParseResult result, List<UploadedRow> rows) {
    this.result = result;
    this.rows = rows;
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      Path file = Files.createTempFile(dir, "upload", ".bin");
      Files.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Upload read(Path dir, String name, byte[] content) {
    return read(dir, name, content, MatchBy.EMAIL, ParseLimits.defaults());
  }

  static Upload read(Path dir, String name, byte[] content, MatchBy matchBy, ParseLimits limits) {
    Path file = write(dir, name, content);
    List<UploadedRow> rows = new ArrayList<>();
    ParseResult result = UploadedFileReader.read(file, name, matchBy, limits, rows::add);
    return new Upload(result, rows);
  }

  List<String> values() {
    return rows.stream().map(UploadedRow::value).toList();
  }

  List<Integer> rowNumbers() {
    return rows.stream().map(UploadedRow::rowNumber).toList();
  }
}
