package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a restore did. */
@Schema(name = "BulkImportRestoreResult")
public final class RestoreResultRepresentation {

  @Schema(
      description =
          "Users restored: their mark removed, their row RESTORED, enabled again if they were"
              + " enabled before the import.")
  public int restored;

  @Schema(
      description =
          "Users asked for (or found) that were not, or no longer, pending deletion by this import"
              + " (restored already, deleted by the purge, removed elsewhere, or never in it).")
  public int notPending;

  @Schema(description = "Pending users the caller may not manage: left pending.")
  public int notAllowed;
}
