package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Recognises the header row and picks the column to read, the same way for xlsx and CSV. The header
 * is the first row that names an identifier column ({@code email}, {@code username}, {@code id})
 * among the first {@link #SEARCH_ROWS} rows with content; rows above it (a title, a date, notes)
 * are not data.
 */
final class HeaderMatcher {

  /**
   * How many rows with content (blank rows do not count) are searched for the header: room for a
   * title block and notes above a table, yet a sheet of data without a header is refused after a
   * glance, not after reading it all.
   */
  static final int SEARCH_ROWS = 20;

  private HeaderMatcher() {}

  /** Whether a row names at least one identifier column (cell texts; null for an empty cell). */
  static boolean isHeader(List<String> cells) {
    for (String cell : cells) {
      if (cell != null && recognise(cell) != null) {
        return true;
      }
    }
    return false;
  }

  /** The 400 for a file (or the named sheets) without a header row. */
  static BulkFileException noHeader(String where) {
    return new BulkFileException(
        400,
        "bulk.no-header",
        "No header row with a column named email, username or id in the first "
            + SEARCH_ROWS
            + " rows"
            + (where == null ? "" : " of " + where)
            + ". Put the header above the rows, e.g. a cell 'email' above the addresses.");
  }

  /** The column chosen in a header row. */
  record Column(int index, String header) {}

  /**
   * The optional date columns of a header row, by index; -1 when the file has none. The first
   * {@code date} (or {@code leave date}) and the first {@code until} column count.
   */
  record DateColumns(int date, int until) {
    static final DateColumns NONE = new DateColumns(-1, -1);

    boolean any() {
      return date >= 0 || until >= 0;
    }
  }

  static DateColumns dateColumns(List<String> headerCells) {
    int date = -1;
    int until = -1;
    for (int i = 0; i < headerCells.size(); i++) {
      String cell = headerCells.get(i);
      if (cell == null) {
        continue;
      }
      String key = key(cell);
      if (date < 0 && (key.equals("date") || key.equals("leavedate"))) {
        date = i;
      } else if (until < 0 && key.equals("until")) {
        until = i;
      }
    }
    return new DateColumns(date, until);
  }

  /**
   * The cell as a header name: case, spaces, hyphens, underscores, dots and invisible characters (a
   * header is recognised, not looked up) do not matter.
   */
  private static String key(String headerCell) {
    StringBuilder key = new StringBuilder(headerCell.length());
    headerCell
        .codePoints()
        .filter(c -> !IdentifierNormalizer.isInvisible(c))
        .forEach(key::appendCodePoint);
    return IdentifierNormalizer.clean(key.toString())
        .toLowerCase(Locale.ROOT)
        .replaceAll("[\\s\\-_.]", "");
  }

  /**
   * Which identifier a header cell names, or null. Case, spaces, hyphens and underscores do not
   * matter.
   */
  static MatchBy recognise(String headerCell) {
    switch (key(headerCell)) {
      case "email":
      case "emailaddress":
        return MatchBy.EMAIL;
      case "username":
        return MatchBy.USERNAME;
      case "id":
      case "userid":
        return MatchBy.ID;
      default:
        return null;
    }
  }

  /**
   * Picks the column for {@code matchBy} from the header row (cell texts by column index; null for
   * an empty cell). The first matching column wins.
   */
  static Column choose(List<String> headerCells, MatchBy matchBy) {
    Map<MatchBy, Column> found = new EnumMap<>(MatchBy.class);
    for (int i = 0; i < headerCells.size(); i++) {
      String cell = headerCells.get(i);
      MatchBy recognised = cell == null ? null : recognise(cell);
      if (recognised != null) {
        found.putIfAbsent(recognised, new Column(i, IdentifierNormalizer.clean(cell)));
      }
    }
    if (found.isEmpty()) {
      throw noHeader(null);
    }
    Column column = found.get(matchBy);
    if (column == null) {
      String present =
          found.keySet().stream().map(HeaderMatcher::headerName).collect(Collectors.joining(", "));
      throw new BulkFileException(
          400,
          "bulk.missing-column",
          "The file has no "
              + headerName(matchBy)
              + " column (matching by "
              + matchBy
              + "); it has: "
              + present
              + ".");
    }
    return column;
  }

  static String headerName(MatchBy matchBy) {
    return matchBy.name().toLowerCase(Locale.ROOT);
  }
}
