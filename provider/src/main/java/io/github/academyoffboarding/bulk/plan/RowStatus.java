package io.github.academyoffboarding.bulk.plan;

/** What the preview decided for one input row. Only {@link #MATCHED} rows are acted on. */
public enum RowStatus {
  MATCHED,
  NOT_FOUND,
  DUPLICATE,
  INVALID,
  PROTECTED,
  UNCHANGED,
  /** Hidden in the spreadsheet (a filter, or by hand), and the upload did not say includeHidden. */
  HIDDEN,
  /** The identifier matches more than one user. */
  AMBIGUOUS
}
