package io.github.academyoffboarding.bulk.report;

import io.github.academyoffboarding.bulk.RowMessage;
import java.util.regex.Pattern;

/**
 * One line of an import's report: one input row and what became of it.
 *
 * @param rowNumber the row number in the uploaded file
 * @param identifier what the row said
 * @param status the row's preview status ({@code MATCHED}, {@code NOT_FOUND}, …)
 * @param outcome what the job did ({@code DELETED}, {@code SKIPPED}, …); null before the job ran
 * @param message why, in English; may be null
 * @param userId the matched user's id; may be null
 * @param date the row's date as read (ISO); null without one
 * @param until the row's until as read (ISO); null without one
 * @param dueAt when the row's action is or was due (ISO instant); null without a date
 */
public record ReportLine(
    int rowNumber,
    String identifier,
    String status,
    String outcome,
    String message,
    String userId,
    String date,
    String until,
    String dueAt) {

  /** A line of a row without dates. */
  public ReportLine(
      int rowNumber,
      String identifier,
      String status,
      String outcome,
      String message,
      String userId) {
    this(rowNumber, identifier, status, outcome, message, userId, null, null, null);
  }

  /** How rows stored before 1.1 began a failure's text: the exception's simple class name. */
  private static final Pattern LEGACY_EXCEPTION =
      Pattern.compile("^([A-Za-z_$][A-Za-z0-9_$]*)(?::.*)?$", Pattern.DOTALL);

  /** The line of a stored row, its message rendered in English from the row's message key. */
  public static ReportLine of(
      int rowNumber,
      String identifier,
      String status,
      String outcome,
      String messageKey,
      String messageParam,
      String legacyMessage,
      String userId) {
    return new ReportLine(
        rowNumber,
        identifier,
        status,
        outcome,
        message(outcome, messageKey, messageParam, legacyMessage),
        userId);
  }

  /** This line with the row's dates and due time. */
  public ReportLine withDates(String date, String until, String dueAt) {
    return new ReportLine(
        rowNumber, identifier, status, outcome, message, userId, date, until, dueAt);
  }

  /**
   * The English text of a row's message, never exception text. Rows stored before 1.1 have free
   * text and no key; of those, only a failure's text came from an exception ({@code "SQLException:
   * <the statement, the values>"}): it is reduced to the exception's class name, as rows with a key
   * store it.
   */
  static String message(String outcome, String key, String param, String legacyText) {
    if (RowMessage.ofKey(key) != null || legacyText == null || !"FAILED".equals(outcome)) {
      return RowMessage.englishOf(key, param, legacyText);
    }
    for (RowMessage m : RowMessage.values()) {
      if (m.english(null).equals(legacyText)) {
        return legacyText; // a fixed sentence of the catalogue, e.g. "Keycloak did not remove …"
      }
    }
    var exception = LEGACY_EXCEPTION.matcher(legacyText);
    return RowMessage.FAILED.english(exception.matches() ? exception.group(1) : "error");
  }
}
