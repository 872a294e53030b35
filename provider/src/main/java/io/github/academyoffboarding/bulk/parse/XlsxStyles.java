package io.github.academyoffboarding.bulk.parse;

import java.util.HashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The number formats of {@code styles.xml}, read with SAX (POI's {@code StylesTable} builds a DOM
 * of the whole part): enough to tell a date from a number.
 */
final class XlsxStyles extends DefaultHandler {

  /** Excel allows 64,000 cell formats; anything beyond is not a real workbook. */
  private static final int MAX_XFS = 65_536;

  private final Map<Integer, String> customFormats = new HashMap<>();
  private final Map<Integer, Integer> xfFormatIds = new HashMap<>();
  private boolean inCellXfs;
  private int xfIndex;

  static XlsxStyles none() {
    return new XlsxStyles();
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    if ("numFmt".equals(localName)) {
      String id = attributes.getValue("numFmtId");
      String code = attributes.getValue("formatCode");
      if (id != null && code != null) {
        customFormats.put(XlsxXml.positiveInt(id, "number format"), code);
      }
    } else if ("cellXfs".equals(localName)) {
      inCellXfs = true;
    } else if (inCellXfs && "xf".equals(localName)) {
      if (xfIndex >= MAX_XFS) {
        throw BulkFileException.tooComplex("The workbook has too many cell styles.", null);
      }
      String id = attributes.getValue("numFmtId");
      if (id != null) {
        xfFormatIds.put(xfIndex, XlsxXml.positiveInt(id, "number format"));
      }
      xfIndex++;
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    if ("cellXfs".equals(localName)) {
      inCellXfs = false;
    }
  }

  /** The number format of a cell style: its id and its pattern ("General" when unknown). */
  record Format(int id, String pattern) {
    boolean isDate() {
      return DateUtil.isADateFormat(id, pattern);
    }
  }

  Format format(String styleIndex) {
    if (styleIndex == null || styleIndex.isEmpty()) {
      return new Format(0, "General");
    }
    int id = xfFormatIds.getOrDefault(XlsxXml.positiveInt(styleIndex, "cell style"), 0);
    String pattern = customFormats.get(id);
    if (pattern == null) {
      pattern = BuiltinFormats.getBuiltinFormat(id);
    }
    return new Format(id, pattern == null ? "General" : pattern);
  }
}
