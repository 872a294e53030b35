package io.github.academyoffboarding.bulk.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What the reader needs from {@code workbook.xml}: the sheets in order, their visibility, the date
 * system.
 */
final class XlsxWorkbook extends DefaultHandler {

  record Sheet(String name, boolean visible, String relationshipId) {}

  private final List<Sheet> sheets = new ArrayList<>();
  private boolean date1904;

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    if ("workbookPr".equals(localName)) {
      String value = attributes.getValue("date1904");
      date1904 = "1".equals(value) || "true".equals(value);
    } else if ("sheet".equals(localName)) {
      String state = attributes.getValue("state");
      sheets.add(
          new Sheet(
              attributes.getValue("name"),
              state == null || "visible".equals(state),
              relationshipId(attributes)));
    }
  }

  /** {@code r:id}, whichever prefix and namespace (transitional or strict) the writer used. */
  private static String relationshipId(Attributes attributes) {
    for (int i = 0; i < attributes.getLength(); i++) {
      if ("id".equals(attributes.getLocalName(i))
          && attributes.getURI(i).contains("relationships")) {
        return attributes.getValue(i);
      }
    }
    return null;
  }

  List<Sheet> sheets() {
    return sheets;
  }

  boolean date1904() {
    return date1904;
  }

  /**
   * The worksheets to look for the header in, in this order: the one named {@code users} (visible
   * or not: the template's name), then every visible worksheet in the workbook's order. Chart
   * sheets do not count.
   */
  List<Sheet> candidates(Predicate<Sheet> isWorksheet) {
    List<Sheet> candidates = new ArrayList<>();
    for (Sheet sheet : sheets) {
      if (sheet.name() != null
          && "users".equals(sheet.name().trim().toLowerCase(Locale.ROOT))
          && isWorksheet.test(sheet)) {
        candidates.add(sheet);
        break;
      }
    }
    for (Sheet sheet : sheets) {
      if (sheet.visible() && !candidates.contains(sheet) && isWorksheet.test(sheet)) {
        candidates.add(sheet);
      }
    }
    if (candidates.isEmpty()) {
      throw new BulkFileException(400, "bulk.empty-file", "The workbook has no visible sheet.");
    }
    return candidates;
  }

  /** How many visible worksheets the workbook has. */
  int visibleWorksheets(Predicate<Sheet> isWorksheet) {
    return (int) sheets.stream().filter(Sheet::visible).filter(isWorksheet).count();
  }
}
