package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Recognises the header row and picks the column to read, the same way for xlsx and CSV. */
final class HeaderMatcher {

  private HeaderMatcher() {}

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

  private static String key(String headerCell) {
    return IdentifierNormalizer.clean(headerCell)
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
      throw new BulkFileException(
          400,
          "bulk.no-header",
          "The first row must be a header with a column named email, username or id.");
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
