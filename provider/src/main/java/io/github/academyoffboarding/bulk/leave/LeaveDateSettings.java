package io.github.academyoffboarding.bulk.leave;

import io.github.academyoffboarding.bulk.BulkAction;
import java.util.Locale;

/**
 * The leave-date sweep's SPI options: {@code leave-date-attribute}, the user attribute HR's data
 * writes a leave date to (unset: the sweep is off), and {@code leave-date-action}, what happens to
 * a user whose date has ended ({@code DEACTIVATE}, or {@code DELETE} through the restore window).
 *
 * @param attribute the attribute's name, or null when the sweep is off
 * @param action DEACTIVATE or DELETE
 */
public record LeaveDateSettings(String attribute, BulkAction action) {

  public static final LeaveDateSettings OFF = new LeaveDateSettings(null, BulkAction.DEACTIVATE);

  /** Keycloak's USER_ATTRIBUTE.NAME is a VARCHAR(255). */
  private static final int MAX_NAME = 255;

  public boolean on() {
    return attribute != null;
  }

  /**
   * The options as written; refused at start, with the option's name and what it takes, when the
   * action is not DEACTIVATE or DELETE or the attribute's name could never be stored.
   */
  public static LeaveDateSettings of(String attribute, String action) {
    BulkAction a = action(action);
    if (attribute == null || attribute.isBlank()) {
      return new LeaveDateSettings(null, a);
    }
    String name = attribute.strip();
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "bulk-users SPI option leave-date-attribute must be a user attribute name of at most "
              + MAX_NAME
              + " characters without control characters, such as leaveDate, not "
              + attribute);
    }
    return new LeaveDateSettings(name, a);
  }

  private static BulkAction action(String value) {
    if (value == null || value.isBlank()) {
      return BulkAction.DEACTIVATE;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.equals(BulkAction.DEACTIVATE.name())) {
      return BulkAction.DEACTIVATE;
    }
    if (v.equals(BulkAction.DELETE.name())) {
      return BulkAction.DELETE;
    }
    throw new IllegalArgumentException(
        "bulk-users SPI option leave-date-action must be DEACTIVATE (the default) or DELETE"
            + " (deactivated, then deleted when the restore window ends), not "
            + value);
  }
}
