package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier.Problem;
import io.github.academyoffboarding.bulk.parse.RealWriters.Sheet;
import io.github.academyoffboarding.bulk.parse.RealWriters.Writer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reader's cases on workbooks that SheetJS, exceljs, LibreOffice and Gnumeric write at test
 * time: a summary sheet before the data, a title and a blank row above the header, a trailing
 * carriage return (SheetJS writes it as {@code _x000d_} in a {@code t="str"} cell), invisible
 * characters inside and after addresses.
 */
class RealWriterWorkbooksTest {

  @TempDir Path dir;

  static final List<Sheet> LEAVERS =
      List.of(
          new Sheet("Summary", List.of(List.of("Leavers: 6"), List.of("Prepared by HR"))),
          new Sheet(
              "Leavers",
              List.of(
                  List.of("Leavers December"),
                  List.of(),
                  List.of("name", "email"),
                  List.of("Ann", "u00082@example.org\r"),
                  List.of("Bob", "zw\u200Bsp@example.org"),
                  List.of("Cy", "cy@example.org\u200B"),
                  List.of("Di", "soft\u00ADhyphen@example.org"),
                  List.of("Ed", "rtl\u200F@example.org"),
                  List.of("Fay", "fay@example.org"))));

  @ParameterizedTest
  @EnumSource(Writer.class)
  void summaryTitleEscapesAndInvisibleCharacters(Writer writer) throws IOException {
    byte[] xlsx = RealWriters.write(writer, LEAVERS, dir);
    if (writer == Writer.SHEETJS) {
      // What this case is about: SheetJS's text cells and its escape of the carriage return.
      String sheet = entry(xlsx, "xl/worksheets/sheet2.xml");
      assertThat(sheet).contains("t=\"str\"").containsIgnoringCase("u00082@example.org_x000d_");
    }

    Upload upload = Upload.read(dir, "leavers.xlsx", xlsx);

    assertThat(upload.result.sheetName()).as(writer.name()).isEqualTo("Leavers");
    assertThat(upload.result.sheetCount()).isEqualTo(2);
    assertThat(upload.result.headerRowNumber()).isEqualTo(3);
    assertThat(upload.result.columnHeader()).isEqualTo("email");
    assertThat(upload.rows)
        .extracting(UploadedRow::rowNumber, r -> problemOf(r.value()), r -> detailOf(r.value()))
        .as(writer.name() + " " + upload.values())
        .containsExactly(
            tuple(4, null, null),
            tuple(5, Problem.INVISIBLE_CHARACTER, "U+200B ZERO WIDTH SPACE|3"),
            tuple(6, Problem.INVISIBLE_CHARACTER, "U+200B ZERO WIDTH SPACE|15"),
            tuple(7, Problem.INVISIBLE_CHARACTER, "U+00AD SOFT HYPHEN|5"),
            tuple(8, Problem.INVISIBLE_CHARACTER, "U+200F RIGHT-TO-LEFT MARK|4"),
            tuple(9, null, null));
    assertThat(IdentifierNormalizer.normalize(MatchBy.EMAIL, upload.rows.get(0).value()).value())
        .isEqualTo("u00082@example.org");
  }

  @ParameterizedTest
  @EnumSource(
      value = Writer.class,
      names = {"SHEETJS", "GNUMERIC"})
  void noSheetWithAHeaderIsA400NamingTheSheets(Writer writer) throws IOException {
    byte[] xlsx =
        RealWriters.write(
            writer,
            List.of(
                new Sheet("Summary", List.of(List.of("Leavers: 1"))),
                new Sheet("Addresses", List.of(List.of("ann@example.org")))),
            dir);
    BulkFileException e =
        catchThrowableOfType(BulkFileException.class, () -> Upload.read(dir, "nothing.xlsx", xlsx));
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.messageKey()).isEqualTo("bulk.no-header");
    assertThat(e.englishText()).contains("'Summary', 'Addresses'");
  }

  private static Problem problemOf(String value) {
    return IdentifierNormalizer.normalize(MatchBy.EMAIL, value).problem();
  }

  private static String detailOf(String value) {
    return IdentifierNormalizer.normalize(MatchBy.EMAIL, value).detail();
  }

  static String entry(byte[] xlsx, String name) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " not in the workbook");
  }
}
