package io.github.academyoffboarding.bulk.job;

/** What the job did with one matched row. */
public enum Outcome {
  DELETED,
  DEACTIVATED,
  REACTIVATED,
  SKIPPED,
  GONE,
  FAILED;

  boolean succeeded() {
    return this == DELETED || this == DEACTIVATED || this == REACTIVATED;
  }
}
