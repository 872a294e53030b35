package io.github.academyoffboarding.bulk.parse;

import io.github.academyoffboarding.bulk.RowMessage;

/**
 * An identifier ready for look-up, or the reason it cannot be looked up.
 *
 * @param value the normalised identifier (null when {@code problem} is set)
 * @param problem why the identifier is invalid (null when it is valid)
 * @param detail the message's parameter for this value (which invisible character, where), or null
 *     for the problem's own
 */
public record NormalizedIdentifier(String value, Problem problem, String detail) {

  public NormalizedIdentifier(String value, Problem problem) {
    this(value, problem, null);
  }

  /** Why a row is {@code INVALID}, as the message its row carries. */
  public enum Problem {
    BLANK(RowMessage.INVALID_BLANK, null),
    TOO_LONG(RowMessage.INVALID_TOO_LONG, String.valueOf(IdentifierNormalizer.MAX_LENGTH)),
    NOT_AN_EMAIL(RowMessage.INVALID_NOT_AN_EMAIL, null),
    LONGER_THAN_KEYCLOAK_ALLOWS(RowMessage.INVALID_LONGER_THAN_KEYCLOAK_ALLOWS, null),
    CONTROL_CHARACTERS(RowMessage.INVALID_CONTROL_CHARACTERS, null),
    INVISIBLE_CHARACTER(RowMessage.INVALID_INVISIBLE_CHARACTER, null);

    private final RowMessage message;
    private final String messageParam;

    Problem(RowMessage message, String messageParam) {
      this.message = message;
      this.messageParam = messageParam;
    }

    public RowMessage message() {
      return message;
    }

    /** The message's parameter (the length limit for TOO_LONG), or null. */
    public String messageParam() {
      return messageParam;
    }

    public String englishText() {
      return message.english(messageParam);
    }
  }

  static NormalizedIdentifier valid(String value) {
    return new NormalizedIdentifier(value, null);
  }

  static NormalizedIdentifier invalid(Problem problem) {
    return new NormalizedIdentifier(null, problem);
  }

  static NormalizedIdentifier invalid(Problem problem, String detail) {
    return new NormalizedIdentifier(null, problem, detail);
  }

  /** The row message's parameter: this value's detail, else the problem's own (or null). */
  public String messageParam() {
    return detail != null ? detail : problem == null ? null : problem.messageParam();
  }

  /** The English text of the problem with this value's parameter. */
  public String englishText() {
    return problem == null ? null : problem.message().english(messageParam());
  }

  public boolean isValid() {
    return problem == null;
  }
}
