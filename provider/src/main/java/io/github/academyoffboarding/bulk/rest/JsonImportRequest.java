package io.github.academyoffboarding.bulk.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON variant of an upload, for automation: {@code {"action", "matchBy", "identifiers"}}, or
 * {@code "rows"} with dates instead of {@code "identifiers"}.
 */
public final class JsonImportRequest {
  public String action;
  public String matchBy;
  public List<String> identifiers;

  /**
   * The users with their dates, instead of {@code identifiers} (never both): {@code [{"identifier":
   * "a@x.org", "date": "2027-01-31", "until": "2027-03-31"}]}.
   */
  @Schema(
      description =
          "Instead of identifiers (not both): the users with an optional date and, for"
              + " DEACTIVATE, until (ISO YYYY-MM-DD). A date that is not ISO makes its row INVALID"
              + " (bulk.row.invalid-date).")
  public List<Row> rows;

  /** One user of {@code rows}. */
  @Schema(name = "JsonImportRow")
  public static final class Row {
    public String identifier;

    @Schema(
        description =
            "Optional, YYYY-MM-DD. DEACTIVATE and DELETE: the last day the user may sign in (acted"
                + " on at its end in the server's time-zone); REACTIVATE: the first day back (at"
                + " its start).")
    public String date;

    @Schema(
        description =
            "Optional, DEACTIVATE only, YYYY-MM-DD: the last day of a leave; the user is"
                + " reactivated at its end.")
    public String until;
  }

  /** Shown in the list of imports instead of a file name; optional. */
  public String name;

  /**
   * true or false (also as a string, in any case); recorded on the import. A list of identifiers
   * has no hidden rows, so it changes no row. Typed loosely so that a wrong value gets the
   * extension's own 400 rather than the framework's.
   */
  @Schema(
      type = SchemaType.BOOLEAN,
      defaultValue = "false",
      description = "Recorded on the import; a list of identifiers has no hidden rows.")
  public Object includeHidden;

  /**
   * DELETE only: the restore window, ISO-8601 (P30D, PT12H); PT0S deletes at once. Default: the
   * server's restore-window.
   */
  @Schema(
      description = "DELETE only: the restore window, ISO-8601 (e.g. P30D); PT0S deletes at once.")
  public String deleteAfter;

  /**
   * API (default) or USER_LIST (the console's doors); recorded on the import and shown in the
   * history. Typed loosely so that a wrong value gets the extension's own 400.
   */
  @Schema(
      type = SchemaType.STRING,
      enumeration = {"API", "USER_LIST"},
      defaultValue = "API",
      description =
          "Where the request comes from, shown in the history: API (automation) or USER_LIST (the"
              + " console's delete, deactivate or reactivate of chosen users).")
  public Object origin;
}
