package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.MatchBy;
import java.util.Locale;

/**
 * Turns a cell (or a JSON identifier) into the form Keycloak stores, so that look-ups and duplicate
 * detection compare like with like. Never throws on odd input: anything unusable is reported as a
 * {@link NormalizedIdentifier.Problem}.
 */
public final class IdentifierNormalizer {

  /** Longest cell that is looked at at all; also the width of the row table's IDENTIFIER column. */
  public static final int MAX_LENGTH = 1024;

  /** Keycloak's USERNAME, EMAIL and ID columns (and federated ids) fit in 255 characters. */
  static final int KEYCLOAK_MAX_LENGTH = 255;

  private IdentifierNormalizer() {}

  public static NormalizedIdentifier normalize(MatchBy matchBy, String raw) {
    String value = clean(raw);
    if (value.isEmpty()) {
      return NormalizedIdentifier.invalid(NormalizedIdentifier.Problem.BLANK);
    }
    if (value.length() > MAX_LENGTH) {
      return NormalizedIdentifier.invalid(NormalizedIdentifier.Problem.TOO_LONG);
    }
    if (value.length() > KEYCLOAK_MAX_LENGTH) {
      return NormalizedIdentifier.invalid(NormalizedIdentifier.Problem.LONGER_THAN_KEYCLOAK_ALLOWS);
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return NormalizedIdentifier.invalid(NormalizedIdentifier.Problem.CONTROL_CHARACTERS);
    }
    String invisible = invisibleCharacter(value);
    if (invisible != null) {
      return NormalizedIdentifier.invalid(
          NormalizedIdentifier.Problem.INVISIBLE_CHARACTER, invisible);
    }
    switch (matchBy) {
      case EMAIL:
        // Keycloak stores e-mail addresses lower-cased (ROOT: the same result on every server
        // locale).
        String email = value.toLowerCase(Locale.ROOT);
        return isPlausibleEmail(email)
            ? NormalizedIdentifier.valid(email)
            : NormalizedIdentifier.invalid(NormalizedIdentifier.Problem.NOT_AN_EMAIL);
      case USERNAME:
        // Keycloak stores usernames lower-cased as well.
        return NormalizedIdentifier.valid(value.toLowerCase(Locale.ROOT));
      case ID:
        // Ids are compared exactly: imported and federated users can have ids that are not UUIDs.
        return NormalizedIdentifier.valid(value);
      default:
        throw new IllegalArgumentException("matchBy " + matchBy);
    }
  }

  /**
   * Removes white space at both ends: ordinary spaces, tabs, line breaks, the no-break space and
   * other control characters. Invisible characters (zero-width space, byte-order mark…) are kept
   * wherever they are, so that {@link #normalize} can report them instead of matching a value that
   * is not what it looks like.
   */
  public static String clean(String raw) {
    if (raw == null) {
      return "";
    }
    int start = 0;
    int end = raw.length();
    while (start < end && isBlankChar(raw.charAt(start))) {
      start++;
    }
    while (end > start && isBlankChar(raw.charAt(end - 1))) {
      end--;
    }
    return raw.substring(start, end);
  }

  /**
   * At most {@link #MAX_LENGTH} characters, for storing what the admin wrote next to the row's
   * status; see {@link #storable}.
   */
  public static String clip(String value) {
    if (value == null || value.length() <= MAX_LENGTH) {
      return storable(value);
    }
    int end = MAX_LENGTH;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return storable(value.substring(0, end));
  }

  /**
   * Text as every supported database stores it: a NUL character (an xlsx cell can carry one as
   * {@code _x0000_}, a JSON string as an escaped NUL) becomes U+2400 SYMBOL FOR NULL, which
   * PostgreSQL accepts in a text column and the admin can see. Such a value is INVALID anyway.
   */
  public static String storable(String value) {
    return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\u2400');
  }

  static boolean isBlankChar(char c) {
    // Printable ASCII first: it is almost every character of a file, and none of it is blank
    // (the Character checks below took a tenth of a 100,000-row preview).
    if (c > ' ' && c < '\u007F') {
      return false;
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
  }

  /**
   * Whether a character is invisible in a cell but not blank: Unicode's format characters (zero-
   * width space, zero-width (non-)joiner, word joiner, byte-order mark, soft hyphen, the bidi marks
   * and embeddings) and the few letters and marks that render as nothing (combining grapheme
   * joiner, Hangul fillers). A value copied from a mail or a web page carries them unseen, and
   * Keycloak would look the value up with them.
   */
  static boolean isInvisible(int c) {
    if (c > ' ' && c < '\u007F') {
      return false;
    }
    return Character.getType(c) == Character.FORMAT
        || c == 0x034F
        || c == 0x115F
        || c == 0x1160
        || c == 0x3164
        || c == 0xFFA0;
  }

  /**
   * The first invisible character of {@code value} as the message parameters {@code "U+200B ZERO
   * WIDTH SPACE|7"} (the character and its 1-based position, counted in characters as the admin
   * sees them), or null when there is none.
   */
  static String invisibleCharacter(String value) {
    int position = 0;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      position++;
      if (isInvisible(c)) {
        String name = Character.getName(c);
        return String.format(Locale.ROOT, "U+%04X", c)
            + (name == null ? "" : " " + name)
            + "|"
            + position;
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /**
   * A deliberately lenient check: it catches what is obviously not one address (no {@code @}, a
   * name around it, two addresses in one cell, spaces) without refusing unusual but valid ones,
   * such as internationalised addresses, which then simply are looked up.
   */
  static boolean isPlausibleEmail(String email) {
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1) {
      return false;
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || "<>()[],;:\\\"@".indexOf(c) >= 0) {
        return false;
      }
    }
    if (domain.startsWith("[") && domain.endsWith("]")) {
      return domain.length() > 2; // address literal, e.g. [192.0.2.1]
    }
    if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
      return false;
    }
    for (String label : domain.split("\\.")) {
      if (label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(Character.isLetterOrDigit(c)
            || c == '-'
            || Character.getType(c) == Character.NON_SPACING_MARK
            || Character.getType(c) == Character.COMBINING_SPACING_MARK)) {
          return false;
        }
      }
    }
    return true;
  }
}
