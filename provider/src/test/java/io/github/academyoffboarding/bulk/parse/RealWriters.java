package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.academyoffboarding.bulk.plan.HiddenRowWorkbooks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Workbooks written at test time by real spreadsheet programs and libraries, from one description:
 * SheetJS and exceljs (npm packages of {@code src/test/node}, run with the machine's {@code node}),
 * LibreOffice ({@code soffice --convert-to xlsx}) and Gnumeric ({@code ssconvert}). A missing
 * writer fails the test with what to install; it is never skipped.
 */
final class RealWriters {

  /** A sheet: its name and rows of cell texts (an empty row is blank; a null cell is empty). */
  record Sheet(String name, List<List<String>> rows) {}

  enum Writer {
    SHEETJS,
    EXCELJS,
    LIBREOFFICE,
    GNUMERIC
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private RealWriters() {}

  static byte[] write(Writer writer, List<Sheet> sheets, Path workDir) throws IOException {
    return switch (writer) {
      case SHEETJS -> node("sheetjs", sheets, workDir);
      case EXCELJS -> node("exceljs", sheets, workDir);
      case LIBREOFFICE -> HiddenRowWorkbooks.convert(fods(sheets), workDir);
      case GNUMERIC -> gnumeric(sheets, workDir);
    };
  }

  private static byte[] node(String library, List<Sheet> sheets, Path workDir) throws IOException {
    Path modules = Path.of("src/test/node").toAbsolutePath();
    assertThat(modules.resolve("node_modules/" + (library.equals("sheetjs") ? "xlsx" : library)))
        .as(
            "the test-only npm packages; install them with: npm ci --prefix"
                + " provider/src/test/node")
        .isDirectory();
    Path dir = Files.createDirectories(workDir.resolve(library + "-" + UUID.randomUUID()));
    Path spec = dir.resolve("spec.json");
    List<Map<String, Object>> list = new ArrayList<>();
    for (Sheet s : sheets) {
      list.add(Map.of("name", s.name(), "rows", s.rows()));
    }
    JSON.writeValue(spec.toFile(), Map.of("sheets", list));
    Path out = dir.resolve("out.xlsx");
    run(
        dir,
        new ProcessBuilder(
            executable("node", "apt-get install -y nodejs"),
            modules.resolve("write.mjs").toString(),
            library,
            spec.toString(),
            out.toString()),
        out);
    return Files.readAllBytes(out);
  }

  private static byte[] gnumeric(List<Sheet> sheets, Path workDir) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("gnumeric-" + UUID.randomUUID()));
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<gnm:Workbook xmlns:gnm=\"http://www.gnumeric.org/v10.dtd\">"
                + "<gnm:SheetNameIndex>");
    for (Sheet s : sheets) {
      xml.append("<gnm:SheetName>").append(escape(s.name())).append("</gnm:SheetName>");
    }
    xml.append("</gnm:SheetNameIndex><gnm:Sheets>");
    for (Sheet s : sheets) {
      int maxCol = s.rows().stream().mapToInt(List::size).max().orElse(1) - 1;
      xml.append("<gnm:Sheet><gnm:Name>").append(escape(s.name())).append("</gnm:Name>");
      xml.append("<gnm:MaxCol>").append(Math.max(0, maxCol)).append("</gnm:MaxCol>");
      xml.append("<gnm:MaxRow>").append(Math.max(0, s.rows().size() - 1)).append("</gnm:MaxRow>");
      xml.append("<gnm:Cells>");
      for (int r = 0; r < s.rows().size(); r++) {
        List<String> row = s.rows().get(r);
        for (int c = 0; c < row.size(); c++) {
          if (row.get(c) != null) {
            // ValueType 60: a string.
            xml.append("<gnm:Cell Row=\"").append(r).append("\" Col=\"").append(c);
            xml.append("\" ValueType=\"60\">").append(escape(row.get(c))).append("</gnm:Cell>");
          }
        }
      }
      xml.append("</gnm:Cells></gnm:Sheet>");
    }
    xml.append("</gnm:Sheets></gnm:Workbook>\n");
    Path source = dir.resolve("in.gnumeric");
    Files.writeString(source, xml, StandardCharsets.UTF_8);
    Path out = dir.resolve("out.xlsx");
    run(
        dir,
        new ProcessBuilder(
            executable("ssconvert", "apt-get install -y gnumeric"),
            source.toString(),
            out.toString()),
        out);
    return Files.readAllBytes(out);
  }

  /** A flat OpenDocument spreadsheet of the sheets, for LibreOffice to save as .xlsx. */
  private static String fods(List<Sheet> sheets) {
    StringBuilder tables = new StringBuilder();
    for (Sheet s : sheets) {
      tables.append("<table:table table:name=\"").append(escape(s.name())).append("\">");
      int columns = Math.max(1, s.rows().stream().mapToInt(List::size).max().orElse(1));
      tables.append("<table:table-column table:number-columns-repeated=\"");
      tables.append(columns).append("\"/>");
      for (List<String> row : s.rows()) {
        tables.append("<table:table-row>");
        if (row.isEmpty()) {
          tables.append("<table:table-cell/>");
        }
        for (String cell : row) {
          if (cell == null) {
            tables.append("<table:table-cell/>");
          } else {
            tables.append("<table:table-cell office:value-type=\"string\"><text:p>");
            tables.append(escape(cell)).append("</text:p></table:table-cell>");
          }
        }
        tables.append("</table:table-row>");
      }
      tables.append("</table:table>");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document
          xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
          xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
          xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
          office:version="1.3"
          office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
         <office:body><office:spreadsheet>%s</office:spreadsheet></office:body>
        </office:document>
        """
        .formatted(tables);
  }

  /** XML text; a carriage return as a character reference, so that XML keeps it. */
  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("\r", "&#13;");
  }

  private static void run(Path dir, ProcessBuilder pb, Path out) throws IOException {
    Path log = dir.resolve("writer.log");
    pb.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(pb.command() + " did not finish within 180 s");
      }
      assertThat(out)
          .as("%s (exit %s) wrote %s; its output: %s", pb.command(), p.exitValue(), out, read(log))
          .exists();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output)";
    }
  }

  /** A program from PATH; missing is a failure that says how to install it. */
  private static String executable(String name, String install) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new AssertionError(name + " is needed for this test and was not found: " + install);
  }
}
