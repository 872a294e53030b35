package io.github.academyoffboarding.bulk.job;

/** An import's life: a preview until committed, then a job. */
public enum ImportStatus {
  PREVIEW,
  RUNNING,
  /** The job has ended and users it scheduled for deletion are still pending (restore window). */
  SCHEDULED,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED
}
