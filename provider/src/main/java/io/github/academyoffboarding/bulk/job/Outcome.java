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
  SKIPPED,
  GONE,
  FAILED;

  boolean succeeded() {
    return this == DELETED || this == DEACTIVATED || this == REACTIVATED || this == SCHEDULED;
  }
}
