package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Workbooks of 20 users of which an admin sees only the 2 leavers, as real spreadsheet programs
 * write them: by LibreOffice Calc (a filter and a collapsed outline group) and by Apache POI (rows
 * hidden by hand, a filter, a collapsed group). The test writes the files; the server reads them
 * with its streaming reader.
 *
 * <p>Rows 2–21 hold {@code email(0)} … {@code email(19)}; only rows of {@link #VISIBLE} are
 * visible.
 */
public final class HiddenRowWorkbooks {

  /** Indexes (0–19) of the users on visible rows. */
  static final Set<Integer> VISIBLE = Set.of(3, 11);

  /** Rows (spreadsheet numbering) that every writer hides. */
  static final Set<Integer> HIDDEN_ROWS = hiddenRows();

  static final int USERS = 20;

  private HiddenRowWorkbooks() {}

  private static Set<Integer> hiddenRows() {
    Set<Integer> rows = new TreeSet<>();
    for (int i = 0; i < USERS; i++) {
      if (!VISIBLE.contains(i)) {
        rows.add(i + 2);
      }
    }
    return Set.copyOf(rows);
  }

  /**
   * Users 16–19 sit in a collapsed outline group (and pass the filter: they are hidden by the group
   * alone); the other non-leavers are filtered out by "status = leaves".
   */
  private static boolean collapsed(int i) {
    return i >= 16;
  }

  private static String status(int i) {
    return VISIBLE.contains(i) || collapsed(i) ? "leaves" : "stays";
  }

  /**
   * A Flat ODS with an autofilter (a database range with filter buttons and a condition on the
   * status column) and its result stored as LibreOffice stores it (rows with {@code
   * table:visibility="filter"} and, in a hidden row group, {@code "collapse"}), converted to .xlsx
   * by {@code soffice --headless --convert-to xlsx}: the .xlsx is LibreOffice's own export.
   */
  static byte[] libreOffice(List<String> emails, Path workDir) throws IOException {
    StringBuilder rows = new StringBuilder();
    rows.append(row(null, "email", "status"));
    for (int i = 0; i < USERS; i++) {
      if (i == 16) {
        rows.append("<table:table-row-group table:display=\"false\">\n");
      }
      String visibility = VISIBLE.contains(i) ? null : collapsed(i) ? "collapse" : "filter";
      rows.append(row(visibility, emails.get(i), status(i)));
    }
    rows.append("</table:table-row-group>\n");
    String fods =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document
          xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
          xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
          xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
          office:version="1.3"
          office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
         <office:body>
          <office:spreadsheet>
           <table:table table:name="users">
            <table:table-column/>
            <table:table-column/>
        %s   </table:table>
           <table:database-ranges>
            <table:database-range table:name="__Anonymous_Sheet_DB__0"
                table:target-range-address="users.A1:users.B21" table:display-filter-buttons="true">
             <table:filter>
              <table:filter-condition table:field-number="1" table:value="leaves" table:operator="="/>
             </table:filter>
            </table:database-range>
           </table:database-ranges>
          </office:spreadsheet>
         </office:body>
        </office:document>
        """
            .formatted(rows);
    return convert(fods, workDir);
  }

  /**
   * A flat OpenDocument spreadsheet ({@code .fods}) saved as {@code .xlsx} by LibreOffice itself
   * ({@code soffice --headless --convert-to xlsx}), in a folder of its own under {@code workDir}.
   */
  public static byte[] convert(String fods, Path workDir) throws IOException {
    String soffice = soffice();
    Path dir = Files.createDirectories(workDir.resolve("lo-" + UUID.randomUUID()));
    Path source = dir.resolve("leavers.fods");
    Files.writeString(source, fods, StandardCharsets.UTF_8);
    Path profile = dir.resolve("profile");
    Path out = Files.createDirectories(dir.resolve("out"));
    ProcessBuilder pb =
        new ProcessBuilder(
                soffice,
                // A profile of its own: another soffice (another test, a desktop session) holding
                // the default profile would make this one hand over and exit without converting.
                "-env:UserInstallation=" + profile.toUri(),
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx",
                "--outdir",
                out.toString(),
                source.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("soffice.log").toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("soffice did not convert within 180 s");
      }
      Path xlsx = out.resolve("leavers.xlsx");
      assertThat(xlsx)
          .as("soffice (exit %s) wrote %s; its output: %s", p.exitValue(), xlsx, log(dir))
          .exists();
      return Files.readAllBytes(xlsx);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteTree(profile);
    }
  }

  private static String row(String visibility, String a, String b) {
    return "<table:table-row"
        + (visibility == null ? "" : " table:visibility=\"" + visibility + "\"")
        + ">"
        + cell(a)
        + cell(b)
        + "</table:table-row>\n";
  }

  private static String cell(String text) {
    return "<table:table-cell office:value-type=\"string\"><text:p>"
        + text.replace("&", "&amp;").replace("<", "&lt;")
        + "</text:p></table:table-cell>";
  }

  /**
   * LibreOffice's soffice, from PATH or Debian's place. Missing is a failure, not a skip: CI
   * installs Debian's libreoffice-calc-nogui.
   */
  static String soffice() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "soffice"));
      }
    }
    candidates.add(Path.of("/usr/bin/soffice"));
    candidates.add(Path.of("/usr/lib/libreoffice/program/soffice"));
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(
            () ->
                new AssertionError(
                    "LibreOffice is needed for this test and soffice was not found:"
                        + " apt-get install -y libreoffice-calc-nogui"));
  }

  /**
   * The same 20 rows written with POI's XSSFWorkbook: users 0–7 (but the visible one) hidden by
   * hand ({@code setZeroHeight}), users 8–15 (but the visible one) filtered out under an autoFilter
   * with a condition on the status column, users 16–19 in a collapsed outline group.
   */
  static byte[] poi(List<String> emails) throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      XSSFSheet sheet = workbook.createSheet("users");
      XSSFRow header = sheet.createRow(0);
      header.createCell(0).setCellValue("email");
      header.createCell(1).setCellValue("status");
      for (int i = 0; i < USERS; i++) {
        XSSFRow row = sheet.createRow(i + 1);
        row.createCell(0).setCellValue(emails.get(i));
        row.createCell(1).setCellValue(status(i));
        if (!VISIBLE.contains(i) && i < 16) {
          // By hand (0–7) and as a filter leaves its rows (8–15): POI does not evaluate filters.
          row.setZeroHeight(true);
        }
      }
      sheet.setAutoFilter(new CellRangeAddress(0, 16, 0, 1));
      sheet.groupRow(17, 20);
      sheet.setRowGroupCollapsed(17, true);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      return withFilterCondition(out.toByteArray());
    }
  }

  /**
   * Adds the filter's condition (status = leaves) to the autoFilter POI wrote: poi-ooxml-lite lacks
   * the schema class for it. Everything else stays as POI wrote it.
   */
  private static byte[] withFilterCondition(byte[] xlsx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int patched = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] content = in.readAllBytes();
        if (e.getName().equals("xl/worksheets/sheet1.xml")) {
          String xml = new String(content, StandardCharsets.UTF_8);
          String patchedXml =
              xml.replaceFirst(
                  "<autoFilter ref=\"([A-Z0-9:]+)\"\\s*/>",
                  "<autoFilter ref=\"$1\"><filterColumn colId=\"1\"><filters>"
                      + "<filter val=\"leaves\"/></filters></filterColumn></autoFilter>");
          patched += patchedXml.equals(xml) ? 0 : 1;
          content = patchedXml.getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(content);
        zip.closeEntry();
      }
    }
    assertThat(patched).as("autoFilter written by POI, given its condition").isEqualTo(1);
    return out.toByteArray();
  }

  /** What the first worksheet of an .xlsx says about its rows, read from its XML as written. */
  record SheetXml(Set<Integer> hiddenRows, boolean autoFilter, Set<Integer> outlinedRows) {

    private static final Pattern ROW = Pattern.compile("<row\\b([^>]*)>");
    private static final Pattern NUMBER = Pattern.compile("\\br=\"(\\d+)\"");
    private static final Pattern HIDDEN = Pattern.compile("\\bhidden=\"(1|true)\"");
    private static final Pattern OUTLINE = Pattern.compile("\\boutlineLevel=\"[1-7]\"");

    static SheetXml of(byte[] xlsx) throws IOException {
      String xml = null;
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          if (e.getName().equals("xl/worksheets/sheet1.xml")) {
            xml = new String(readAll(zip), StandardCharsets.UTF_8);
          }
        }
      }
      assertThat(xml).as("xl/worksheets/sheet1.xml in the workbook").isNotNull();
      Set<Integer> hidden = new TreeSet<>();
      Set<Integer> outlined = new TreeSet<>();
      Matcher m = ROW.matcher(xml);
      while (m.find()) {
        Matcher n = NUMBER.matcher(m.group(1));
        if (!n.find()) {
          continue;
        }
        int r = Integer.parseInt(n.group(1));
        if (HIDDEN.matcher(m.group(1)).find()) {
          hidden.add(r);
        }
        if (OUTLINE.matcher(m.group(1)).find()) {
          outlined.add(r);
        }
      }
      return new SheetXml(hidden, xml.contains("<autoFilter "), outlined);
    }

    private static byte[] readAll(InputStream in) throws IOException {
      return in.readAllBytes();
    }
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("soffice.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover profile in the test's work directory is harmless.
    }
  }
}
