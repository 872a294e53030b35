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
   * The worksheet named {@code users}, else the first visible worksheet (chart sheets do not
   * count).
   */
  Sheet chooseSheet(Predicate<Sheet> isWorksheet) {
    for (Sheet sheet : sheets) {
      if (sheet.name() != null
          && "users".equals(sheet.name().trim().toLowerCase(Locale.ROOT))
          && isWorksheet.test(sheet)) {
        return sheet;
      }
    }
    return sheets.stream()
        .filter(Sheet::visible)
        .filter(isWorksheet)
        .findFirst()
        .orElseThrow(
            () ->
                new BulkFileException(
                    400, "bulk.empty-file", "The workbook has no visible sheet."));
  }
}
