package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.common.AcademyException;

/** Checks shared by the representations; each failure is a 400 with a message key. */
final class Fields {

  static final int MAX_TEXT = 255;

  private Fields() {}

  static String required(String field, String value) {
    String text = optional(field, value);
    if (text == null) {
      throw AcademyException.badRequest(
          "academy.missing-field", "Field '" + field + "' is required.");
    }
    return text;
  }

  /** Trimmed text, or null when absent or blank. */
  static String optional(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    if (text.length() > MAX_TEXT) {
      throw AcademyException.badRequest(
          "academy.field-too-long",
          "Field '" + field + "' must be at most " + MAX_TEXT + " characters.");
    }
    return text;
  }

  static void notBefore(String laterField, Long later, String earlierField, Long earlier) {
    if (later != null && earlier != null && later < earlier) {
      throw AcademyException.badRequest(
          "academy.invalid-time-range",
          "Field '" + laterField + "' must not be before '" + earlierField + "'.");
    }
  }
}
