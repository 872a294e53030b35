package io.github.academyoffboarding.bulk.rest;

import java.util.List;

/** The JSON variant of an upload, for automation: {@code {"action", "matchBy", "identifiers"}}. */
public final class JsonImportRequest {
  public String action;
  public String matchBy;
  public List<String> identifiers;

  /** Shown in the list of imports instead of a file name; optional. */
  public String name;
}
