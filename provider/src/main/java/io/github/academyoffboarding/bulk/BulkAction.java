package io.github.academyoffboarding.bulk;

/** What a bulk import does to each matched user. */
public enum BulkAction {
  DELETE,
  DEACTIVATE,
  REACTIVATE
}
