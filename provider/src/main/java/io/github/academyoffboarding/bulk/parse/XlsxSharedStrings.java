package io.github.academyoffboarding.bulk.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Looks up only the shared strings that the chosen cells refer to. The table itself is never held
 * in memory (it can hold every text of every sheet), so memory stays proportional to the rows read.
 */
final class XlsxSharedStrings extends DefaultHandler {

  private final Set<Integer> wanted;
  private final int cap;
  private final Map<Integer, String> found = new HashMap<>();
  private final XlsxXml.CappedText text = new XlsxXml.CappedText();
  private int index = -1;
  private boolean inText;
  private boolean inPhonetic;

  XlsxSharedStrings(Set<Integer> wanted) {
    this(wanted, Integer.MAX_VALUE);
  }

  /** Keeps at most {@code cap} characters of each string (the header search needs no more). */
  XlsxSharedStrings(Set<Integer> wanted, int cap) {
    this.wanted = wanted;
    this.cap = cap;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    switch (localName) {
      case "si":
        index++;
        text.reset();
        break;
      case "rPh": // phonetic guide (Japanese): not part of the cell's text
        inPhonetic = true;
        break;
      case "t":
        inText = !inPhonetic;
        break;
      default:
        break;
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    switch (localName) {
      case "si":
        if (wanted.contains(index)) {
          String value = XlsxXml.decodeEscapes(text.text());
          found.put(index, value.length() > cap ? value.substring(0, cap) : value);
          if (found.size() == wanted.size()) {
            throw new XlsxXml.StopParsing();
          }
        }
        break;
      case "rPh":
        inPhonetic = false;
        break;
      case "t":
        inText = false;
        break;
      default:
        break;
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (inText && wanted.contains(index)) {
      text.append(ch, start, length);
    }
  }

  /** The string at {@code index}; a reference past the table's end is a corrupt file. */
  String get(int sharedIndex) {
    String value = found.get(sharedIndex);
    if (value == null) {
      throw BulkFileException.corrupt(
          "The workbook refers to a shared string it does not contain.", null);
    }
    return value;
  }
}
