package io.github.academyoffboarding.bulk.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner of an import's status: no file outside {@code bulk/lifecycle/} names an import status
 * by hand. What counts is precise, so that row statuses ({@code MATCHED}…) and row outcomes ({@code
 * FAILED}, {@code SCHEDULED} on {@code BulkImportRowEntity}) stay free:
 *
 * <ul>
 *   <li>in a query on {@code BulkImportEntity} (JPQL) or {@code ACADEMY_BULK_IMPORT} (SQL), a
 *       quoted import status, unless it is compared with a column of another entity's alias;
 *   <li>a string holding just an import status given to {@code setStatus} or compared with {@code
 *       getStatus()};
 *   <li>{@code ImportStatus.X.name()}: a status compared or written by hand instead of asking
 *       {@link ImportLife}.
 * </ul>
 *
 * String literals are read with a small Java lexer (comments skipped, literals joined by {@code +}
 * read as one query), so a Javadoc that mentions SCHEDULED is no offence.
 */
class ImportStatusLiteralsTest {

  private static final Path SOURCES =
      Path.of(System.getProperty("lifecycle.scan.sources", "src/main/java"));
  private static final String OWNER = "io/github/academyoffboarding/bulk/lifecycle/";
  private static final String STATUS_WORDS =
      Stream.of(ImportStatus.values()).map(Enum::name).collect(Collectors.joining("|"));
  private static final Pattern QUOTED = Pattern.compile("'(" + STATUS_WORDS + ")'");
  private static final Pattern JPQL_ALIAS =
      Pattern.compile("\\bBulkImportEntity\\s+(?:as\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SQL_TABLE =
      Pattern.compile(
          "\\bACADEMY_BULK_IMPORT\\b(?:\\s+(?:as\\s+)?(\\w+))?", Pattern.CASE_INSENSITIVE);
  private static final Set<String> SQL_WORDS =
      Set.of("where", "set", "join", "on", "values", "left", "inner", "order", "group");

  /** A comparison of an alias's column with a quoted word: {@code r.outcome = 'FAILED'}. */
  private static final Pattern COMPARED =
      Pattern.compile(
          "(\\w+)\\.\\w+\\s*(?:=|<>|!=|\\bin\\s*\\()\\s*(?:'\\w+'\\s*,\\s*)*$",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern BY_HAND_JAVA =
      Pattern.compile(
          "\\.setStatus\\(\\s*\"("
              + STATUS_WORDS
              + ")\"|\"("
              + STATUS_WORDS
              + ")\"\\s*\\.equals\\([^)]*getStatus\\(\\)|getStatus\\(\\)\\s*\\)?\\s*\\.equals\\(\\s*\"("
              + STATUS_WORDS
              + ")\"");
  private static final Pattern BY_HAND_ENUM =
      Pattern.compile("\\bImportStatus\\s*\\.\\s*(" + STATUS_WORDS + ")\\s*\\.\\s*name\\s*\\(");

  @Test
  void noFileOutsideTheLifecyclePackageNamesAnImportStatus() throws IOException {
    assertThat(SOURCES).isDirectory();
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !SOURCES.relativize(p).toString().replace('\\', '/').startsWith(OWNER))
          .forEach(
              p -> offences(read(p)).forEach(o -> offences.add(SOURCES.relativize(p) + ": " + o)));
    }
    assertThat(offences)
        .as("import status named outside bulk/lifecycle/ (ask ImportLife instead)")
        .isEmpty();
  }

  @Test
  void theScanFindsWhatItIsMeantTo() {
    assertThat(
            offences(
                "q(\"update BulkImportEntity i set i.status = 'CANCELLED', i.finishedAt = :now\""
                    + " + \" where i.id = :id and i.status = 'PREVIEW'\");"))
        .hasSize(2);
    assertThat(
            offences(
                "q(\"update BulkImportEntity i set i.status = case when i.cancelRequested = true"
                    + " then 'CANCELLED' else 'COMPLETED' end where i.status = :s\");"))
        .hasSize(2);
    assertThat(
            offences(
                "q(\"select i.id from BulkImportEntity i where i.status in ('FAILED'\"+\n  \", 'COMPLETED')\");"))
        .hasSize(2);
    assertThat(offences("q(\"update ACADEMY_BULK_IMPORT set STATUS = 'RUNNING' where ID = ?\");"))
        .hasSize(1);
    assertThat(offences("e.setStatus(\"PREVIEW\");")).hasSize(1);
    assertThat(offences("if (\"RUNNING\".equals(e.getStatus())) {}")).hasSize(1);
    assertThat(offences("if (e.getStatus().equals(\"SCHEDULED\")) {}")).hasSize(1);
    assertThat(offences("if (ImportStatus.PREVIEW.name().equals(e.getStatus())) {}")).hasSize(1);
  }

  @Test
  void rowOutcomesRowStatusesAndCommentsAreNoOffence() {
    assertThat(
            offences(
                "q(\"update BulkImportRowEntity r set r.outcome = :o where r.outcome ="
                    + " 'SCHEDULED'\");"))
        .isEmpty();
    assertThat(
            offences(
                "q(\"select r from BulkImportRowEntity r where r.status = 'MATCHED' and r.outcome"
                    + " in ('FAILED', 'SKIPPED')\");"))
        .isEmpty();
    // One query on both: the row's outcome is compared through the row's alias.
    assertThat(
            offences(
                "q(\"select i.id from BulkImportEntity i, BulkImportRowEntity r where r.importId ="
                    + " i.id and r.outcome = 'FAILED' and i.status = :ended\");"))
        .isEmpty();
    assertThat(
            offences(
                "q(\"select count(*) from ACADEMY_BULK_IMPORT_ROW where OUTCOME = 'FAILED'\");"))
        .isEmpty();
    assertThat(
            offences(
                "/** Ends as 'FAILED'; i.status = 'SCHEDULED' in BulkImportEntity i */\n"
                    + "// BulkImportEntity i where i.status = 'RUNNING'\n"
                    + "x(Outcome.FAILED.name(), row.setStatus(\"MATCHED\"), lease(ImportStatus.RUNNING));"))
        .isEmpty();
    assertThat(offences("r.outcome = \"FAILED\"; String s = \"a 'SCHEDULED' word\";")).isEmpty();
  }

  /** What a Java source names by hand, one line per offence. */
  static List<String> offences(String source) {
    List<String> found = new ArrayList<>();
    Lexed lexed = lex(source);
    for (String query : lexed.strings()) {
      found.addAll(inQuery(query));
    }
    Matcher m = BY_HAND_JAVA.matcher(lexed.code());
    while (m.find()) {
      found.add("status string compared or set by hand: " + m.group());
    }
    m = BY_HAND_ENUM.matcher(lexed.code());
    while (m.find()) {
      found.add("ImportStatus compared or written by hand: " + m.group());
    }
    return found;
  }

  private static List<String> inQuery(String query) {
    Set<String> importAliases = new java.util.HashSet<>();
    Matcher alias = JPQL_ALIAS.matcher(query);
    while (alias.find()) {
      importAliases.add(alias.group(1).toLowerCase());
    }
    Matcher table = SQL_TABLE.matcher(query);
    boolean sqlTable = false;
    while (table.find()) {
      sqlTable = true;
      if (table.group(1) != null && !SQL_WORDS.contains(table.group(1).toLowerCase())) {
        importAliases.add(table.group(1).toLowerCase());
      }
    }
    if (importAliases.isEmpty() && !sqlTable) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(query);
    while (quoted.find()) {
      Matcher compared = COMPARED.matcher(query.substring(0, quoted.start()));
      if (compared.find() && !importAliases.contains(compared.group(1).toLowerCase())) {
        continue; // another entity's column: a row's outcome or status
      }
      found.add(quoted.group() + " in \"" + query + "\"");
    }
    return found;
  }

  /** The code without comments or literals, and the string literals joined as queries. */
  private record Lexed(String code, List<String> strings) {}

  private static Lexed lex(String s) {
    StringBuilder code = new StringBuilder();
    List<String> strings = new ArrayList<>();
    StringBuilder current = null; // the query being joined, while only '+' and blanks follow
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        String text = s.substring(i + 3, end < 0 ? s.length() : end);
        current = current == null ? new StringBuilder(text) : current.append(text);
        code.append("\"\"");
        i = end < 0 ? s.length() : end + 3;
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          text.append(s.charAt(j));
          j++;
        }
        current = current == null ? new StringBuilder(text) : current.append(text);
        code.append('"').append(text).append('"');
        i = j + 1;
      } else if (c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '\'') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        code.append("' '");
        i = j + 1;
      } else {
        if (current != null && !Character.isWhitespace(c) && c != '+') {
          strings.add(current.toString());
          current = null;
        }
        code.append(c);
        i++;
      }
    }
    if (current != null) {
      strings.add(current.toString());
    }
    return new Lexed(code.toString(), strings);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
