package io.github.academyoffboarding.common;

import java.time.Duration;

/** ISO-8601 durations as an operator writes them: {@code P30D}, not Java's {@code PT720H}. */
public final class IsoDurations {

  private IsoDurations() {}

  /**
   * Whole days as {@code P<n>D}, the rest as {@link Duration#toString()} writes it: {@code P30D},
   * {@code P1DT12H}, {@code PT12H}, {@code PT0S}. Not negative.
   */
  public static String format(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return duration.toString();
    }
    long days = duration.toDays();
    Duration rest = duration.minusDays(days);
    StringBuilder text = new StringBuilder("P");
    if (days > 0) {
      text.append(days).append('D');
    }
    if (!rest.isZero()) {
      text.append(rest.toString().substring(1)); // "PT12H" without its P
    }
    return text.toString();
  }
}
