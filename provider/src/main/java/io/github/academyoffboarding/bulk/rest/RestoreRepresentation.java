package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.restore.RestoreEntity;
import io.github.academyoffboarding.bulk.restore.Restores;
import io.github.academyoffboarding.common.IsoTimes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A restore of an import's pending users and how far the engine has come: one call of {@code POST
 * imports/{id}/restore}, or (on an import) all its calls summed up.
 */
@Schema(name = "BulkImportRestore")
public final class RestoreRepresentation {

  @Schema(description = "The restore (one call); absent on an import's sum of its restores.")
  public String id;

  public String importId;
  public String requestedAt;

  @Schema(description = "The username of the admin who asked.")
  public String requestedBy;

  @Schema(description = "Users asked for: the userIds given, or every user pending at the call.")
  public int asked;

  @Schema(description = "Of those, users the engine has still to restore.")
  public int remaining;

  @Schema(
      description =
          "Users restored: their mark removed, their row RESTORED, enabled again if they were"
              + " enabled before the import.")
  public int restored;

  @Schema(
      description =
          "Users asked for that were not, or are no longer, pending deletion by this import"
              + " (restored already or asked for by an earlier restore, deleted by the purge,"
              + " removed elsewhere, or never in it).")
  public int notPending;

  @Schema(description = "Pending users the caller may not manage: left pending.")
  public int notAllowed;

  @Schema(description = "Users whose restore failed every attempt (max-attempts): left pending.")
  public int failed;

  @Schema(description = "Whether the engine is done: nothing remaining.")
  public boolean done;

  static RestoreRepresentation of(RestoreEntity e, Restores.Progress p) {
    RestoreRepresentation r = of(p);
    r.id = e.getId();
    r.importId = e.getImportId();
    r.requestedAt = IsoTimes.format(e.getRequestedAt());
    r.requestedBy = e.getRequestedByUsername();
    return r;
  }

  static RestoreRepresentation of(Restores.Progress p) {
    RestoreRepresentation r = new RestoreRepresentation();
    r.asked = p.asked();
    r.remaining = p.remaining();
    r.restored = p.restored();
    r.notPending = p.notPending();
    r.notAllowed = p.notAllowed();
    r.failed = p.failed();
    r.done = p.done();
    return r;
  }
}
