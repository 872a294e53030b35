package io.github.academyoffboarding.bulk.parse;

/**
 * Limits applied while reading an upload. The upload size itself is checked by the caller before
 * the file reaches the reader.
 *
 * @param maxRows data rows (not counting the header and blank rows) above which the file is refused
 * @param maxEntrySize uncompressed bytes one part of an xlsx may expand to (POI's {@code
 *     MAX_ENTRY_SIZE})
 * @param minInflateRatio smallest compressed/uncompressed ratio of an xlsx part (POI's {@code
 *     MIN_INFLATE_RATIO})
 * @param maxZipEntries parts an xlsx may contain
 */
public record ParseLimits(
    int maxRows, long maxEntrySize, double minInflateRatio, int maxZipEntries) {

  public static final int DEFAULT_MAX_ROWS = 100_000;

  /**
   * Room for a 100,000-row sheet with some twenty columns; far below what would hurt a 512 MiB
   * heap.
   */
  public static final long DEFAULT_MAX_ENTRY_SIZE = 200L * 1024 * 1024;

  /** POI's own default: a part may expand at most 100-fold (real sheets stay well below that). */
  public static final double DEFAULT_MIN_INFLATE_RATIO = 0.01d;

  public static final int DEFAULT_MAX_ZIP_ENTRIES = 1000;

  public ParseLimits {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive");
    }
    if (maxEntrySize < 1024) {
      throw new IllegalArgumentException("maxEntrySize must be at least 1024");
    }
    if (!(minInflateRatio >= 0 && minInflateRatio < 1)) {
      throw new IllegalArgumentException("minInflateRatio must be in [0, 1)");
    }
    if (maxZipEntries < 1) {
      throw new IllegalArgumentException("maxZipEntries must be positive");
    }
  }

  public static ParseLimits defaults() {
    return new ParseLimits(
        DEFAULT_MAX_ROWS,
        DEFAULT_MAX_ENTRY_SIZE,
        DEFAULT_MIN_INFLATE_RATIO,
        DEFAULT_MAX_ZIP_ENTRIES);
  }

  public ParseLimits withMaxRows(int rows) {
    return new ParseLimits(rows, maxEntrySize, minInflateRatio, maxZipEntries);
  }
}
