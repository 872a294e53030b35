package io.github.academyoffboarding.bulk.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user a bulk DELETE's restore window disabled that the purge neither deleted nor kept (skipped
 * or failed): disabled, with its data, until an admin restores or deletes it.
 */
@Schema(name = "NeedsAttention")
public final class NeedsAttentionRepresentation {

  public String userId;
  public String username;
  public String email;
  public String firstName;
  public String lastName;

  @Schema(description = "The import whose purge left the user.")
  public String importId;

  @Schema(
      description =
          "Why the purge left the user, as a message key (bulk.outcome.became-admin,"
              + " bulk.outcome.failed-repeatedly, …); reasonParams let the UI translate it.")
  public String reason;

  public List<String> reasonParams;

  @Schema(description = "The reason in English.")
  public String message;

  @Schema(description = "Since when the user needs attention (ISO-8601 instant).")
  public String since;

  @Schema(description = "Whether a restore enables the user again (it was enabled before).")
  public boolean enabledBefore;

  @Schema(description = "Username of the admin who committed the import; null if gone since.")
  public String requestedBy;
}
