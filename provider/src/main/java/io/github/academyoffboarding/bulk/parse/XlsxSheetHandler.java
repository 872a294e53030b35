package io.github.academyoffboarding.bulk.parse;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a worksheet part with SAX. In header mode it keeps all cells of the first rows with content
 * (where the header is looked for) and stops; in data mode it keeps, for each row with content
 * after the header, only the cells of the chosen columns. Cells and rows without an {@code r}
 * attribute (as some writers produce them) take the position after the previous one.
 */
final class XlsxSheetHandler extends DefaultHandler {

  /** Excel's column limit (XFD). */
  private static final int MAX_COLUMNS = 16_384;

  /**
   * Header mode: cells (empty ones between them included) kept over all rows searched, two full
   * rows' worth; the search stops early at this many, so a sheet of very wide rows costs no more.
   */
  private static final int MAX_HEADER_CELLS = 2 * MAX_COLUMNS;

  /**
   * Header mode: characters kept of a cell. A header name is short; a longer cell cannot be one and
   * needs to be known only as content.
   */
  static final int HEADER_CELL_CAP = 64;

  /** Header mode: a row with content, by column (null where empty). */
  record HeaderRow(int rowNumber, List<CellValue> cells) {}

  /** A cell's value: a shared-string index to look up later, or the text itself. */
  record CellValue(int sharedIndex, String text) {
    static CellValue shared(int index) {
      return new CellValue(index, null);
    }

    static CellValue text(String text) {
      return new CellValue(-1, text);
    }

    boolean isShared() {
      return sharedIndex >= 0;
    }
  }

  /**
   * A data row before shared strings are resolved; {@code value} null when the cell is empty;
   * {@code otherContent} whether another cell of the row has content (if not, and the value
   * resolves to blank text, the row is blank after all).
   */
  record PendingRow(
      int rowNumber,
      boolean hidden,
      CellValue value,
      boolean otherContent,
      CellValue date,
      CellValue until) {}

  private final boolean headerMode;
  private final int afterRow;
  private final int targetColumn;
  private final int dateColumn;
  private final int untilColumn;
  private final int maxRows;
  private final XlsxStyles styles;
  private final XlsxNumbers numbers;

  private final List<HeaderRow> headerRows = new ArrayList<>();
  private int headerCellsKept;
  private final List<PendingRow> rows = new ArrayList<>();

  private int rowNumber;
  private boolean rowHidden;
  private boolean inRow;
  private boolean rowHasContent;
  private boolean rowHasOtherContent;
  private int column;
  private CellValue target;
  private CellValue dateValue;
  private CellValue untilValue;
  private final List<CellValue> rowCells = new ArrayList<>();

  private boolean inCell;
  private String cellType;
  private String cellStyle;
  private boolean inValue;
  private boolean inInline;
  private boolean inText;
  private boolean inPhonetic;
  private final XlsxXml.CappedText text = new XlsxXml.CappedText();

  private XlsxSheetHandler(
      boolean headerMode,
      int afterRow,
      int targetColumn,
      HeaderMatcher.DateColumns dateColumns,
      int maxRows,
      XlsxStyles styles,
      XlsxNumbers numbers) {
    this.headerMode = headerMode;
    this.afterRow = afterRow;
    this.targetColumn = targetColumn;
    this.dateColumn = dateColumns.date();
    this.untilColumn = dateColumns.until();
    this.maxRows = maxRows;
    this.styles = styles;
    this.numbers = numbers;
  }

  /** Header mode: keeps the first {@code rows} rows with content, all their cells. */
  static XlsxSheetHandler header(int rows, XlsxStyles styles, XlsxNumbers numbers) {
    return new XlsxSheetHandler(true, 0, -1, HeaderMatcher.DateColumns.NONE, rows, styles, numbers);
  }

  /**
   * Data mode: keeps the identifier cell {@code column} and the cells of {@code dateColumns} (a
   * numeric cell there with a date format reads as its ISO date).
   */
  static XlsxSheetHandler data(
      int headerRow,
      int column,
      HeaderMatcher.DateColumns dateColumns,
      int maxRows,
      XlsxStyles styles,
      XlsxNumbers numbers) {
    return new XlsxSheetHandler(false, headerRow, column, dateColumns, maxRows, styles, numbers);
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes attributes) {
    switch (localName) {
      case "row":
        String r = attributes.getValue("r");
        rowNumber = r == null ? rowNumber + 1 : XlsxXml.positiveInt(r, "row number");
        // xsd:boolean: Excel writes hidden="1" (a filter, Hide, a collapsed outline group alike),
        // LibreOffice and POI (setZeroHeight) write hidden="true".
        String hidden = attributes.getValue("hidden");
        rowHidden = hidden != null && ("1".equals(hidden.strip()) || "true".equals(hidden.strip()));
        inRow = true;
        rowHasContent = false;
        rowHasOtherContent = false;
        column = -1;
        target = null;
        dateValue = null;
        untilValue = null;
        rowCells.clear();
        break;
      case "c":
        if (!inRow) {
          break;
        }
        String ref = attributes.getValue("r");
        int refColumn = ref == null ? -1 : XlsxXml.column(ref);
        column = refColumn >= 0 ? refColumn : column + 1;
        if (column >= MAX_COLUMNS) {
          throw BulkFileException.corrupt("The workbook has a cell beyond the last column.", null);
        }
        inCell = true;
        cellType = attributes.getValue("t");
        cellStyle = attributes.getValue("s");
        text.reset();
        break;
      case "v":
        inValue = inCell;
        break;
      case "is":
        inInline = inCell;
        break;
      case "rPh":
        inPhonetic = true;
        break;
      case "t":
        inText = inInline && !inPhonetic;
        break;
      default:
        break;
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    switch (localName) {
      case "v":
        inValue = false;
        break;
      case "is":
        inInline = false;
        break;
      case "rPh":
        inPhonetic = false;
        break;
      case "t":
        inText = false;
        break;
      case "c":
        if (inCell) {
          endCell();
        }
        inCell = false;
        break;
      case "row":
        inRow = false;
        endRow();
        break;
      default:
        break;
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (inValue || inText) {
      text.append(ch, start, length);
    }
  }

  private void endCell() {
    if (!text.isNonBlank()) {
      return;
    }
    rowHasContent = true;
    if (!headerMode && rowNumber > afterRow && (column == dateColumn || column == untilColumn)) {
      rowHasOtherContent = true;
      CellValue date = dateValue(text.text());
      if (column == dateColumn) {
        dateValue = date;
      } else {
        untilValue = date;
      }
      return;
    }
    boolean wanted = headerMode || column == targetColumn;
    if (!wanted) {
      rowHasOtherContent = true;
      return;
    }
    CellValue value = value(text.text());
    if (headerMode) {
      if (!value.isShared() && value.text().length() > HEADER_CELL_CAP) {
        value = CellValue.text(value.text().substring(0, HEADER_CELL_CAP));
      }
      while (rowCells.size() <= column) {
        rowCells.add(null);
      }
      rowCells.set(column, value);
    } else {
      target = value;
    }
  }

  private CellValue value(String raw) {
    String type = cellType == null ? "n" : cellType;
    switch (type) {
      case "s":
        return CellValue.shared(XlsxXml.positiveInt(raw, "shared string reference"));
      case "inlineStr":
      case "str": // a formula's text result; SheetJS writes every text cell so
        return CellValue.text(XlsxXml.decodeEscapes(raw));
      case "b":
        return CellValue.text(
            "1".equals(raw.trim()) ? "TRUE" : "0".equals(raw.trim()) ? "FALSE" : raw);
      case "n":
        return CellValue.text(numbers.format(raw, styles.format(cellStyle)));
      default: // "e" (error such as #N/A), "d" (ISO date)
        return CellValue.text(raw);
    }
  }

  /** A cell of a date column: a number with a date format is its ISO date, else its text. */
  private CellValue dateValue(String raw) {
    String type = cellType == null ? "n" : cellType;
    switch (type) {
      case "n":
        return CellValue.text(numbers.isoDate(raw, styles.format(cellStyle)));
      case "d":
        return CellValue.text(XlsxNumbers.isoDateCell(raw));
      default:
        return value(raw);
    }
  }

  private void endRow() throws SAXException {
    if (!rowHasContent || rowNumber <= afterRow) {
      return;
    }
    if (headerMode) {
      headerRows.add(new HeaderRow(rowNumber, new ArrayList<>(rowCells)));
      headerCellsKept += rowCells.size();
      if (headerRows.size() >= maxRows || headerCellsKept >= MAX_HEADER_CELLS) {
        throw new XlsxXml.StopParsing();
      }
      return;
    }
    ParsedRows.checkRowCount(rows.size(), maxRows);
    rows.add(
        new PendingRow(rowNumber, rowHidden, target, rowHasOtherContent, dateValue, untilValue));
  }

  /** Header mode: the first rows with content, in sheet order (none for an empty sheet). */
  List<HeaderRow> headerRows() {
    return headerRows;
  }

  /** Data mode: the rows with content after the header. */
  List<PendingRow> rows() {
    return rows;
  }
}
