package io.github.academyoffboarding.bulk.schedule;

/** What a waiting entry is ({@link ScheduledEntity}); the Scheduled list adds PENDING_DELETION. */
public enum ScheduleKind {
  /** A row's own action on its date: nothing has been done to the user yet. */
  DATED,
  /** The end of a leave ({@code until}): the user is reactivated then. */
  RETURN
}
