package io.github.academyoffboarding.bulk.job;

/** What the job did with one matched row. */
public enum Outcome {
  DELETED,
  DEACTIVATED,
  /** Deactivated at commit and marked for deletion at the import's due time (restore window). */
  SCHEDULED,
  /** Was scheduled for deletion, but re-enabled meanwhile: not deleted. */
  KEPT,
  /** Was scheduled for deletion, and restored through the import. */
  RESTORED,
  REACTIVATED,
  /** A dated row waiting for its due time: nothing done to the user yet. */
  WAITING,
  /** Deactivated for a leave ({@code until}) and reactivated at its end. */
  RETURNED,
  /** Its dated action (or return) was cancelled before its due time. */
  CANCELLED,
  /** A later import scheduled the same action for the user: that one decides. */
  MOVED,
  SKIPPED,
  GONE,
  FAILED;

  public boolean succeeded() {
    return this == DELETED
        || this == DEACTIVATED
        || this == REACTIVATED
        || this == SCHEDULED
        || this == WAITING
        || this == RETURNED;
  }
}
