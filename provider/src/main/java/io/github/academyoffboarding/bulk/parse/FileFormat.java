package io.github.academyoffboarding.bulk.parse;

/** The upload formats that can be read. */
public enum FileFormat {
  XLSX,
  CSV
}
