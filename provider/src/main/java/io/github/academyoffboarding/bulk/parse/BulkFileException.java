package io.github.academyoffboarding.bulk.parse;

/**
 * An uploaded file that cannot be used. Carries everything the REST layer needs for its error
 * response: the HTTP status (400, 413 or 415), a message key the UI translates, and English text.
 */
public final class BulkFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String messageKey;

  public BulkFileException(int httpStatus, String messageKey, String englishText) {
    this(httpStatus, messageKey, englishText, null);
  }

  public BulkFileException(int httpStatus, String messageKey, String englishText, Throwable cause) {
    super(englishText, cause);
    this.httpStatus = httpStatus;
    this.messageKey = messageKey;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String messageKey() {
    return messageKey;
  }

  public String englishText() {
    return getMessage();
  }

  static BulkFileException corrupt(String englishText, Throwable cause) {
    return new BulkFileException(400, "bulk.corrupt-file", englishText, cause);
  }

  static BulkFileException unsupported(String englishText) {
    return new BulkFileException(415, "bulk.unsupported-format", englishText);
  }

  static BulkFileException tooComplex(String englishText, Throwable cause) {
    return new BulkFileException(413, "bulk.file-too-complex", englishText, cause);
  }
}
