package io.github.academyoffboarding.academy;

/** Where a user stands in a course. Stored by name in {@code ACADEMY_LEARNING_RECORD.STATUS}. */
public enum LearningStatus {
  ENROLLED,
  IN_PROGRESS,
  COMPLETED,
  FAILED
}
