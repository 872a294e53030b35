package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.jboss.logging.Logger;
import org.xml.sax.SAXException;

/**
 * Reads the identifier column of an xlsx upload with POI's package API and SAX only, never with
 * {@code XSSFWorkbook}: memory stays proportional to the rows kept, not to the file.
 *
 * <p>The sheet is read twice: first its first rows, to find the header among them (see {@link
 * HeaderMatcher}), then, once the column is known, for the data. The sheet named {@code users} is
 * tried first, then the visible sheets in order; the first with a header is read (a summary or
 * title sheet before the data is passed over). Shared strings are looked up only for the cells
 * kept. Hidden rows are read like any other row, marked hidden: the preview leaves them out unless
 * the upload includes them.
 */
final class XlsxRowReader {

  private static final Logger LOG = Logger.getLogger(XlsxRowReader.class);

  private static final String SPREADSHEET =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  private static final String TEMPLATE =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";

  /**
   * Sheets looked at for the header: the {@code users} sheet and the first visible ones. Enough for
   * a summary and a title sheet or two before the data; a workbook of hundreds of sheets costs no
   * more than ten.
   */
  static final int MAX_SHEETS_SEARCHED = 10;

  private XlsxRowReader() {}

  static ParsedRows read(Path file, MatchBy matchBy, ParseLimits limits) {
    applyZipLimits(limits);
    OPCPackage pkg;
    try {
      pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
    } catch (InvalidFormatException | RuntimeException e) {
      throw translate(e);
    }
    try {
      return read(pkg, matchBy, limits);
    } catch (BulkFileException e) {
      throw e;
    } catch (IOException | SAXException | InvalidFormatException | RuntimeException e) {
      throw translate(e);
    } finally {
      pkg.revert(); // read-only: close() would try to save
    }
  }

  /**
   * POI keeps these limits in static fields; every reader sets the same configured values, so
   * setting them per read is harmless and keeps the configuration in one place.
   */
  static void applyZipLimits(ParseLimits limits) {
    ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
    ZipSecureFile.setMaxEntrySize(limits.maxEntrySize());
    ZipSecureFile.setMaxFileCount(limits.maxZipEntries());
    ZipSecureFile.setMaxTextSize(limits.maxEntrySize());
  }

  private static ParsedRows read(OPCPackage pkg, MatchBy matchBy, ParseLimits limits)
      throws IOException, SAXException, InvalidFormatException {
    PackagePart workbookPart = workbookPart(pkg);

    XlsxWorkbook workbook = new XlsxWorkbook();
    try (InputStream in = workbookPart.getInputStream()) {
      XlsxXml.parse(in, workbook);
    }
    List<XlsxWorkbook.Sheet> candidates =
        workbook.candidates(s -> isWorksheet(workbookPart, s.relationshipId()));
    int sheetCount = workbook.visibleWorksheets(s -> isWorksheet(workbookPart, s.relationshipId()));
    PackagePart sharedStringsPart = relatedByType(workbookPart, "/sharedStrings");
    PackagePart stylesPart = relatedByType(workbookPart, "/styles");

    XlsxStyles styles = XlsxStyles.none();
    if (stylesPart != null) {
      try (InputStream in = stylesPart.getInputStream()) {
        XlsxXml.parse(in, styles);
      }
    }
    XlsxNumbers numbers = new XlsxNumbers(workbook.date1904());

    // The header rows of every sheet searched, their shared strings looked up in one pass (a
    // workbook of many sheets must not cost a pass over the table per sheet).
    List<XlsxWorkbook.Sheet> searched =
        candidates.subList(0, Math.min(candidates.size(), MAX_SHEETS_SEARCHED));
    List<PackagePart> parts = new ArrayList<>();
    List<XlsxSheetHandler> firstRows = new ArrayList<>();
    List<XlsxSheetHandler.CellValue> all = new ArrayList<>();
    BulkFileException damaged = null;
    for (XlsxWorkbook.Sheet sheet : searched) {
      PackagePart sheetPart;
      try {
        sheetPart = related(workbookPart, sheet.relationshipId());
      } catch (BulkFileException e) {
        // A missing sheet part spoils only that sheet; it is the answer if no other one serves.
        damaged = damaged == null ? e : damaged;
        parts.add(null);
        firstRows.add(null);
        continue;
      }
      XlsxSheetHandler handler =
          XlsxSheetHandler.header(HeaderMatcher.SEARCH_ROWS, styles, numbers);
      try (InputStream in = sheetPart.getInputStream()) {
        XlsxXml.parse(in, handler);
      }
      parts.add(sheetPart);
      firstRows.add(handler);
      handler.headerRows().forEach(row -> all.addAll(row.cells()));
    }
    List<String> texts = resolve(all, sharedStringsPart, XlsxSheetHandler.HEADER_CELL_CAP);

    // The first sheet with a header that has the column wanted; a sheet whose header lacks it is
    // the answer only if no later sheet has it (a summary sheet may well say "id").
    List<String> withoutHeader = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    BulkFileException missingColumn = null;
    int offset = 0;
    for (int i = 0; i < searched.size(); i++) {
      XlsxWorkbook.Sheet sheet = searched.get(i);
      if (firstRows.get(i) == null) {
        continue;
      }
      List<XlsxSheetHandler.HeaderRow> rows = firstRows.get(i).headerRows();
      Header header = null;
      for (XlsxSheetHandler.HeaderRow row : rows) {
        List<String> cells = texts.subList(offset, offset + row.cells().size());
        offset += row.cells().size();
        if (header == null && HeaderMatcher.isHeader(cells)) {
          header = new Header(row.rowNumber(), new ArrayList<>(cells));
        }
      }
      if (header == null) {
        (rows.isEmpty() ? empty : withoutHeader).add(quoted(sheet.name()));
        continue;
      }
      HeaderMatcher.Column column;
      try {
        column = HeaderMatcher.choose(header.cells(), matchBy);
      } catch (BulkFileException e) {
        if (missingColumn == null) {
          missingColumn = e;
        }
        continue;
      }
      return readData(
          sheet.name(),
          sheetCount,
          parts.get(i),
          sharedStringsPart,
          header.rowNumber(),
          column,
          HeaderMatcher.dateColumns(header.cells()),
          limits,
          styles,
          numbers);
    }
    if (missingColumn != null) {
      throw missingColumn;
    }
    if (damaged != null) {
      throw damaged;
    }
    if (withoutHeader.isEmpty()) {
      throw new BulkFileException(
          400,
          "bulk.empty-file",
          empty.size() == 1
              ? "The sheet " + empty.get(0) + " is empty."
              : "The sheets " + String.join(", ", empty) + " are empty.");
    }
    throw HeaderMatcher.noHeader(
        (withoutHeader.size() == 1 ? "the sheet " : "the sheets ")
            + String.join(", ", withoutHeader)
            + (empty.isEmpty() ? "" : " (" + String.join(", ", empty) + " empty)")
            + (candidates.size() > searched.size()
                ? "; only the first " + MAX_SHEETS_SEARCHED + " visible sheets are looked at"
                : ""));
  }

  /** The header row of a sheet: its number and its cells' texts by column. */
  private record Header(int rowNumber, List<String> cells) {}

  private static String quoted(String sheetName) {
    return "'" + (sheetName == null ? "" : sheetName) + "'";
  }

  /** Pass 2: the chosen columns of every row after the header. */
  private static ParsedRows readData(
      String sheetName,
      int sheetCount,
      PackagePart sheetPart,
      PackagePart sharedStringsPart,
      int headerRow,
      HeaderMatcher.Column column,
      HeaderMatcher.DateColumns dateColumns,
      ParseLimits limits,
      XlsxStyles styles,
      XlsxNumbers numbers)
      throws IOException, SAXException {
    XlsxSheetHandler data =
        XlsxSheetHandler.data(
            headerRow, column.index(), dateColumns, limits.maxRows(), styles, numbers);
    try (InputStream in = sheetPart.getInputStream()) {
      XlsxXml.parse(in, data);
    }
    // One look-up of shared strings for the three columns: identifier, date, until of each row.
    List<XlsxSheetHandler.CellValue> values = new ArrayList<>(data.rows().size() * 3);
    data.rows()
        .forEach(
            row -> {
              values.add(row.value());
              values.add(row.date());
              values.add(row.until());
            });
    List<String> texts = resolve(values, sharedStringsPart, Integer.MAX_VALUE);

    ParsedRows parsed = new ParsedRows(limits.maxRows());
    parsed.header(sheetName, sheetCount, headerRow, column.header());
    for (int i = 0; i < data.rows().size(); i++) {
      XlsxSheetHandler.PendingRow row = data.rows().get(i);
      String text = texts.get(3 * i) == null ? "" : ParsedRows.cellValue(texts.get(3 * i));
      LeaveDate date = LeaveDate.parse(IdentifierNormalizer.clean(texts.get(3 * i + 1)));
      LeaveDate until = LeaveDate.parse(IdentifierNormalizer.clean(texts.get(3 * i + 2)));
      if (!text.isEmpty() || row.otherContent()) {
        parsed.add(row.rowNumber(), text, row.hidden(), date, until);
      }
    }
    LOG.debugf(
        "Read %s rows from sheet %s (header row %s)",
        (Object) parsed.rows().size(), sheetName, (Object) headerRow);
    return parsed;
  }

  private static PackagePart workbookPart(OPCPackage pkg) throws InvalidFormatException {
    PackageRelationshipCollection rels =
        pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
    if (rels.isEmpty()) {
      rels = pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT);
    }
    if (rels.isEmpty()) {
      // every Office file names its main part; POI also ends up here when it could not read
      // _rels/.rels
      throw BulkFileException.corrupt(
          "The workbook is damaged: it does not say where its content is.", null);
    }
    PackagePart part =
        pkg.getPart(PackagingURIHelper.createPartName(rels.getRelationship(0).getTargetURI()));
    if (part == null) {
      throw BulkFileException.corrupt("The workbook is incomplete.", null);
    }
    String type = part.getContentType();
    if (!SPREADSHEET.equals(type) && !TEMPLATE.equals(type)) {
      throw BulkFileException.unsupported(
          describe(type) + " Save it as an Excel Workbook (.xlsx) and upload that.");
    }
    return part;
  }

  private static String describe(String contentType) {
    if (contentType.startsWith("application/vnd.ms-excel.sheet.macroEnabled")
        || contentType.startsWith("application/vnd.ms-excel.template.macroEnabled")) {
      return "Macro-enabled workbooks (.xlsm) are not accepted.";
    }
    if (contentType.startsWith("application/vnd.ms-excel.sheet.binary")) {
      return "Excel binary workbooks (.xlsb) are not accepted.";
    }
    return "The file is an Office document but not an Excel workbook.";
  }

  private static boolean isWorksheet(PackagePart workbookPart, String relationshipId) {
    PackageRelationship rel =
        relationshipId == null ? null : workbookPart.getRelationship(relationshipId);
    return rel != null && rel.getRelationshipType().endsWith("/worksheet");
  }

  private static PackagePart related(PackagePart source, String relationshipId)
      throws InvalidFormatException {
    PackageRelationship rel =
        relationshipId == null ? null : source.getRelationship(relationshipId);
    if (rel == null || !rel.getRelationshipType().endsWith("/worksheet")) {
      // a chart sheet or a dangling reference: nothing to read
      throw BulkFileException.corrupt("The chosen sheet is not a worksheet.", null);
    }
    return target(source, rel);
  }

  private static PackagePart relatedByType(PackagePart source, String typeSuffix)
      throws InvalidFormatException {
    for (PackageRelationship rel : source.getRelationships()) {
      if (rel.getRelationshipType().endsWith(typeSuffix)
          && rel.getTargetMode() != TargetMode.EXTERNAL) {
        return target(source, rel);
      }
    }
    return null;
  }

  private static PackagePart target(PackagePart source, PackageRelationship rel)
      throws InvalidFormatException {
    if (rel.getTargetMode() == TargetMode.EXTERNAL) {
      throw BulkFileException.corrupt("The workbook refers to an external sheet.", null);
    }
    URI uri = PackagingURIHelper.resolvePartUri(rel.getSourceURI(), rel.getTargetURI());
    PackagePart part = source.getPackage().getPart(PackagingURIHelper.createPartName(uri));
    if (part == null) {
      throw BulkFileException.corrupt(
          "The workbook is incomplete: a part it refers to is missing.", null);
    }
    return part;
  }

  /** Texts of the cells, shared strings looked up in one pass over the table; null stays null. */
  private static List<String> resolve(
      List<XlsxSheetHandler.CellValue> cells, PackagePart sharedStringsPart, int cap)
      throws IOException, SAXException {
    Set<Integer> wanted = new HashSet<>();
    for (XlsxSheetHandler.CellValue cell : cells) {
      if (cell != null && cell.isShared()) {
        wanted.add(cell.sharedIndex());
      }
    }
    XlsxSharedStrings shared = new XlsxSharedStrings(wanted, cap);
    if (!wanted.isEmpty()) {
      if (sharedStringsPart == null) {
        throw BulkFileException.corrupt(
            "The workbook refers to shared strings but has none.", null);
      }
      try (InputStream in = sharedStringsPart.getInputStream()) {
        XlsxXml.parse(in, shared);
      }
    }
    List<String> texts = new ArrayList<>(cells.size());
    for (XlsxSheetHandler.CellValue cell : cells) {
      texts.add(
          cell == null ? null : cell.isShared() ? shared.get(cell.sharedIndex()) : cell.text());
    }
    return texts;
  }

  /** Maps what POI and the XML parser throw on a bad file to the answer the admin gets. */
  static BulkFileException translate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BulkFileException) {
        return (BulkFileException) t;
      }
      if (t instanceof SAXException
          && ((SAXException) t).getException() instanceof BulkFileException) {
        return (BulkFileException) ((SAXException) t).getException();
      }
      String message = t.getMessage();
      if (message != null && message.startsWith("Zip bomb detected")) {
        return BulkFileException.tooComplex(
            "The workbook expands to far more data than its size suggests "
                + "(a possible zip bomb), so it was not read.",
            e);
      }
      if (message != null && message.contains("embeds more internal file entries than expected")) {
        return BulkFileException.tooComplex("The workbook contains too many parts.", e);
      }
    }
    LOG.debugf(e, "Unreadable xlsx upload");
    if (e instanceof SAXException) {
      return BulkFileException.corrupt(
          "The workbook contains malformed or disallowed XML (for example a DTD "
              + "or entity declarations). Open it in Excel and save it again.",
          e);
    }
    return BulkFileException.corrupt(
        "The workbook is damaged and cannot be read. Open it in Excel and save it " + "again.", e);
  }
}
