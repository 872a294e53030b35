package io.github.academyoffboarding.bulk.leave;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A leave date as HR's data writes it into a user attribute: an ISO date ({@code 2027-01-31}) or an
 * ISO date-time ({@code 2027-01-31T17:00:00Z}, as Entra's {@code employeeLeaveDateTime}), whose
 * date part is the date. The last day the user may sign in: the date has ended once the day after
 * it has begun in the {@code time-zone}. Plain Java.
 */
public final class AttributeDate {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The characters of a value the sweep keeps as the date acted on (ACADEMY_LEAVE_DATE). */
  public static final int KEPT = 10;

  private AttributeDate() {}

  /** The date {@code value} holds, or null when it is not an ISO date or date-time. */
  public static LocalDate parse(String value) {
    if (value == null
        || value.length() < KEPT
        || !DATE.matcher(value.substring(0, KEPT)).matches()) {
      return null;
    }
    try {
      if (value.length() == KEPT) {
        return LocalDate.parse(value);
      }
      if (value.charAt(KEPT) != 'T') {
        return null;
      }
      return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(value));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * What the sweep records for {@code value} (valid or not): its first ten characters, so that the
   * same date written as a date or a date-time is acted on once.
   */
  public static String kept(String value) {
    return value.length() <= KEPT ? value : value.substring(0, KEPT);
  }

  /**
   * The first date that has not ended at {@code now} in {@code zone}, as ISO text: every value
   * below it (as text, which for ISO dates is their order) has ended.
   */
  public static String notEndedFrom(Instant now, ZoneId zone) {
    return LocalDate.ofInstant(now, zone).toString();
  }
}
