package io.github.academyoffboarding.bulk.parse;

/**
 * An identifier ready for look-up, or the reason it cannot be looked up.
 *
 * @param value the normalised identifier (null when {@code problem} is set)
 * @param problem why the identifier is invalid (null when it is valid)
 */
public record NormalizedIdentifier(String value, Problem problem) {

  /** Why a row is {@code INVALID}. */
  public enum Problem {
    BLANK("The row has no identifier."),
    TOO_LONG("The identifier is longer than " + IdentifierNormalizer.MAX_LENGTH + " characters."),
    NOT_AN_EMAIL("The value is not an e-mail address."),
    LONGER_THAN_KEYCLOAK_ALLOWS("The value is longer than Keycloak allows (255 characters)."),
    CONTROL_CHARACTERS("The value contains control characters.");

    private final String englishText;

    Problem(String englishText) {
      this.englishText = englishText;
    }

    public String englishText() {
      return englishText;
    }
  }

  static NormalizedIdentifier valid(String value) {
    return new NormalizedIdentifier(value, null);
  }

  static NormalizedIdentifier invalid(Problem problem) {
    return new NormalizedIdentifier(null, problem);
  }

  public boolean isValid() {
    return problem == null;
  }
}
