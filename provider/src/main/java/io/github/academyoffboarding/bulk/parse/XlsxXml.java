package io.github.academyoffboarding.bulk.parse;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.util.XMLHelper;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/** SAX plumbing shared by the xlsx handlers. */
final class XlsxXml {

  private XlsxXml() {}

  /** Thrown by a handler that has seen all it needs; not an error. */
  static final class StopParsing extends SAXException {
    private static final long serialVersionUID = 1L;

    StopParsing() {
      super("done");
    }
  }

  /**
   * Parses with POI's hardened reader (secure processing, no external entities) and additionally
   * refuses any DOCTYPE: spreadsheet XML never has one, so a DTD can only be an attack (XXE,
   * billion laughs).
   */
  static void parse(InputStream in, ContentHandler handler) throws IOException, SAXException {
    XMLReader reader;
    try {
      reader = XMLHelper.newXMLReader();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("No XML parser available", e);
    }
    reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    reader.setContentHandler(handler);
    reader.setErrorHandler(SILENT); // the default one logs attacker-controlled input at FATAL level
    try {
      reader.parse(new InputSource(in));
    } catch (StopParsing done) {
      // the handler has what it needs
    }
  }

  /** Fails on errors without logging them: the caller turns them into one answer to the admin. */
  private static final ErrorHandler SILENT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
          // nothing a reader of identifiers needs to know
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  /** 0-based column index of a cell reference such as {@code "AB12"}; -1 if it has no letters. */
  static int column(String cellRef) {
    int col = 0;
    int i = 0;
    while (i < cellRef.length() && Character.isLetter(cellRef.charAt(i))) {
      char c = Character.toUpperCase(cellRef.charAt(i));
      if (c < 'A' || c > 'Z' || i >= 3) {
        throw BulkFileException.corrupt("The workbook has an invalid cell reference.", null);
      }
      col = col * 26 + (c - 'A' + 1);
      i++;
    }
    return col - 1;
  }

  static int positiveInt(String text, String what) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw BulkFileException.corrupt("The workbook has an invalid " + what + ".", null);
    }
  }

  /**
   * Undoes OOXML's escaping of characters XML cannot carry ({@code _x000D_}; {@code _x005F_} for
   * "_").
   */
  static String decodeEscapes(String text) {
    if (text.indexOf("_x") < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (i + 7 <= text.length()
          && text.charAt(i) == '_'
          && text.charAt(i + 1) == 'x'
          && text.charAt(i + 6) == '_'
          && isHex(text, i + 2, i + 6)) {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 7;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Collects cell text, skipping leading blanks and stopping one character past the longest
   * identifier, so a huge cell costs no memory.
   */
  static final class CappedText {
    private static final int CAP = IdentifierNormalizer.MAX_LENGTH + 16;
    private final StringBuilder text = new StringBuilder();
    private boolean nonBlank;

    void append(char[] ch, int start, int length) {
      for (int i = start; i < start + length; i++) {
        char c = ch[i];
        boolean blank = IdentifierNormalizer.isBlankChar(c);
        if (!blank) {
          nonBlank = true;
        }
        if ((text.length() > 0 || !blank) && text.length() < CAP) {
          text.append(c);
        }
      }
    }

    boolean isNonBlank() {
      return nonBlank;
    }

    String text() {
      return text.toString();
    }

    void reset() {
      text.setLength(0);
      nonBlank = false;
    }
  }
}
