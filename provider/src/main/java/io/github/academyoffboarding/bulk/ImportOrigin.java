package io.github.academyoffboarding.bulk;

import java.util.Locale;

/** Where an import comes from, as the history shows it. */
public enum ImportOrigin {
  /** An uploaded spreadsheet or CSV (the wizard, {@code curl -F}). */
  FILE,
  /** A JSON list of identifiers (automation). */
  API,
  /** The console's delete, deactivate or reactivate of users chosen in the user list. */
  USER_LIST,
  /** The leave-date sweep; made by the server only, never sent by a client. */
  ATTRIBUTE;

  /**
   * The origin a JSON body asks for: absent is {@link #API}; {@code API} or {@code USER_LIST} in
   * any case; anything else (another origin, a number, blank) is null, for the caller to refuse.
   */
  public static ImportOrigin fromJson(Object value) {
    if (value == null) {
      return API;
    }
    if (value instanceof String text) {
      String t = text.strip().toUpperCase(Locale.ROOT);
      if (t.equals(API.name())) {
        return API;
      }
      if (t.equals(USER_LIST.name())) {
        return USER_LIST;
      }
    }
    return null;
  }
}
