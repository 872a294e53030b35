package io.github.academyoffboarding.security;

import static io.github.academyoffboarding.security.HostileFiles.XLSM_MAIN;
import static io.github.academyoffboarding.security.HostileFiles.XLSX_MAIN;
import static io.github.academyoffboarding.security.HostileFiles.parts;
import static io.github.academyoffboarding.security.HostileFiles.poi;
import static io.github.academyoffboarding.security.HostileFiles.sheet;
import static io.github.academyoffboarding.security.HostileFiles.sheetWithRows;
import static io.github.academyoffboarding.security.HostileFiles.xlsx;
import static io.github.academyoffboarding.security.HostileFiles.zip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and odd uploads against a real Keycloak: each gets its stated answer (an error status and
 * message key, or, for odd but valid files, the preview's counts); a refused file creates no
 * import; the server stays healthy.
 *
 * <p>The 1,000,000-row workbook runs only with {@code -Dhostile.heavy=true} (it takes minutes to
 * write and read).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileFilesIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private static final String ALICE = "alice@example.org";
  private static final String BOB = "bob@example.org";
  static final String JUERGEN = "jürgen@müller.de";
  static final String CHINESE = "用户@例子.广告";
  static final String ARABIC = "مستخدم@مثال.اختبار";

  private KeycloakServer kc;
  private TestRealm realm;
  private int previewsCreated;

  @BeforeAll
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    realm.createUser("alice", ALICE);
    realm.createUser("bob", BOB);
    realm.createUser("juergen", JUERGEN);
    realm.createUser("yonghu", CHINESE);
    realm.createUser("mustakhdim", ARABIC);
  }

  @AfterAll
  void tearDown() {
    if (realm != null) {
      realm.close();
    }
  }

  /** What the server must answer: an error, or a preview with these counts. */
  record Expect(int status, String key, int total, int toProcess, int notFound, int invalid) {
    static Expect error(int status, String key) {
      return new Expect(status, key, 0, 0, 0, 0);
    }

    static Expect preview(int total, int toProcess, int notFound, int invalid) {
      return new Expect(201, null, total, toProcess, notFound, invalid);
    }
  }

  record Case(
      String name, String fileName, String contentType, Supplier<byte[]> content, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // Broken containers.
        c(
            "empty file",
            "users.xlsx",
            XLSX,
            () -> new byte[0],
            Expect.error(400, "bulk.empty-file")),
        c(
            "random bytes named .xlsx",
            "users.xlsx",
            XLSX,
            HostileFilesIT::randomBytes,
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "truncated zip (two thirds)",
            "users.xlsx",
            XLSX,
            () -> cut(good(), 2, 3),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "truncated zip (30 bytes)",
            "users.xlsx",
            XLSX,
            () -> Arrays.copyOf(good(), 30),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "damaged deflate data",
            "users.xlsx",
            XLSX,
            HostileFilesIT::damaged,
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "zip bomb: 100 MiB sheet in ~100 KiB",
            "users.xlsx",
            XLSX,
            HostileFilesIT::zipBomb,
            Expect.error(413, "bulk.file-too-complex")),
        c(
            "1,200 zip entries",
            "users.xlsx",
            XLSX,
            HostileFilesIT::manyEntries,
            Expect.error(413, "bulk.file-too-complex")),
        // XML attacks.
        c(
            "external entity (XXE) in the sheet",
            "users.xlsx",
            XLSX,
            () ->
                xlsx(
                    "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM "
                        + "\"file:///etc/passwd\">]><worksheet xmlns=\""
                        + HostileFiles.MAIN_NS
                        + "\"><sheetData><row r=\"1\"><c r=\"A1\" "
                        + "t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData></worksheet>"),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "entity expansion (billion laughs) in the sheet",
            "users.xlsx",
            XLSX,
            () -> xlsx(billionLaughs()),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "external entity in sharedStrings.xml",
            "users.xlsx",
            XLSX,
            () ->
                zip(
                    parts(
                        XLSX_MAIN,
                        sheet(ALICE),
                        Map.of(
                            "xl/sharedStrings.xml",
                            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]><sst xmlns=\""
                                + HostileFiles.MAIN_NS
                                + "\"><si><t>&x;email</t></si></sst>"))),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "DTD in [Content_Types].xml",
            "users.xlsx",
            XLSX,
            () ->
                zip(
                    parts(
                        XLSX_MAIN,
                        sheet(ALICE),
                        Map.of(
                            "[Content_Types].xml",
                            "<?xml version=\"1.0\"?><!DOCTYPE Types [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
                                + "ContentType=\"&b;\"/></Types>"))),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "malformed sheet XML",
            "users.xlsx",
            XLSX,
            () -> xlsx("<worksheet xmlns=\"" + HostileFiles.MAIN_NS + "\"><sheetData><row>"),
            Expect.error(400, "bulk.corrupt-file")),
        c(
            "cell beyond column XFD",
            "users.xlsx",
            XLSX,
            () ->
                xlsx(
                    sheetWithRows(
                        "<row r=\"1\"><c r=\"XFE1\" t=\"inlineStr\"><is><t>email"
                            + "</t></is></c></row>")),
            Expect.error(400, "bulk.corrupt-file")),
        // Other formats.
        c(
            ".xlsm with macros (vbaProject.bin, macro-enabled content type)",
            "users.xlsm",
            "application/vnd.ms-excel.sheet.macroEnabled.12",
            HostileFilesIT::xlsm,
            Expect.error(415, "bulk.unsupported-format")),
        c(
            ".xlsm renamed to .xlsx",
            "users.xlsx",
            XLSX,
            HostileFilesIT::xlsm,
            Expect.error(415, "bulk.unsupported-format")),
        c(
            ".xls (BIFF8)",
            "users.xls",
            "application/vnd.ms-excel",
            HostileFilesIT::xls,
            Expect.error(415, "bulk.unsupported-format")),
        c(
            ".ods",
            "users.ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            HostileFilesIT::ods,
            Expect.error(415, "bulk.unsupported-format")),
        c(
            "PDF",
            "users.pdf",
            "application/pdf",
            () -> "%PDF-1.4\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1),
            Expect.error(415, "bulk.unsupported-format")),
        c(
            "password-protected .xlsx (agile encryption)",
            "users.xlsx",
            XLSX,
            HostileFilesIT::encrypted,
            Expect.error(400, "bulk.encrypted-file")),
        // Shape.
        c(
            "header only",
            "users.xlsx",
            XLSX,
            () -> xlsx(sheet()),
            Expect.error(400, "bulk.no-rows")),
        c(
            "no recognised header",
            "users.csv",
            "text/csv",
            () -> utf8("name,phone\nAnn,123\n"),
            Expect.error(400, "bulk.no-header")),
        c(
            "100,001 rows (CSV)",
            "users.csv",
            "text/csv",
            () -> csvRows(100_001),
            Expect.error(413, "bulk.too-many-rows")),
        c(
            "10,000 columns, e-mail in the last",
            "users.xlsx",
            XLSX,
            HostileFilesIT::wide,
            Expect.preview(2, 2, 0, 0)),
        c(
            "32,000-character cell",
            "users.xlsx",
            XLSX,
            () -> xlsx(sheet("x".repeat(32_000) + "@example.org", ALICE)),
            Expect.preview(2, 1, 0, 1)),
        c(
            "formulas with cached values",
            "users.xlsx",
            XLSX,
            HostileFilesIT::formulas,
            Expect.preview(2, 2, 0, 0)),
        c(
            "dates in the e-mail column and beside it",
            "users.xlsx",
            XLSX,
            HostileFilesIT::dates,
            Expect.preview(2, 1, 0, 1)),
        c("merged cells", "users.xlsx", XLSX, HostileFilesIT::merged, Expect.preview(2, 2, 0, 0)),
        // Text.
        c(
            "internationalised e-mail addresses (xlsx, upper case)",
            "users.xlsx",
            XLSX,
            () -> xlsx(sheet("JÜRGEN@MÜLLER.DE", CHINESE, "nobody@例子.广告")),
            Expect.preview(3, 2, 1, 0)),
        c(
            "right-to-left address and text (CSV)",
            "users.csv",
            "text/csv",
            () ->
                utf8(
                    "email,\u0627\u0644\u0627\u0633\u0645\n"
                        + ARABIC
                        + ",\u200f\u0645\u0633\u062a\u062e\u062f\u0645\n")),
        c(
            "CSV with a NUL byte",
            "users.csv",
            "text/csv",
            () -> utf8("email\nalice@example.org\u0000\nbob@example.org\n"),
            Expect.error(400, "bulk.invalid-encoding")),
        c(
            "CSV in UTF-16 with BOM",
            "users.csv",
            "text/csv",
            () -> "email\nalice@example.org\n".getBytes(StandardCharsets.UTF_16),
            Expect.error(400, "bulk.invalid-encoding")),
        c(
            "CSV in ISO-8859-1",
            "users.csv",
            "text/csv",
            () -> ("email\n" + JUERGEN + "\n").getBytes(StandardCharsets.ISO_8859_1),
            Expect.error(400, "bulk.invalid-encoding")),
        c(
            "CSV with mixed line endings",
            "users.csv",
            "text/csv",
            () -> utf8("email\r\n" + ALICE + "\n" + BOB + "\rnobody@example.org\r\n" + JUERGEN),
            Expect.preview(4, 3, 1, 0)),
        c(
            "CSV with BOM and semicolons",
            "users.csv",
            "text/csv",
            () -> utf8("\uFEFFName;E-Mail\nAlice;" + ALICE + "\n\"Bob; Jr.\";" + BOB + "\n"),
            Expect.preview(2, 2, 0, 0)),
        c(
            "CSV quoted newlines and formula-looking cells",
            "users.csv",
            "text/csv",
            () -> utf8("note,email\n\"two\nlines\"," + ALICE + "\nx,=HYPERLINK(\"http://evil\")\n"),
            Expect.preview(2, 1, 0, 1)));
  }

  private static Case c(
      String name, String fileName, String contentType, Supplier<byte[]> content, Expect expect) {
    return new Case(name, fileName, contentType, content, expect);
  }

  private static Case c(
      String name, String fileName, String contentType, Supplier<byte[]> content) {
    return new Case(name, fileName, contentType, content, Expect.preview(1, 1, 0, 0));
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachFileGetsItsAnswer(Case c) {
    assertAnswer(c.name, upload(c.fileName, c.content.get(), c.contentType), c.expect);
  }

  @Order(2)
  @Test
  void missingFilePart() {
    TestResponse r =
        realm
            .admin()
            .postMultipart(
                realm.path("/bulk-users/imports"),
                Map.of("action", "DELETE"),
                null,
                null,
                null,
                null);
    assertAnswer("no file part", r, Expect.error(400, "bulk.missing-file"));
  }

  /**
   * 11 MiB. Keycloak leaves Quarkus' request body limit at its default (10,240 KiB = the
   * extension's default max-upload-size), so Quarkus itself answers 413 (without the extension's
   * JSON) and closes the connection. Sent over HTTP/1.1: over h2c, Java's client reports the
   * server's GOAWAY instead of the answer. With {@code Expect: 100-continue}, as curl sends for a
   * large upload: Quarkus answers 413 on the headers (the Content-Length is over its limit) before
   * any of the body is sent; otherwise the client may still be writing when the server closes, and
   * reads a broken pipe instead of the answer (CI saw it once).
   */
  @Order(2)
  @Test
  void largerThanTheUploadLimit() throws Exception {
    String boundary = "----hostile";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write(
        utf8(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nDEACTIVATE\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n"));
    body.write(elevenMegabytes());
    body.write(utf8("\r\n--" + boundary + "--\r\n"));
    HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r =
        http11.send(
            realm
                .admin()
                .request(realm.path("/bulk-users/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
  }

  /** Heavy: a 1,000,000-row workbook, streamed with SXSSF to a temporary file. */
  @Order(3)
  @Test
  void millionRows() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Boolean.getBoolean("hostile.heavy"), "set -Dhostile.heavy=true");
    Path file = Files.createTempFile("million-", ".xlsx");
    try {
      try (SXSSFWorkbook wb = new SXSSFWorkbook(100);
          OutputStream out = Files.newOutputStream(file)) {
        wb.setCompressTempFiles(true);
        var sheet = wb.createSheet("Users");
        sheet.createRow(0).createCell(0).setCellValue("email");
        for (int i = 1; i <= 1_000_000; i++) {
          sheet.createRow(i).createCell(0).setCellValue("u" + i + "@x.io");
        }
        wb.write(out);
        wb.dispose();
      }
      long size = Files.size(file);
      // Under the 10 MiB upload limit, so the row limit is what refuses it.
      assertThat(size).as("size of the 1M-row workbook").isLessThan(10L * 1024 * 1024);
      assertAnswer(
          "1,000,000 rows",
          upload("million.xlsx", Files.readAllBytes(file), XLSX),
          Expect.error(413, "bulk.too-many-rows"));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Order(4)
  @Test
  void refusedFilesCreatedNothingAndTheServerIsHealthy() throws Exception {
    JsonNode imports = realm.admin().get(realm.path("/bulk-users/imports?max=500")).json();
    assertThat(imports.size())
        .as("imports in the realm = previews that were accepted")
        .isEqualTo(previewsCreated);

    String management = managementUrl();
    if (management != null) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create(management + "/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      double heap = heapUsed(http, management);
      double max = heapMax(http, management);
      System.out.printf(
          "HostileFilesIT: heap used after all files %.0f MiB of %.0f MiB max%n",
          heap / 1048576, max / 1048576);
      assertThat(heap)
          .as("heap used after the hostile files")
          .isLessThan(max > 0 ? max * 0.9 : 512d * 1024 * 1024);
    }
    // The ordinary API still answers (also where the management port is not known).
    assertThat(realm.admin().get(realm.path("/users/count")).status()).isEqualTo(200);
    assertThat(upload("ok.csv", utf8("email\n" + ALICE + "\n"), "text/csv").status())
        .isEqualTo(201);
  }

  private void assertAnswer(String name, TestResponse r, Expect expect) {
    assertThat(r.status()).as(name + ": " + r).isEqualTo(expect.status);
    if (expect.key != null) {
      assertThat(r.json().get("error").asText()).as(name + ": " + r).isEqualTo(expect.key);
      assertThat(r.json().get("errorDescription").asText()).as(name).isNotBlank();
      return;
    }
    previewsCreated++;
    JsonNode s = r.json().get("summary");
    assertThat(
            new int[] {
              s.get("totalRows").asInt(),
              s.get("toProcess").asInt(),
              s.get("notFound").asInt(),
              s.get("invalid").asInt()
            })
        .as(name + " preview counts [total, toProcess, notFound, invalid]: " + r)
        .containsExactly(expect.total, expect.toProcess, expect.notFound, expect.invalid);
  }

  private TestResponse upload(String fileName, byte[] content, String contentType) {
    return realm
        .admin()
        .postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE"),
            "file",
            fileName,
            content,
            contentType);
  }

  /**
   * The management interface's URL as Keycloak logs it at start-up, or null where it is not in the
   * log.
   */
  private String managementUrl() {
    Matcher m =
        Pattern.compile("Management interface listening on (https?://[^\\s]+?)\\.?\\s")
            .matcher(kc.log());
    String url = null;
    while (m.find()) {
      url = m.group(1);
    }
    return url;
  }

  private static double heapUsed(HttpClient http, String management) throws Exception {
    return metric(http, management, "jvm_memory_used_bytes");
  }

  private static double heapMax(HttpClient http, String management) throws Exception {
    return metric(http, management, "jvm_memory_max_bytes");
  }

  /** Sum over the heap pools of a Micrometer gauge; -1 where a pool has no maximum. */
  private static double metric(HttpClient http, String management, String name) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(management + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^" + name + "\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+-]+)")
            .matcher(text);
    boolean found = false;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      sum += v < 0 ? 0 : v;
      found = true;
    }
    assertThat(found).as(name + " in /metrics").isTrue();
    return sum;
  }

  // ---- fixtures ----

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] good() {
    StringBuilder rows = new StringBuilder();
    String[] emails = new String[3000];
    for (int i = 0; i < emails.length; i++) {
      emails[i] = "user" + i + "@example.org";
    }
    return xlsx(sheet(emails));
  }

  private static byte[] cut(byte[] bytes, int num, int den) {
    return Arrays.copyOf(bytes, bytes.length * num / den);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[4096];
    new java.util.Random(42).nextBytes(b);
    b[0] = 'P';
    b[1] = 'K';
    b[2] = 3;
    b[3] = 4;
    return b;
  }

  /** Garbage in the middle of the compressed sheet, the central directory intact. */
  private static byte[] damaged() {
    byte[] b = good();
    for (int i = b.length / 3; i < b.length / 3 + 200; i++) {
      b[i] = (byte) (b[i] ^ 0x5A);
    }
    return b;
  }

  private static byte[] zipBomb() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(9);
      for (Map.Entry<String, String> e : parts(XLSX_MAIN, "", Map.of()).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        if (e.getKey().equals("xl/worksheets/sheet1.xml")) {
          zip.write(
              ("<?xml version=\"1.0\"?><worksheet xmlns=\""
                      + HostileFiles.MAIN_NS
                      + "\"><sheetData>")
                  .getBytes(StandardCharsets.UTF_8));
          HostileFiles.repeat(zip, (byte) ' ', 100L * 1024 * 1024);
          zip.write(
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"
                  .getBytes(StandardCharsets.UTF_8));
        } else {
          zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bytes.size()).isLessThan(300_000);
    return bytes.toByteArray();
  }

  private static byte[] manyEntries() {
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < 1200; i++) {
      extra.put("xl/media/padding" + i + ".xml", "<x/>");
    }
    return zip(parts(XLSX_MAIN, sheet(ALICE), extra));
  }

  private static String billionLaughs() {
    StringBuilder dtd =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY l")
          .append(i)
          .append(" \"")
          .append(("&l" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    return dtd
        + "]><worksheet xmlns=\""
        + HostileFiles.MAIN_NS
        + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&l9;"
        + "</t></is></c></row></sheetData></worksheet>";
  }

  private static byte[] xlsm() {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(
        "xl/vbaProject.bin",
        "\u00d0\u00cf\u0011\u00e0 Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nShell \"calc.exe\"\nEnd Sub\n");
    extra.put(
        "xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
            + "http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\""
            + HostileFiles.REL_NS
            + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\""
            + HostileFiles.REL_NS
            + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
            + "Target=\"vbaProject.bin\"/></Relationships>");
    return zip(parts(XLSM_MAIN, sheet(ALICE), extra));
  }

  private static byte[] xls() {
    try (HSSFWorkbook wb = new HSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = wb.createSheet("Users");
      sheet.createRow(0).createCell(0).setCellValue("email");
      sheet.createRow(1).createCell(0).setCellValue(ALICE);
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] ods() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    entries.put(
        "META-INF/manifest.xml",
        "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\""
            + "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" "
            + "manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/></manifest:manifest>");
    entries.put(
        "content.xml",
        "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>");
    return zip(entries);
  }

  private static byte[] encrypted() {
    byte[] plain = xlsx(sheet(ALICE));
    try (POIFSFileSystem fs = new POIFSFileSystem();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
      enc.confirmPassword("secret");
      try (OutputStream os = enc.getDataStream(fs)) {
        os.write(plain);
      }
      fs.writeFilesystem(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] csvRows(int rows) {
    StringBuilder sb = new StringBuilder("email\n");
    for (int i = 0; i < rows; i++) {
      sb.append('u').append(i).append("@x.io\n");
    }
    return utf8(sb.toString());
  }

  private static byte[] elevenMegabytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.write(utf8("email\n" + ALICE + "\n"));
      byte[] line =
          utf8("padding-padding-padding-padding-padding-padding-padding-padding@example.org\n");
      while (out.size() < 11 * 1024 * 1024) {
        out.write(line);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] wide() {
    return poi(
        sheet -> {
          Row header = sheet.createRow(0);
          Row r1 = sheet.createRow(1);
          Row r2 = sheet.createRow(2);
          for (int col = 0; col < 9_999; col++) {
            header.createCell(col).setCellValue("col" + col);
            r1.createCell(col).setCellValue(col);
            r2.createCell(col).setCellValue("x" + col);
          }
          header.createCell(9_999).setCellValue("email");
          r1.createCell(9_999).setCellValue(ALICE);
          r2.createCell(9_999).setCellValue(BOB);
        });
  }

  private static byte[] formulas() {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = wb.createSheet("Users");
      sheet.createRow(0).createCell(0).setCellValue("email");
      sheet.createRow(1).createCell(0).setCellFormula("LOWER(\"ALICE@EXAMPLE.ORG\")");
      sheet.createRow(2).createCell(0).setCellFormula("CONCATENATE(\"bob\",\"@\",\"example.org\")");
      wb.getCreationHelper().createFormulaEvaluator().evaluateAll(); // stores the cached values
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] dates() {
    try (XSSFWorkbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = wb.createSheet("Users");
      CellStyle dateStyle = wb.createCellStyle();
      dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
      Row h = sheet.createRow(0);
      h.createCell(0).setCellValue("email");
      h.createCell(1).setCellValue("leaving on");
      Row a = sheet.createRow(1);
      a.createCell(0).setCellValue(ALICE);
      Cell d = a.createCell(1);
      d.setCellValue(LocalDate.of(2026, 3, 31));
      d.setCellStyle(dateStyle);
      Cell wrong = sheet.createRow(2).createCell(0);
      wrong.setCellValue(LocalDate.of(2026, 4, 1));
      wrong.setCellStyle(dateStyle);
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] merged() {
    return poi(
        sheet -> {
          Row title = sheet.createRow(0);
          title.createCell(0).setCellValue("email");
          title.createCell(1).setCellValue("name");
          sheet.createRow(1).createCell(0).setCellValue(ALICE);
          sheet.getRow(1).createCell(1).setCellValue("Alice and Bob (merged)");
          sheet.createRow(2).createCell(0).setCellValue(BOB);
          sheet.addMergedRegion(new CellRangeAddress(1, 2, 1, 1));
        });
  }
}
