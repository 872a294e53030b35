package io.github.academyoffboarding.bulk.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds xlsx files by hand, byte for byte, the way writers other than POI produce them
 * (LibreOffice, Google Sheets, Numbers): inline strings, formula strings, cells and rows without
 * {@code r}.
 */
final class XlsxFixtures {

  static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  static final String REL_NS =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  private record SheetDef(String name, String state, String xml) {}

  private final List<SheetDef> sheets = new ArrayList<>();
  private String sharedStrings;
  private String styles;
  private String workbookPr = "";
  private String workbookContentType =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  private final Map<String, String> extra = new LinkedHashMap<>();

  static XlsxFixtures workbook() {
    return new XlsxFixtures();
  }

  /** A worksheet part around the given {@code <row>} elements. */
  static String sheetXml(String rows) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\""
        + MAIN_NS
        + "\" xmlns:r=\""
        + REL_NS
        + "\"><sheetData>"
        + rows
        + "</sheetData></worksheet>";
  }

  static String inline(String ref, String text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
  }

  XlsxFixtures sheet(String name, String rows) {
    return sheet(name, null, sheetXml(rows));
  }

  /** A chart sheet (no cells), listed among the sheets like a worksheet. */
  XlsxFixtures chartSheet(String name) {
    return sheet(name, "chart", "<chartsheet xmlns=\"" + MAIN_NS + "\"/>");
  }

  XlsxFixtures sheet(String name, String state, String xml) {
    sheets.add(new SheetDef(name, state, xml));
    return this;
  }

  XlsxFixtures sharedStrings(String... strings) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\""
                + MAIN_NS
                + "\" count=\""
                + strings.length
                + "\" uniqueCount=\""
                + strings.length
                + "\">");
    for (String s : strings) {
      xml.append(s.startsWith("<") ? "<si>" + s + "</si>" : "<si><t>" + s + "</t></si>");
    }
    return sharedStringsXml(xml.append("</sst>").toString());
  }

  XlsxFixtures sharedStringsXml(String xml) {
    this.sharedStrings = xml;
    return this;
  }

  XlsxFixtures stylesXml(String xml) {
    this.styles = xml;
    return this;
  }

  XlsxFixtures workbookPr(String element) {
    this.workbookPr = element;
    return this;
  }

  XlsxFixtures workbookContentType(String type) {
    this.workbookContentType = type;
    return this;
  }

  XlsxFixtures replace(String entry, String content) {
    extra.put(entry, content);
    return this;
  }

  Map<String, String> entries() {
    Map<String, String> entries = new LinkedHashMap<>();
    StringBuilder types =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\""
                + "http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\""
                + workbookContentType
                + "\"/>");
    StringBuilder wbRels =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                + "http://schemas.openxmlformats.org/package/2006/relationships\">");
    StringBuilder wbSheets = new StringBuilder();
    for (int i = 0; i < sheets.size(); i++) {
      SheetDef sheet = sheets.get(i);
      String part = "xl/worksheets/sheet" + (i + 1) + ".xml";
      types
          .append("<Override PartName=\"/")
          .append(part)
          .append(
              "\" ContentType=\""
                  + "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
      String relType = "chart".equals(sheet.state()) ? "/chartsheet" : "/worksheet";
      wbRels
          .append("<Relationship Id=\"rId")
          .append(i + 1)
          .append("\" Type=\"")
          .append(REL_NS)
          .append(relType)
          .append("\" Target=\"worksheets/sheet")
          .append(i + 1)
          .append(".xml\"/>");
      wbSheets
          .append("<sheet name=\"")
          .append(sheet.name())
          .append("\" sheetId=\"")
          .append(i + 1)
          .append('"')
          .append(
              sheet.state() == null || "chart".equals(sheet.state())
                  ? ""
                  : " state=\"" + sheet.state() + "\"")
          .append(" r:id=\"rId")
          .append(i + 1)
          .append("\"/>");
      entries.put(part, sheet.xml());
    }
    if (sharedStrings != null) {
      types.append(
          "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
              + "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
      wbRels
          .append("<Relationship Id=\"rIdS\" Type=\"")
          .append(REL_NS)
          .append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
      entries.put("xl/sharedStrings.xml", sharedStrings);
    }
    if (styles != null) {
      types.append(
          "<Override PartName=\"/xl/styles.xml\" ContentType=\""
              + "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
      wbRels
          .append("<Relationship Id=\"rIdY\" Type=\"")
          .append(REL_NS)
          .append("/styles\" Target=\"styles.xml\"/>");
      entries.put("xl/styles.xml", styles);
    }
    entries.put("[Content_Types].xml", types.append("</Types>").toString());
    entries.put(
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
            + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
            + REL_NS
            + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    entries.put(
        "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\""
            + MAIN_NS
            + "\" xmlns:r=\""
            + REL_NS
            + "\">"
            + workbookPr
            + "<sheets>"
            + wbSheets
            + "</sheets></workbook>");
    entries.put("xl/_rels/workbook.xml.rels", wbRels.append("</Relationships>").toString());
    entries.putAll(extra);
    return entries;
  }

  byte[] bytes() {
    return zip(entries());
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
}
