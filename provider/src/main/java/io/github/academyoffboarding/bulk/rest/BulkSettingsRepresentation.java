package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bulk settings a client needs before it uploads, as they apply to the realm. */
@Schema(name = "BulkSettings")
public final class BulkSettingsRepresentation {

  @Schema(
      description =
          "The default restore window of a DELETE in this realm (ISO-8601, e.g. P30D; PT0S deletes"
              + " at once): the realm attribute academy.restore-window when set and valid, else the"
              + " SPI option restore-window.")
  public String restoreWindow;

  @Schema(
      description =
          "Where restoreWindow comes from: REALM (the realm attribute academy.restore-window) or"
              + " SERVER (the SPI option restore-window).",
      enumeration = {"REALM", "SERVER"})
  public String restoreWindowSource;
}
