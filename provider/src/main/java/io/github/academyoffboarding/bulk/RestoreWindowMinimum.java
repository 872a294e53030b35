package io.github.academyoffboarding.bulk;

import io.github.academyoffboarding.common.IsoDurations;
import java.time.Duration;
import java.time.Instant;

/**
 * The SPI option {@code restore-window-min}: the shortest restore window any caller of the
 * extension may give a DELETE, and the least time between scheduling users and a delete-now of
 * them. Operators own it; {@code PT0S} (the default) allows everything.
 */
public record RestoreWindowMinimum(Duration value) {

  public static final RestoreWindowMinimum NONE = new RestoreWindowMinimum(Duration.ZERO);

  /** Whether a restore window of {@code window} is allowed. */
  public boolean allows(Duration window) {
    return window.compareTo(value) >= 0;
  }

  /**
   * The earliest time a delete-now may end the window of users scheduled at {@code scheduledAt}
   * (epoch milliseconds).
   */
  public long deleteNowFrom(long scheduledAt) {
    return scheduledAt + value.toMillis();
  }

  /** Whether a delete-now at {@code now} of users scheduled at {@code scheduledAt} is allowed. */
  public boolean allowsDeleteNow(long scheduledAt, long now) {
    return now >= deleteNowFrom(scheduledAt);
  }

  /** What a client is told about a {@code deleteAfter} below the minimum. */
  public String belowMinimumDescription() {
    return "deleteAfter must be at least "
        + text()
        + " (the server's restore-window-min): no import can delete its users sooner.";
  }

  /** What a client is told about a delete-now before {@link #deleteNowFrom}. */
  public String deleteNowTooSoonDescription(long scheduledAt) {
    return "These users were scheduled less than "
        + text()
        + " ago (the server's restore-window-min): they can be deleted now from "
        + Instant.ofEpochMilli(deleteNowFrom(scheduledAt))
        + ".";
  }

  /** The minimum as written in the configuration: {@code P7D}. */
  public String text() {
    return IsoDurations.format(value);
  }

  @Override
  public String toString() {
    return text();
  }
}
