package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.academyoffboarding.bulk.MatchBy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowReaderTest {

  @TempDir Path dir;

  private Upload read(String content) {
    return read(content.getBytes(StandardCharsets.UTF_8), MatchBy.EMAIL);
  }

  private Upload read(byte[] content, MatchBy matchBy) {
    return Upload.read(dir, "users.csv", content, matchBy, ParseLimits.defaults());
  }

  private BulkFileException failure(byte[] content) {
    return catchThrowableOfType(BulkFileException.class, () -> read(content, MatchBy.EMAIL));
  }

  @Test
  void excelSemicolonCsvWithBomAndCrLf() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        "Name;E-Mail;Phone\r\nAnn;ann@example.org;1,5\r\nBob; Bob@Example.org ;\r\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, content, 0, bom.length);
    System.arraycopy(body, 0, content, bom.length, body.length);

    Upload upload = read(content, MatchBy.EMAIL);

    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(tuple(2, "ann@example.org"), tuple(3, "Bob@Example.org"));
    assertThat(upload.result)
        .isEqualTo(new ParseResult(FileFormat.CSV, null, 0, 1, "E-Mail", 2, 0));
  }

  @Test
  void commaCsvWithLfOrCrLineEnds() {
    assertThat(read("email,name\na@example.org,A\nb@example.org,B\n").values())
        .containsExactly("a@example.org", "b@example.org");
    assertThat(read("email,name\ra@example.org,A\rb@example.org,B").values())
        .containsExactly("a@example.org", "b@example.org");
  }

  @Test
  void singleColumnWithoutDelimiter() {
    assertThat(read("EMAIL\r\na@example.org\r\n").values()).containsExactly("a@example.org");
  }

  @Test
  void tabDelimited() {
    assertThat(read("name\temail\nAnn, Jr.\ta@example.org\n").values())
        .containsExactly("a@example.org");
  }

  @Test
  void quotedFieldsWithDelimitersQuotesAndLineBreaksKeepSpreadsheetRowNumbers() {
    String csv =
        "\"name\",\"email\"\r\n"
            + "\"Doe, Jane\",\"jane@example.org\"\r\n"
            + "\"two\r\nlines\",  \"x@example.org\"  \r\n"
            + "\"say \"\"hi\"\"\",y@example.org\r\n";
    Upload upload = read(csv);
    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(
            tuple(2, "jane@example.org"), tuple(3, "x@example.org"), tuple(4, "y@example.org"));
  }

  @Test
  void semicolonDetectionIgnoresCommasInsideQuotes() {
    assertThat(read("\"last, first\";email\n\"Doe, J\";j@example.org\n").values())
        .containsExactly("j@example.org");
  }

  @Test
  void blankLinesAreSkippedButCounted() {
    Upload upload = read("\n\nemail;name\n\n;\na@example.org;A\n ;Bob\n");
    assertThat(upload.result.headerRowNumber()).isEqualTo(3);
    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, UploadedRow::value)
        .containsExactly(tuple(6, "a@example.org"), tuple(7, ""));
  }

  @Test
  void excelSepLineSetsTheDelimiterAndIsNotARow() {
    Upload upload = read("sep=;\r\nemail;id\r\na@example.org;1\r\n");
    assertThat(upload.result.headerRowNumber()).isEqualTo(1);
    assertThat(upload.rows).containsExactly(new UploadedRow(2, "a@example.org", false));
  }

  @Test
  void shortRecordsGiveAnEmptyValue() {
    Upload upload =
        read("name,username\nAnn\nBob,bob\n".getBytes(StandardCharsets.UTF_8), MatchBy.USERNAME);
    assertThat(upload.values()).containsExactly("", "bob");
  }

  @Test
  void internationalisedAddresses() {
    assertThat(read("email\njörg@bücher.de\n用户@例子.广告\n").values())
        .containsExactly("jörg@bücher.de", "用户@例子.广告");
  }

  @Test
  void hugeFieldIsCut() {
    Upload upload = read("email\n" + "a".repeat(50_000) + "\n");
    assertThat(upload.values().get(0)).hasSize(IdentifierNormalizer.MAX_LENGTH + 1);
  }

  @Test
  void nulBytesAreRefused() {
    BulkFileException e = failure("email\na@exa\0mple.org\n".getBytes(StandardCharsets.UTF_8));
    assertThat(e.messageKey()).isEqualTo("bulk.invalid-encoding");
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void utf16IsRefused() {
    assertThat(failure("email\na@example.org\n".getBytes(StandardCharsets.UTF_16LE)).messageKey())
        .isEqualTo("bulk.invalid-encoding");
    byte[] withBom = "\uFEFFemail\na@example.org\n".getBytes(StandardCharsets.UTF_16LE);
    assertThat(failure(withBom).messageKey()).isEqualTo("bulk.invalid-encoding");
  }

  @Test
  void windows1252IsRefusedInsteadOfGarbled() {
    BulkFileException e =
        failure("email\nj\u00f6rg@example.org\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(e.messageKey()).isEqualTo("bulk.invalid-encoding");
    assertThat(e.englishText()).contains("CSV UTF-8");
  }

  @Test
  void unclosedQuoteIsACorruptFile() {
    BulkFileException e = failure("email\n\"a@example.org\n".getBytes(StandardCharsets.UTF_8));
    assertThat(e.messageKey()).isEqualTo("bulk.corrupt-file");
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void fileNamesWithoutExtensionAreReadAsCsv() {
    Upload upload =
        Upload.read(dir, null, "email\na@example.org\n".getBytes(StandardCharsets.UTF_8));
    assertThat(upload.values()).containsExactly("a@example.org");
    assertThat(
            Upload.read(dir, "blob", "email\nb@example.org\n".getBytes(StandardCharsets.UTF_8))
                .values())
        .containsExactly("b@example.org");
  }
}
