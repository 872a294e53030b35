package io.github.academyoffboarding.bulk.lifecycle;

import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.CANCELLED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.COMPLETED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.FAILED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.PREVIEW;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.RUNNING;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.SCHEDULED;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every change of an import's status, and the only ones: plain Java, the table {@link ImportLife}
 * writes by. An ended import (COMPLETED, FAILED, CANCELLED) never changes again, so a late writer
 * cannot turn a FAILED job into a COMPLETED one; a SCHEDULED import ends as its job meant to end
 * ({@link #afterLastPending}). An expired preview is removed, not moved to a status (EXPIRED is
 * only shown).
 *
 * <pre>
 *   PREVIEW ──commit──▶ RUNNING ──job ends──▶ COMPLETED | FAILED | CANCELLED
 *      │                   │
 *      └─cancel─▶ CANCELLED └─job ends, users pending─▶ SCHEDULED ──last one resolved──▶ (as meant)
 * </pre>
 */
public enum ImportTransition {
  /** The admin commits a preview that has not expired. */
  COMMIT(PREVIEW, RUNNING),
  /** The admin discards a preview. */
  CANCEL_PREVIEW(PREVIEW, CANCELLED),
  /** The job has processed every row. */
  JOB_COMPLETED(RUNNING, COMPLETED),
  /** The job could not go on (its admin is gone). */
  JOB_FAILED(RUNNING, FAILED),
  /** The job stopped after a cancel request. */
  JOB_CANCELLED(RUNNING, CANCELLED),
  /** The job ended, whichever way, while users it scheduled for deletion are pending. */
  JOB_SCHEDULED(RUNNING, SCHEDULED),
  /** None pending any more (purged, restored, removed elsewhere) after a job that completed. */
  SCHEDULED_COMPLETED(SCHEDULED, COMPLETED),
  /** None pending any more after a job that failed: it stays FAILED. */
  SCHEDULED_FAILED(SCHEDULED, FAILED),
  /** None pending any more after a job that was cancelled. */
  SCHEDULED_CANCELLED(SCHEDULED, CANCELLED);

  private final ImportStatus from;
  private final ImportStatus to;

  ImportTransition(ImportStatus from, ImportStatus to) {
    this.from = from;
    this.to = to;
  }

  public ImportStatus from() {
    return from;
  }

  public ImportStatus to() {
    return to;
  }

  /** The transition from {@code from} to {@code to}, if the table has it. */
  public static Optional<ImportTransition> of(ImportStatus from, ImportStatus to) {
    return Arrays.stream(values()).filter(t -> t.from == from && t.to == to).findFirst();
  }

  public static boolean allowed(ImportStatus from, ImportStatus to) {
    return of(from, to).isPresent();
  }

  /**
   * Where a job's end leads: {@code ending} (COMPLETED, FAILED or CANCELLED), or SCHEDULED while
   * users it scheduled for deletion are pending; the import then keeps {@code ending} as what it
   * ends as ({@link #afterLastPending}).
   */
  public static ImportStatus afterJob(ImportStatus ending, boolean usersPending) {
    if (!ending.ended() || !allowed(RUNNING, ending)) {
      throw new IllegalArgumentException("a job does not end as " + ending);
    }
    return usersPending ? SCHEDULED : ending;
  }

  /**
   * Where a SCHEDULED import goes once none of its users is pending: what its job ended as ({@code
   * endsAs}); for an import scheduled before that was recorded (null), CANCELLED if its job was
   * cancelled, else COMPLETED.
   */
  public static ImportStatus afterLastPending(ImportStatus endsAs, boolean cancelRequested) {
    ImportStatus to = endsAs != null ? endsAs : cancelRequested ? CANCELLED : COMPLETED;
    if (!allowed(SCHEDULED, to)) {
      throw new IllegalArgumentException("a scheduled import does not end as " + to);
    }
    return to;
  }
}
