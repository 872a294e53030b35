package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The server's bulk settings a client needs before it uploads. */
@Schema(name = "BulkSettings")
public final class BulkSettingsRepresentation {

  @Schema(
      description =
          "The default restore window of a DELETE (ISO-8601, e.g. P30D; PT0S deletes at once),"
              + " the SPI option restore-window.")
  public String restoreWindow;
}
