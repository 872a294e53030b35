package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RestoreWindow;
import io.github.academyoffboarding.bulk.RestoreWindowMinimum;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.IsoDurations;
import java.time.Duration;

/** A DELETE's restore window as an upload or a commit gives it, checked and recorded. */
final class DeleteAfter {

  private DeleteAfter() {}

  /**
   * The window {@code value} asks for.
   *
   * @throws AcademyException 400 when it is not a duration, is below {@code minimum}, or the action
   *     is not DELETE
   */
  static Duration parse(String action, String value, RestoreWindowMinimum minimum) {
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
    requireMinimum(window, minimum);
    return window;
  }

  /**
   * @throws AcademyException 400 {@code bulk.delete-after-below-minimum} when {@code window} is
   *     shorter than the server's {@code restore-window-min}
   */
  static void requireMinimum(Duration window, RestoreWindowMinimum minimum) {
    if (!minimum.allows(window)) {
      throw AcademyException.badRequest(
          "bulk.delete-after-below-minimum", minimum.belowMinimumDescription());
    }
  }

  /**
   * The window a commit gives a DELETE preview: the body's, checked, else the upload's, checked
   * again (the minimum may have been raised since the upload); null for other actions without one.
   */
  static Duration forCommit(BulkImportEntity job, String value, RestoreWindowMinimum minimum) {
    if (value != null) {
      return parse(job.getAction(), value, minimum);
    }
    if (BulkAction.DELETE.name().equals(job.getAction())
        && ImportLife.isPreview(job)
        && job.getDeleteAfter() != null) {
      Duration uploaded = BulkSettings.parseDeleteAfter(job.getDeleteAfter());
      if (uploaded != null) {
        requireMinimum(uploaded, minimum);
      }
    }
    return null;
  }

  /**
   * What an upload records: the window it asks for, else the realm's default; null if no DELETE.
   */
  static String forUpload(
      BulkAction action, String value, RestoreWindow realmDefault, RestoreWindowMinimum minimum) {
    if (value == null || value.isBlank()) {
      return action == BulkAction.DELETE ? format(realmDefault.window()) : null;
    }
    return format(parse(action.name(), value, minimum));
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

  /** {@code P30D} rather than Java's {@code PT720H}. */
  static String format(Duration window) {
    return IsoDurations.format(window);
  }
}
