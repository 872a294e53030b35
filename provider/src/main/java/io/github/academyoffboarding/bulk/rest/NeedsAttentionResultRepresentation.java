package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code needs-attention/{userId}/restore} or {@code delete-now} did with the user. */
@Schema(name = "NeedsAttentionResult")
public final class NeedsAttentionResultRepresentation {

  public String userId;

  @Schema(
      description = "RESTORED or DELETED: the user no longer needs attention.",
      enumeration = {"RESTORED", "DELETED"})
  public String outcome;

  @Schema(description = "Whether the user is enabled now (false once deleted).")
  public boolean enabled;

  NeedsAttentionResultRepresentation(String userId, String outcome, boolean enabled) {
    this.userId = userId;
    this.outcome = outcome;
    this.enabled = enabled;
  }
}
