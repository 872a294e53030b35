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
 */
public record PlannedRow(
    int rowNumber,
    String identifier,
    RowStatus status,
    String userId,
    RowMessage message,
    String messageParam,
    Integer matchCount) {

  static PlannedRow of(
      int rowNumber, String identifier, RowStatus status, String userId, RowMessage message) {
    return new PlannedRow(rowNumber, identifier, status, userId, message, null, null);
  }
}
