package io.github.academyoffboarding.bulk.lifecycle;

/**
 * An import's life: a preview until committed, then a job. Which status follows which is {@link
 * ImportTransition}'s; every change is made by {@link ImportLife}.
 */
public enum ImportStatus {
  PREVIEW,
  RUNNING,
  /** The job has ended and users it scheduled for deletion are still pending (restore window). */
  SCHEDULED,
  COMPLETED,
  FAILED,
  CANCELLED,
  /** Only shown: a preview past its expiry, never stored (the scheduler removes such previews). */
  EXPIRED;

  /** Whether the import has ended: nothing changes its status any more. */
  public boolean ended() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
