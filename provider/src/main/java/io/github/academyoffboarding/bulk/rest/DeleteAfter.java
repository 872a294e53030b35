package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RestoreWindow;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.common.AcademyException;
import java.time.Duration;

/** A DELETE's restore window as an upload or a commit gives it, checked and recorded. */
final class DeleteAfter {

  private DeleteAfter() {}

  /**
   * The window {@code value} asks for.
   *
   * @throws AcademyException 400 when it is not a duration or the action is not DELETE
   */
  static Duration parse(String action, String value) {
    if (!BulkAction.DELETE.name().equals(action)) {
      throw AcademyException.badRequest(
          "bulk.delete-after-not-delete", "deleteAfter applies to the action DELETE only.");
    }
    Duration window = BulkSettings.parseDeleteAfter(value);
    if (window == null) {
      throw AcademyException.badRequest(
          "bulk.invalid-delete-after",
          "deleteAfter must be an ISO-8601 duration of at most ten years, such as P30D, PT12H, or"
              + " PT0S to delete at once.");
    }
    return window;
  }

  /**
   * What an upload records: the window it asks for, else the realm's default; null if no DELETE.
   */
  static String forUpload(BulkAction action, String value, RestoreWindow realmDefault) {
    if (value == null || value.isBlank()) {
      return action == BulkAction.DELETE ? format(realmDefault.window()) : null;
    }
    return format(parse(action.name(), value));
  }

  /**
   * Records on a DELETE import just committed the window (the commit's, else the upload's) and,
   * when it is not zero, the time its users are deleted.
   */
  static void atCommit(BulkImportEntity job, Duration commitWindow, long now) {
    Duration window =
        commitWindow != null
            ? commitWindow
            : job.getDeleteAfter() == null
                ? Duration.ZERO
                : BulkSettings.parseDeleteAfter(job.getDeleteAfter());
    job.setDeleteAfter(format(window));
    job.setDeletionDueAt(window.isZero() ? null : now + window.toMillis());
  }

  /** {@code P30D} rather than Java's {@code PT720H} when the window is whole days. */
  static String format(Duration window) {
    if (!window.isZero() && window.toSeconds() % 86_400 == 0) {
      return "P" + window.toDays() + "D";
    }
    return window.toString();
  }
}
