package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.RowMessage;

/**
 * One input row as the preview decided it.
 *
 * @param identifier the value as it stood in the file
 * @param userId the user the row is about; null unless the row names exactly one user the caller
 *     may view
 * @param message why the row has its status (null for MATCHED)
 * @param messageParam the message's parameter, if it has one
 * @param matchCount AMBIGUOUS: how many users (that the caller may view) the identifier matched;
 *     null otherwise, and when that number would count users the caller may not view
 * @param date the row's {@code date} as an ISO date, when it has a valid one
 * @param until the row's {@code until} as an ISO date, when it has a valid one
 * @param dueAt MATCHED with a date: when the action is due (epoch millis, possibly past); null
 *     otherwise (at commit)
 * @param untilAt MATCHED DEACTIVATE with an until: when the user returns (epoch millis)
 */
public record PlannedRow(
    int rowNumber,
    String identifier,
    RowStatus status,
    String userId,
    RowMessage message,
    String messageParam,
    Integer matchCount,
    String date,
    String until,
    Long dueAt,
    Long untilAt) {

  /** A row without dates. */
  public PlannedRow(
      int rowNumber,
      String identifier,
      RowStatus status,
      String userId,
      RowMessage message,
      String messageParam,
      Integer matchCount) {
    this(
        rowNumber,
        identifier,
        status,
        userId,
        message,
        messageParam,
        matchCount,
        null,
        null,
        null,
        null);
  }

  static PlannedRow of(
      int rowNumber, String identifier, RowStatus status, String userId, RowMessage message) {
    return new PlannedRow(rowNumber, identifier, status, userId, message, null, null);
  }
}
