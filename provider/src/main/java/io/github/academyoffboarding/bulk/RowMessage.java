package io.github.academyoffboarding.bulk;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * Why a row has its status or outcome, as a message key of the theme's bundles (the console
 * translates it) with at most one parameter. Rows store the key and the parameter, never free text:
 * a parameter is a number, a field name or an exception's class name, so that nothing an exception
 * carries (SQL, values, e-mail addresses) lands in the import history or its report. The English
 * text is what the REST API's {@code message} and the report show.
 */
public enum RowMessage {
  // The preview.
  INVALID_BLANK("bulk.row.invalid-blank", "The row has no identifier."),
  INVALID_TOO_LONG("bulk.row.invalid-too-long", "The identifier is longer than {0} characters."),
  INVALID_NOT_AN_EMAIL("bulk.row.invalid-not-an-email", "The value is not an e-mail address."),
  INVALID_LONGER_THAN_KEYCLOAK_ALLOWS(
      "bulk.row.invalid-longer-than-keycloak-allows",
      "The value is longer than Keycloak allows (255 characters)."),
  INVALID_CONTROL_CHARACTERS(
      "bulk.row.invalid-control-characters", "The value contains control characters."),
  /**
   * An invisible character (zero-width space, soft hyphen, bidi mark…) anywhere in the value:
   * parameters are the character (e.g. {@code U+200B ZERO WIDTH SPACE}) and its position (1 is the
   * first character).
   */
  INVALID_INVISIBLE_CHARACTER(
      "bulk.row.invisible-character",
      "The value contains an invisible character ({0}) at position {1}; type it again instead of"
          + " copying it."),
  NOT_FOUND("bulk.row.not-found", "No user of this realm has this identifier."),
  DUPLICATE("bulk.row.duplicate", "The same user is on an earlier row."),
  HIDDEN(
      "bulk.row.hidden",
      "The row is hidden in the spreadsheet (for example by a filter); it is left out."),
  AMBIGUOUS("bulk.row.ambiguous", "The identifier matches {0} users; none of them is acted on."),
  PROTECTED_CALLER("bulk.row.protected-caller", "This is your own account."),
  PROTECTED_SERVICE_ACCOUNT(
      "bulk.row.protected-service-account", "This is the service account of a client."),
  PROTECTED_ADMIN("bulk.row.protected-admin", "This user is a realm administrator."),
  PROTECTED_NOT_MANAGEABLE(
      "bulk.row.protected-not-manageable", "You are not allowed to manage this user."),
  UNCHANGED_DEACTIVATED("bulk.row.unchanged-deactivated", "The user is already deactivated."),
  UNCHANGED_ACTIVE("bulk.row.unchanged-active", "The user is already active."),
  /**
   * AMBIGUOUS when the caller may view only one of the users: the others are not counted, so that
   * the row says nothing about users the caller may not view beyond the fact that it is ambiguous.
   */
  AMBIGUOUS_UNCOUNTED(
      "bulk.row.ambiguous-uncounted",
      "The identifier matches more than one user; none of them is acted on."),
  INVALID_DATE(
      "bulk.row.invalid-date",
      "The date {0} is not a date written as YYYY-MM-DD (for example 2027-01-31)."),
  UNTIL_BEFORE_DATE(
      "bulk.row.until-before-date",
      "The until date is before the date: the leave would end before it starts."),
  UNTIL_NOT_ALLOWED(
      "bulk.row.until-not-allowed", "An until date is allowed only when deactivating."),

  // The job.
  GONE("bulk.outcome.gone", "The user was removed by someone else after the preview."),
  IDENTIFIER_CHANGED(
      "bulk.outcome.identifier-changed", "The user''s {0} changed after the preview."),
  BECAME_CALLER("bulk.outcome.became-caller", "This is the account of the admin who started it."),
  BECAME_SERVICE_ACCOUNT(
      "bulk.outcome.became-service-account",
      "The user became the service account of a client after the preview."),
  BECAME_ADMIN(
      "bulk.outcome.became-admin", "The user became a realm administrator after the preview."),
  NO_LONGER_MANAGEABLE(
      "bulk.outcome.no-longer-manageable",
      "The admin who started the import may not manage this user."),
  ALREADY_DEACTIVATED(
      "bulk.outcome.already-deactivated",
      "The user was deactivated by someone else after the preview."),
  ALREADY_ACTIVE(
      "bulk.outcome.already-active", "The user was reactivated by someone else after the preview."),
  NOT_REMOVED("bulk.outcome.not-removed", "Keycloak did not remove the user."),

  // The restore window.
  ALREADY_PENDING(
      "bulk.outcome.already-pending",
      "The user is already pending deletion by another import; that one decides."),
  RE_ENABLED(
      "bulk.outcome.re-enabled",
      "The user was enabled again during the restore window, so it was not deleted."),
  REMOVED_ELSEWHERE(
      "bulk.outcome.removed-elsewhere",
      "The user was removed by someone else during the restore window."),
  FAILED("bulk.outcome.failed", "The user could not be processed ({0})."),
  FAILED_REPEATEDLY(
      "bulk.outcome.failed-repeatedly",
      "The user could not be processed: the attempt failed {0} times ({1})."),

  // Dated actions.
  SCHEDULE_MOVED("bulk.row.schedule-moved", "A later import ({0}) moved this schedule."),
  RETURN_ALREADY_ACTIVE(
      "bulk.outcome.return-already-active",
      "The user was enabled again before the leave ended: left as it is."),
  ;

  private final String key;
  private final String english;

  RowMessage(String key, String english) {
    this.key = key;
    this.english = english;
  }

  public String key() {
    return key;
  }

  /** The English text with the stored parameter filled in ({@code |} separates two parameters). */
  public String english(String param) {
    Object[] params = param == null ? new Object[0] : param.split("\\|", -1);
    return new MessageFormat(english, Locale.ROOT).format(params);
  }

  /** The message of a key, or null for a key this version does not know (or none). */
  public static RowMessage ofKey(String key) {
    if (key == null) {
      return null;
    }
    for (RowMessage m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The English text of a stored row: from its key when it has one, else the free text rows stored
   * before version 1.1 (erased with the rest of the row after {@code history-retention}).
   */
  public static String englishOf(String key, String param, String legacyText) {
    RowMessage m = ofKey(key);
    return m != null ? m.english(param) : legacyText;
  }
}
