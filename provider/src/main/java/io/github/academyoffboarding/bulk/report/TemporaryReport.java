package io.github.academyoffboarding.bulk.report;

import io.github.academyoffboarding.common.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A report written to a temporary file while the request's database session is open, then streamed
 * to the client once. The file never outlives its use: a failure while writing it (an exception
 * from the writer, a full disk) deletes it before the error goes on, and streaming deletes it
 * whether the client read it all or not. Files that a killed node left behind are deleted by the
 * next report written in the same directory once they are an hour old, and at the next start
 * ({@link TempFiles}).
 */
public final class TemporaryReport {

  static final String PREFIX = TempFiles.REPORT_PREFIX;

  /** No report takes this long to write and send; an older file of ours is left over. */
  static final Duration LEFT_OVER_AFTER = TempFiles.LEFT_OVER_AFTER;

  /** Writes the report's bytes to the stream it is given; the stream is closed afterwards. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path file;

  private TemporaryReport(Path file) {
    this.file = file;
  }

  /** A report in the extension's temporary folder ({@link TempFiles#folder()}). */
  public static TemporaryReport write(String suffix, Content content) throws IOException {
    return write(TempFiles.folder(), suffix, content);
  }

  /**
   * Writes {@code content} to a new file in {@code directory}; if anything fails, including closing
   * the file, the file is deleted and the failure rethrown.
   */
  public static TemporaryReport write(Path directory, String suffix, Content content)
      throws IOException {
    deleteLeftOvers(directory, Instant.now().minus(LEFT_OVER_AFTER));
    Path file = Files.createTempFile(directory, PREFIX, suffix);
    try (OutputStream out = Files.newOutputStream(file)) {
      content.writeTo(out);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new TemporaryReport(file);
  }

  /** Copies the report to {@code out} and deletes the file, also when copying fails. */
  public void streamTo(OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The file, while it exists. */
  public Path file() {
    return file;
  }

  static void deleteLeftOvers(Path directory, Instant before) {
    TempFiles.deleteOlderThan(directory, PREFIX + "*", before);
  }
}
