package io.github.academyoffboarding.bulk.job;

/** An import's life: a preview until committed, then a job. */
public enum ImportStatus {
  PREVIEW,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED
}
