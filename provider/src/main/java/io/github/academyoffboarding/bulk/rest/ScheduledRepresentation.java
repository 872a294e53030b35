package io.github.academyoffboarding.bulk.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user with a future action: a dated action, a return from leave, or a pending deletion. */
@Schema(name = "ScheduledAction")
public final class ScheduledRepresentation {

  public String userId;
  public String username;
  public String email;
  public String firstName;
  public String lastName;

  @Schema(description = "DEACTIVATE, DELETE or REACTIVATE (a return from leave is REACTIVATE).")
  public String action;

  @Schema(
      description =
          "DATED: the row's action on its date, nothing done yet (cancel or do it now under"
              + " scheduled/{userId}); RETURN: the end of a leave; PENDING_DELETION: deactivated"
              + " by a DELETE and deleted at dueAt (restore through the import).")
  public String kind;

  @Schema(description = "When the action is carried out (ISO-8601 instant).")
  public String dueAt;

  @Schema(
      description =
          "A DATED DELETE: when the user is deleted for good, the restore window counted from"
              + " dueAt.")
  public String deleteAt;

  @Schema(description = "A DATED DEACTIVATE with until: when the user comes back.")
  public String untilAt;

  public String importId;

  @Schema(description = "Where the import came from: FILE, API, USER_LIST or ATTRIBUTE.")
  public String origin;

  @Schema(
      description =
          "PENDING_DELETION: whether a restore enables the user again (it was enabled before).")
  public Boolean enabledBefore;
}
