package io.github.academyoffboarding.bulk.dates;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * A {@code date} or {@code until} cell as read: absent, a calendar date, or text that is not an ISO
 * {@code YYYY-MM-DD} date. Only ISO is accepted: {@code 01/02/2027} is January 2 in one country and
 * February 1 in the next, so any other form makes the row invalid rather than a guess.
 *
 * @param text the text read, trimmed (null when absent)
 * @param date the date, or null when absent or invalid
 */
public record LeaveDate(String text, LocalDate date) {

  /** Longer texts are cut to this when kept (as a message parameter and in the row). */
  public static final int MAX_TEXT = 64;

  private static final LeaveDate ABSENT = new LeaveDate(null, null);

  private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** Strict: 2027-02-30 is refused, not moved to March 2. */
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  public static LeaveDate absent() {
    return ABSENT;
  }

  /** A date known to be valid (an xlsx date cell). */
  public static LeaveDate of(LocalDate date) {
    return new LeaveDate(date.toString(), date);
  }

  /** Reads a cell: blank is absent; anything but a strict ISO date is invalid. */
  public static LeaveDate parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return ABSENT;
    }
    String text = raw.strip();
    if (ISO.matcher(text).matches()) {
      try {
        return new LeaveDate(text, LocalDate.parse(text, FORMAT));
      } catch (DateTimeException e) {
        // falls through: not a real date (2027-02-30)
      }
    }
    return invalid(text);
  }

  /** Text that is known not to be a date (an xlsx number without a date format). */
  public static LeaveDate invalid(String text) {
    String t = text == null ? "" : text.strip();
    return new LeaveDate(t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t, null);
  }

  public boolean isAbsent() {
    return text == null;
  }

  public boolean isInvalid() {
    return text != null && date == null;
  }
}
