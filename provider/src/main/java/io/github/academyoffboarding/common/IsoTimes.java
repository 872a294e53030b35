package io.github.academyoffboarding.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Epoch milliseconds in the database, ISO-8601 instants ({@code 2026-01-15T10:00:00Z}) in JSON. */
public final class IsoTimes {

  private IsoTimes() {}

  public static String format(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }

  /**
   * Parses an optional instant; blank means absent.
   *
   * @throws AcademyException 400 {@code academy.invalid-time} naming the field
   */
  public static Long parse(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim()).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw AcademyException.badRequest(
          "academy.invalid-time",
          "Field '" + field + "' must be an ISO-8601 instant such as 2026-01-15T10:00:00Z.");
    }
  }
}
