package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.dates.LeaveDate;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the identifier column (and the optional {@code date} and {@code until} columns) of a CSV
 * upload: UTF-8 with or without byte-order mark, delimited by comma, semicolon (what Excel writes
 * where the comma is the decimal separator) or tab, as detected from the header line, or as set by
 * an Excel {@code sep=} first line. The header may follow title lines (see {@link HeaderMatcher}).
 * Row numbers are record numbers, which is what a spreadsheet program shows when it opens the file.
 */
final class CsvRowReader {

  /** How far ahead the header line is looked for when detecting the delimiter. */
  private static final int LOOKAHEAD = 64 * 1024;

  private CsvRowReader() {}

  /** A NUL character: the file is binary or UTF-16, not UTF-8 text. */
  private static final class NulCharacterException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  static ParsedRows read(Path file, MatchBy matchBy, ParseLimits limits) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      skipBom(raw);
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      BufferedReader reader =
          new BufferedReader(
              new NulRejectingReader(new InputStreamReader(raw, decoder)), LOOKAHEAD);
      char delimiter = detectDelimiter(reader);
      CSVFormat format =
          CSVFormat.RFC4180
              .builder()
              .setDelimiter(delimiter)
              .setIgnoreEmptyLines(false)
              .setIgnoreSurroundingSpaces(true)
              .get();
      try (CSVParser parser = format.parse(reader)) {
        return read(parser, matchBy, limits);
      }
    } catch (UncheckedIOException e) {
      throw translate(e.getCause());
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private static ParsedRows read(CSVParser parser, MatchBy matchBy, ParseLimits limits) {
    ParsedRows parsed = new ParsedRows(limits.maxRows());
    Iterator<CSVRecord> records = parser.iterator();
    HeaderMatcher.Column column = null;
    HeaderMatcher.DateColumns dates = HeaderMatcher.DateColumns.NONE;
    int searched = 0;
    while (records.hasNext()) {
      CSVRecord record = records.next();
      if (isBlank(record)) {
        continue;
      }
      int rowNumber = Math.toIntExact(record.getRecordNumber());
      if (column == null) {
        // Title and note lines above the header are skipped (see HeaderMatcher).
        List<String> cells = record.toList();
        if (!HeaderMatcher.isHeader(cells)) {
          if (++searched >= HeaderMatcher.SEARCH_ROWS) {
            throw HeaderMatcher.noHeader(null);
          }
          continue;
        }
        column = HeaderMatcher.choose(cells, matchBy);
        dates = HeaderMatcher.dateColumns(cells);
        parsed.header(null, 0, rowNumber, column.header());
        continue;
      }
      String value = column.index() < record.size() ? record.get(column.index()) : "";
      parsed.add(
          rowNumber,
          ParsedRows.cellValue(value),
          false,
          dateCell(record, dates.date()),
          dateCell(record, dates.until()));
    }
    if (column == null) {
      if (searched > 0) {
        throw HeaderMatcher.noHeader(null);
      }
      throw new BulkFileException(400, "bulk.empty-file", "The file contains no data.");
    }
    return parsed;
  }

  private static LeaveDate dateCell(CSVRecord record, int index) {
    return index >= 0 && index < record.size()
        ? LeaveDate.parse(IdentifierNormalizer.clean(record.get(index)))
        : LeaveDate.absent();
  }

  private static boolean isBlank(CSVRecord record) {
    for (String value : record) {
      if (!IdentifierNormalizer.clean(value).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static void skipBom(InputStream in) throws IOException {
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (head.length >= 2
        && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
            || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
      throw invalidEncoding();
    }
    if (!(head.length == 3
        && head[0] == (byte) 0xEF
        && head[1] == (byte) 0xBB
        && head[2] == (byte) 0xBF)) {
      in.reset();
    }
  }

  /**
   * The most frequent of comma, semicolon and tab outside quotes in the first non-blank line that
   * has any of them, among the first {@link HeaderMatcher#SEARCH_ROWS} non-blank lines (a title
   * line above the header has none); comma when there is none: a single column. An Excel {@code
   * sep=;} first line sets it explicitly and is skipped, as Excel does (so it is not counted as a
   * row either).
   */
  static char detectDelimiter(BufferedReader reader) throws IOException {
    reader.mark(LOOKAHEAD);
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    int read = 0;
    int c;
    boolean quoted = false;
    while (read < LOOKAHEAD - 1
        && lines.size() < HeaderMatcher.SEARCH_ROWS
        && (c = reader.read()) >= 0) {
      read++;
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && (c == '\n' || c == '\r')) {
        if (!line.toString().isBlank()) {
          lines.add(line.toString());
        }
        line.setLength(0);
        continue;
      }
      line.append((char) c);
    }
    if (!line.toString().isBlank() && lines.size() < HeaderMatcher.SEARCH_ROWS) {
      lines.add(line.toString());
    }
    reader.reset();
    if (lines.isEmpty()) {
      return ',';
    }
    String first = lines.get(0);
    if (first.length() == 5 && first.regionMatches(true, 0, "sep=", 0, 4)) {
      reader.readLine();
      return first.charAt(4);
    }
    for (String header : lines) {
      int commas = 0;
      int semicolons = 0;
      int tabs = 0;
      quoted = false;
      for (int i = 0; i < header.length(); i++) {
        char ch = header.charAt(i);
        if (ch == '"') {
          quoted = !quoted;
        } else if (!quoted) {
          commas += ch == ',' ? 1 : 0;
          semicolons += ch == ';' ? 1 : 0;
          tabs += ch == '\t' ? 1 : 0;
        }
      }
      if (commas + semicolons + tabs == 0) {
        continue;
      }
      if (semicolons > commas && semicolons >= tabs) {
        return ';';
      }
      return tabs > commas ? '\t' : ',';
    }
    return ',';
  }

  private static BulkFileException translate(IOException e) {
    if (e instanceof NulCharacterException || e instanceof CharacterCodingException) {
      return invalidEncoding();
    }
    return BulkFileException.corrupt(
        "The CSV file is malformed (" + e.getMessage() + "); check for a missing closing quote.",
        e);
  }

  private static BulkFileException invalidEncoding() {
    return new BulkFileException(
        400,
        "bulk.invalid-encoding",
        "The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8 (comma delimited)\".");
  }

  /** Fails on the first NUL character instead of passing binary content on as text. */
  private static final class NulRejectingReader extends FilterReader {
    NulRejectingReader(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c == 0) {
        throw new NulCharacterException();
      }
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      for (int i = offset; i < offset + n; i++) {
        if (buffer[i] == 0) {
          throw new NulCharacterException();
        }
      }
      return n;
    }
  }
}
