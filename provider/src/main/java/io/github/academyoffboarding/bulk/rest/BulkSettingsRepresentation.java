package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bulk settings a client needs before it uploads, as they apply to the realm. */
@Schema(name = "BulkSettings")
public final class BulkSettingsRepresentation {

  @Schema(
      description =
          "The default restore window of a DELETE in this realm (ISO-8601, e.g. P30D; PT0S deletes"
              + " at once): the realm attribute academy.restore-window when set and valid, else the"
              + " SPI option restore-window; never below restoreWindowMin.")
  public String restoreWindow;

  @Schema(
      description =
          "Where restoreWindow comes from: REALM (the realm attribute academy.restore-window) or"
              + " SERVER (the SPI option restore-window).",
      enumeration = {"REALM", "SERVER"})
  public String restoreWindowSource;

  @Schema(
      description =
          "The server's SPI option restore-window-min (ISO-8601; PT0S: no minimum): the shortest"
              + " deleteAfter accepted, and the least time between scheduling users and a"
              + " delete-now of them. A realm attribute below it is raised to it.")
  public String restoreWindowMin;

  @Schema(
      description =
          "The server's SPI option time-zone (an IANA id such as Europe/Amsterdam): the days of"
              + " dated rows end and start in it.")
  public String timeZone;

  @Schema(
      description =
          "How long the rows of an ended import keep naming users (ISO-8601): the realm attribute"
              + " academy.history-retention when set, valid and shorter, else the SPI option"
              + " history-retention. Then identifiers, user ids and messages are erased and the"
              + " report is gone.")
  public String historyRetention;
}
