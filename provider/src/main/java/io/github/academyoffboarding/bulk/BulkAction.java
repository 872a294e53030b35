package io.github.academyoffboarding.bulk;

/** What a committed import does to each matched user. */
public enum BulkAction {
  /** Removes the user, their learning history and certificates; cannot be undone. */
  DELETE,
  /** Disables the user (no more login); keeps everything. */
  DEACTIVATE,
  /** Enables a disabled user again. */
  REACTIVATE
}
