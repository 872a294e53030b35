package io.github.academyoffboarding.bulk.parse;

import static io.github.academyoffboarding.bulk.parse.XlsxFixtures.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.academyoffboarding.bulk.MatchBy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad upload gets its status and message key, and no row reaches the consumer. */
class BadFileTest {

  @TempDir Path dir;

  private static final String GOOD_ROWS =
      "<row>" + inline("A1", "email") + "</row><row>" + inline("A2", "a@example.org") + "</row>";

  private BulkFileException failure(String name, byte[] content) {
    return failure(name, content, MatchBy.EMAIL, ParseLimits.defaults());
  }

  private BulkFileException failure(
      String name, byte[] content, MatchBy matchBy, ParseLimits limits) {
    Path file = Upload.write(dir, name, content);
    List<UploadedRow> delivered = new ArrayList<>();
    BulkFileException e =
        catchThrowableOfType(
            BulkFileException.class,
            () -> UploadedFileReader.read(file, name, matchBy, limits, delivered::add));
    assertThat(e).as("expected a BulkFileException").isNotNull();
    assertThat(delivered).as("rows delivered before the failure").isEmpty();
    return e;
  }

  private static void assertError(BulkFileException e, int status, String key) {
    assertThat(e.httpStatus()).as(e.getMessage()).isEqualTo(status);
    assertThat(e.messageKey()).as(e.getMessage()).isEqualTo(key);
    assertThat(e.englishText()).isNotBlank();
  }

  private static byte[] xlsxWithRows(int rows) throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      workbook.createSheet("users").createRow(0).createCell(0).setCellValue("email");
      for (int i = 1; i <= rows; i++) {
        workbook
            .getSheet("users")
            .createRow(i)
            .createCell(0)
            .setCellValue("u" + i + "@example.org");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      return out.toByteArray();
    }
  }

  @Test
  void emptyFile() {
    assertError(failure("users.xlsx", new byte[0]), 400, "bulk.empty-file");
    assertError(failure("users.csv", new byte[0]), 400, "bulk.empty-file");
    assertError(
        failure("users.csv", "\r\n \r\n;;\r\n".getBytes(StandardCharsets.UTF_8)),
        400,
        "bulk.empty-file");
    assertError(
        failure("users.xlsx", XlsxFixtures.workbook().sheet("S", "<row r=\"1\"/>").bytes()),
        400,
        "bulk.empty-file");
  }

  @Test
  void headerOnly() throws IOException {
    assertError(failure("users.xlsx", xlsxWithRows(0)), 400, "bulk.no-rows");
    assertError(
        failure("users.csv", "email\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
        400,
        "bulk.no-rows");
  }

  @Test
  void noRecognisedHeader() {
    byte[] noHeader =
        XlsxFixtures.workbook()
            .sheet(
                "S",
                "<row>"
                    + inline("A1", "a@example.org")
                    + "</row><row>"
                    + inline("A2", "b@example.org")
                    + "</row>")
            .bytes();
    assertError(failure("users.xlsx", noHeader), 400, "bulk.no-header");
    assertError(
        failure("users.csv", "name,phone\nAnn,123\n".getBytes(StandardCharsets.UTF_8)),
        400,
        "bulk.no-header");
  }

  @Test
  void missingColumnForTheChosenMatch() {
    byte[] emailOnly = XlsxFixtures.workbook().sheet("S", GOOD_ROWS).bytes();
    BulkFileException e =
        failure("users.xlsx", emailOnly, MatchBy.USERNAME, ParseLimits.defaults());
    assertError(e, 400, "bulk.missing-column");
    assertThat(e.englishText()).contains("username").contains("email");
    assertError(
        failure(
            "users.csv",
            "email\na@x.org\n".getBytes(StandardCharsets.UTF_8),
            MatchBy.ID,
            ParseLimits.defaults()),
        400,
        "bulk.missing-column");
  }

  @Test
  void tooManyRows() throws IOException {
    ParseLimits five = ParseLimits.defaults().withMaxRows(5);
    BulkFileException e = failure("users.xlsx", xlsxWithRows(6), MatchBy.EMAIL, five);
    assertError(e, 413, "bulk.too-many-rows");
    assertThat(e.englishText()).contains("5");
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i < 6; i++) {
      csv.append("u").append(i).append("@example.org\n");
    }
    assertError(
        failure("users.csv", csv.toString().getBytes(StandardCharsets.UTF_8), MatchBy.EMAIL, five),
        413,
        "bulk.too-many-rows");
  }

  @Test
  void legacyXlsIsRefusedWithAHintToSaveAsXlsx() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HSSFWorkbook workbook = new HSSFWorkbook()) {
      workbook.createSheet("users").createRow(0).createCell(0).setCellValue("email");
      workbook.write(out);
    }
    for (String name : new String[] {"users.xls", "users.xlsx", "users.csv", null}) {
      BulkFileException e = failure(name, out.toByteArray());
      assertError(e, 415, "bulk.unsupported-format");
      assertThat(e.englishText()).contains(".xlsx");
    }
  }

  @Test
  void passwordProtectedWorkbook() throws Exception {
    POIFSFileSystem fs = new POIFSFileSystem();
    Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
    encryptor.confirmPassword("secret");
    try (OutputStream os = encryptor.getDataStream(fs)) {
      os.write(xlsxWithRows(2));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fs.writeFilesystem(out);
    fs.close();

    assertError(failure("users.xlsx", out.toByteArray()), 400, "bulk.encrypted-file");
  }

  @Test
  void otherZipFormats() {
    Map<String, String> ods = new LinkedHashMap<>();
    ods.put("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    ods.put("content.xml", "<office:document-content/>");
    assertThat(failure("users.ods", XlsxFixtures.zip(ods)).englishText()).contains("OpenDocument");
    assertError(failure("users.xlsx", XlsxFixtures.zip(ods)), 415, "bulk.unsupported-format");

    assertError(
        failure("users.zip", XlsxFixtures.zip(Map.of("users.csv", "email\na@x.org\n"))),
        415,
        "bulk.unsupported-format");

    byte[] xlsm =
        XlsxFixtures.workbook()
            .workbookContentType("application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            .sheet("S", GOOD_ROWS)
            .bytes();
    BulkFileException macros = failure("users.xlsm", xlsm);
    assertError(macros, 415, "bulk.unsupported-format");
    assertThat(macros.englishText()).contains(".xlsm");

    byte[] docx =
        XlsxFixtures.workbook()
            .workbookContentType(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
            .sheet("S", GOOD_ROWS)
            .bytes();
    assertError(failure("users.docx", docx), 415, "bulk.unsupported-format");
  }

  @Test
  void otherFileTypesByName() {
    assertError(
        failure("users.pdf", "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII)),
        415,
        "bulk.unsupported-format");
    assertError(
        failure(
            "users.xls",
            "<html><table><tr><td>email</td></tr></table></html>"
                .getBytes(StandardCharsets.US_ASCII)),
        415,
        "bulk.unsupported-format");
    assertError(
        failure("users.xlsx", "email\na@example.org\n".getBytes(StandardCharsets.US_ASCII)),
        400,
        "bulk.corrupt-file");
  }

  @Test
  void truncatedZip() throws IOException {
    byte[] good = xlsxWithRows(50);
    assertError(
        failure("users.xlsx", Arrays.copyOf(good, good.length * 2 / 3)), 400, "bulk.corrupt-file");
    assertError(failure("users.xlsx", Arrays.copyOf(good, 30)), 400, "bulk.corrupt-file");
  }

  @Test
  void damagedCompressedData() {
    StringBuilder rows = new StringBuilder("<row>" + inline("A1", "email") + "</row>");
    for (int i = 2; i < 2000; i++) {
      rows.append("<row>").append(inline("A" + i, "user" + i + "@example.org")).append("</row>");
    }
    byte[] bytes = XlsxFixtures.workbook().sheet("S", rows.toString()).bytes();
    // the sheet is the first entry: overwrite part of its compressed data, leave the directory
    // intact
    for (int i = 200; i < 400; i++) {
      bytes[i] = (byte) (bytes[i] ^ 0x5A);
    }
    assertError(failure("users.xlsx", bytes), 400, "bulk.corrupt-file");
  }

  /** A sheet that expands a thousandfold: POI's inflate-ratio check stops it while it streams. */
  @Test
  void zipBomb() throws IOException {
    XlsxFixtures fixtures = XlsxFixtures.workbook().sheet("S", "PLACEHOLDER");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : fixtures.entries().entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        if (entry.getKey().equals("xl/worksheets/sheet1.xml")) {
          zip.write(
              ("<?xml version=\"1.0\"?><worksheet xmlns=\""
                      + XlsxFixtures.MAIN_NS
                      + "\"><sheetData>")
                  .getBytes(StandardCharsets.UTF_8));
          byte[] spaces = new byte[1024 * 1024];
          Arrays.fill(spaces, (byte) ' ');
          for (int i = 0; i < 50; i++) {
            zip.write(spaces);
          }
          zip.write((GOOD_ROWS + "</sheetData></worksheet>").getBytes(StandardCharsets.UTF_8));
        } else {
          zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    assertThat(bytes.size()).isLessThan(200_000);
    assertError(failure("users.xlsx", bytes.toByteArray()), 413, "bulk.file-too-complex");
  }

  @Test
  void partLargerThanTheEntryLimit() {
    StringBuilder rows = new StringBuilder("<row>" + inline("A1", "email") + "</row>");
    for (int i = 2; i < 3000; i++) {
      rows.append("<row>")
          .append(inline("A" + i, Integer.toHexString(i * 7919) + "@example.org"))
          .append("</row>");
    }
    byte[] bytes = XlsxFixtures.workbook().sheet("S", rows.toString()).bytes();
    ParseLimits small = new ParseLimits(100_000, 64 * 1024, 0.001, 100);
    assertError(failure("users.xlsx", bytes, MatchBy.EMAIL, small), 413, "bulk.file-too-complex");
    // the same file within the default limits is fine
    assertThat(Upload.read(dir, "users.xlsx", bytes).rows).hasSize(2998);
  }

  @Test
  void tooManyZipEntries() {
    XlsxFixtures fixtures = XlsxFixtures.workbook().sheet("S", GOOD_ROWS);
    for (int i = 0; i < 20; i++) {
      fixtures.replace("extra/" + i + ".xml", "<x/>");
    }
    assertError(
        failure(
            "users.xlsx", fixtures.bytes(), MatchBy.EMAIL, new ParseLimits(10, 1 << 20, 0.01, 10)),
        413,
        "bulk.file-too-complex");
  }

  private static final String XXE =
      "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
  private static final String LAUGHS =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
          + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
          + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
          + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
          + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
          + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
          + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
          + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

  private static String withDoctype(String doctype, String entity) {
    return doctype
        + "<worksheet xmlns=\""
        + XlsxFixtures.MAIN_NS
        + "\"><sheetData><row>"
        + inline("A1", "email")
        + "</row><row>"
        + inline("A2", "&" + entity + ";")
        + "</row></sheetData></worksheet>";
  }

  @Test
  void externalEntityInTheSheet() {
    byte[] bytes = XlsxFixtures.workbook().sheet("S", null, withDoctype(XXE, "xxe")).bytes();
    assertError(failure("users.xlsx", bytes), 400, "bulk.corrupt-file");
  }

  @Test
  void entityExpansionInTheSheet() {
    byte[] bytes = XlsxFixtures.workbook().sheet("S", null, withDoctype(LAUGHS, "lol9")).bytes();
    assertError(failure("users.xlsx", bytes), 400, "bulk.corrupt-file");
  }

  @Test
  void entitiesInSharedStrings() {
    String rows =
        "<row><c r=\"A1\" t=\"s\"><v>0</v></c></row><row><c r=\"A2\" t=\"s\"><v>1</v></c></row>";
    for (String[] attack : new String[][] {{XXE, "xxe"}, {LAUGHS, "lol9"}}) {
      String sst =
          attack[0]
              + "<sst xmlns=\""
              + XlsxFixtures.MAIN_NS
              + "\"><si><t>email</t></si><si><t>&"
              + attack[1]
              + ";</t></si></sst>";
      byte[] bytes = XlsxFixtures.workbook().sharedStringsXml(sst).sheet("S", rows).bytes();
      assertError(failure("users.xlsx", bytes), 400, "bulk.corrupt-file");
    }
  }

  @Test
  void entitiesInPackageParts() {
    for (String part : new String[] {"xl/workbook.xml", "[Content_Types].xml", "_rels/.rels"}) {
      Map<String, String> entries = XlsxFixtures.workbook().sheet("S", GOOD_ROWS).entries();
      String original = entries.get(part);
      entries.put(
          part,
          original.replaceFirst(
              "<\\?xml[^>]*\\?>",
              XXE.replace("foo", original.replaceFirst("(?s)^.*?<([A-Za-z]+)[ >].*$", "$1"))));
      assertError(failure("users.xlsx", XlsxFixtures.zip(entries)), 400, "bulk.corrupt-file");
    }
  }

  @Test
  void malformedXml() {
    byte[] bytes = XlsxFixtures.workbook().sheet("S", null, "<worksheet><sheetData><row>").bytes();
    assertError(failure("users.xlsx", bytes), 400, "bulk.corrupt-file");
    byte[] badRef =
        XlsxFixtures.workbook()
            .sheet("S", "<row r=\"x\">" + inline("A1", "email") + "</row>")
            .bytes();
    assertError(failure("users.xlsx", badRef), 400, "bulk.corrupt-file");
    byte[] danglingShared =
        XlsxFixtures.workbook()
            .sharedStrings("email")
            .sheet("S", "<row><c t=\"s\"><v>0</v></c></row><row><c t=\"s\"><v>7</v></c></row>")
            .bytes();
    assertError(failure("users.xlsx", danglingShared), 400, "bulk.corrupt-file");
  }
}
