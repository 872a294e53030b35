package io.github.academyoffboarding.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Hand-made spreadsheet packages, so the sheet XML can hold exactly what an attacker would put
 * there.
 */
final class HostileFiles {

  static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  static final String REL_NS =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  static final String XLSX_MAIN =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  static final String XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

  private HostileFiles() {}

  /** A one-sheet package; {@code extra} entries are added or replace the defaults. */
  static Map<String, String> parts(
      String workbookType, String sheetXml, Map<String, String> extra) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put(
        "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\""
            + "http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\""
            + workbookType
            + "\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\""
            + "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
            + "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
    e.put(
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
            + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
            + REL_NS
            + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    e.put(
        "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\""
            + MAIN_NS
            + "\" xmlns:r=\""
            + REL_NS
            + "\"><sheets><sheet name=\"Users\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    e.put(
        "xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
            + "http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\""
            + REL_NS
            + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\""
            + REL_NS
            + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
    e.put(
        "xl/sharedStrings.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\""
            + MAIN_NS
            + "\" count=\"1\" uniqueCount=\"1\"><si><t>email</t></si></sst>");
    e.put("xl/worksheets/sheet1.xml", sheetXml);
    e.putAll(extra);
    return e;
  }

  static byte[] xlsx(String sheetXml) {
    return zip(parts(XLSX_MAIN, sheetXml, Map.of()));
  }

  /**
   * A sheet whose A1 is the shared string "email" and whose rows below hold the given inline
   * strings.
   */
  static String sheet(String... emails) {
    StringBuilder rows = new StringBuilder("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
    for (int i = 0; i < emails.length; i++) {
      rows.append("<row r=\"")
          .append(i + 2)
          .append("\"><c r=\"A")
          .append(i + 2)
          .append("\" t=\"inlineStr\"><is><t>")
          .append(emails[i])
          .append("</t></is></c></row>");
    }
    return sheetWithRows(rows.toString());
  }

  static String sheetWithRows(String rows) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
        + MAIN_NS
        + "\"><sheetData>"
        + rows
        + "</sheetData></worksheet>";
  }

  static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A workbook built with POI's user model (fine for test fixtures; the server never reads uploads
   * this way).
   */
  static byte[] poi(Consumer<Sheet> fill) {
    try (Workbook wb = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      fill.accept(wb.createSheet("Users"));
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code size} bytes of {@code b}, written in 1 MiB pieces. */
  static void repeat(OutputStream out, byte b, long size) throws IOException {
    byte[] chunk = new byte[1024 * 1024];
    java.util.Arrays.fill(chunk, b);
    for (long written = 0; written < size; written += chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
    }
  }
}
