package io.github.academyoffboarding.bulk.parse;

/** Receives the data rows of an upload, in file order. */
@FunctionalInterface
public interface RowConsumer {
  void accept(UploadedRow row);
}
