package io.github.academyoffboarding.bulk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.parse.BulkFileException;
import io.github.academyoffboarding.bulk.parse.ParseLimits;
import io.github.academyoffboarding.bulk.parse.UploadedFileReader;
import io.github.academyoffboarding.bulk.parse.UploadedRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateWriterTest {

  @TempDir Path dir;

  private static byte[] xlsxTemplate() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TemplateWriter.writeXlsx(out, 100_000);
    return out.toByteArray();
  }

  @Test
  void xlsxTemplateHasAUsersSheetAndInstructions() throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsxTemplate()))) {
      assertThat(workbook.getSheetName(0)).isEqualTo("users");
      assertThat(workbook.getActiveSheetIndex()).isZero();
      Cell header = workbook.getSheet("users").getRow(0).getCell(0);
      assertThat(header.getStringCellValue()).isEqualTo("email");
      assertThat(header.getCellComment().getString().getString())
          .contains("username")
          .contains("id");
      Row headers = workbook.getSheet("users").getRow(0);
      assertThat(headers.getCell(1).getStringCellValue()).isEqualTo("date");
      assertThat(headers.getCell(2).getStringCellValue()).isEqualTo("until");
      assertThat(headers.getCell(1).getCellComment().getString().getString())
          .contains("YYYY-MM-DD");
      assertThat(headers.getCell(2).getCellComment().getString().getString())
          .contains("Deactivate only");

      StringBuilder text = new StringBuilder();
      for (Row row : workbook.getSheet("instructions")) {
        row.forEach(cell -> text.append(cell.getStringCellValue()).append(' '));
        text.append('\n');
      }
      assertThat(text.toString())
          .contains("Delete")
          .contains("cannot be undone")
          .contains("learning history")
          .contains("Deactivate")
          .contains("are kept")
          .contains("Reactivate")
          .contains("Match by")
          .contains("username")
          .contains("100,000")
          .contains("Rows hidden in the sheet, for example by a filter")
          .contains("are left out")
          .contains("includeHidden");
    }
  }

  @Test
  void filledInXlsxTemplateReadsBack() throws IOException {
    Path file = dir.resolve("filled.xlsx");
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsxTemplate()))) {
      Sheet users = workbook.getSheet("users");
      users.createRow(1).createCell(0).setCellValue("Ann@Example.org");
      users.createRow(2).createCell(0).setCellValue("0042");
      // A date typed into the template's date column is a date cell with its format.
      Row dated = users.createRow(3);
      dated.createCell(0).setCellValue("dated@example.org");
      dated.createCell(1).setCellValue(java.time.LocalDate.of(2027, 1, 31));
      dated.getCell(1).setCellStyle(users.getColumnStyle(1));
      try (var out = Files.newOutputStream(file)) {
        workbook.write(out);
      }
    }
    List<UploadedRow> rows = new ArrayList<>();
    UploadedFileReader.read(file, "filled.xlsx", MatchBy.EMAIL, ParseLimits.defaults(), rows::add);
    assertThat(rows)
        .extracting(UploadedRow::value)
        .containsExactly("Ann@Example.org", "0042", "dated@example.org");
    assertThat(rows.get(2).date().date()).isEqualTo(java.time.LocalDate.of(2027, 1, 31));
  }

  @Test
  void emptyTemplatesAreRecognisedAsHeaderOnly() throws IOException {
    Path xlsx = dir.resolve("template.xlsx");
    Files.write(xlsx, xlsxTemplate());
    BulkFileException e =
        catchThrowableOfType(
            BulkFileException.class,
            () ->
                UploadedFileReader.read(
                    xlsx, "template.xlsx", MatchBy.EMAIL, ParseLimits.defaults(), row -> {}));
    assertThat(e.messageKey()).isEqualTo("bulk.no-rows");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TemplateWriter.writeCsv(out);
    Path csv = dir.resolve("template.csv");
    Files.write(csv, out.toByteArray());
    BulkFileException csvError =
        catchThrowableOfType(
            BulkFileException.class,
            () ->
                UploadedFileReader.read(
                    csv, "template.csv", MatchBy.EMAIL, ParseLimits.defaults(), row -> {}));
    assertThat(csvError.messageKey()).isEqualTo("bulk.no-rows");
  }

  @Test
  void csvTemplateIsAHeaderLineWithBom() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TemplateWriter.writeCsv(out);
    assertThat(out.toByteArray()).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("\uFEFFemail,date,until\r\n");
  }
}
