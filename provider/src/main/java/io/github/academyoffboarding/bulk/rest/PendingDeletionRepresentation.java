package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user deactivated by a bulk DELETE and deleted at {@code dueAt} unless restored. */
@Schema(name = "PendingDeletion")
public final class PendingDeletionRepresentation {

  public String userId;
  public String username;
  public String email;
  public String firstName;
  public String lastName;

  @Schema(description = "When the user is deleted for good (ISO-8601 instant).")
  public String dueAt;

  @Schema(description = "The import that scheduled the deletion; restore through it.")
  public String importId;

  @Schema(description = "Username of the admin who committed the import; null if gone since.")
  public String requestedBy;

  @Schema(description = "Whether a restore enables the user again (it was enabled before).")
  public boolean enabledBefore;
}
