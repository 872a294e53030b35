package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.schedule.ScheduledEntity;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * An admin's change to waiting entries (per user, or an import's): cancel them, or bring them
 * forward to now. Only entries of users the caller may manage change; the others are counted.
 */
final class ScheduledChanges {

  /** What a change to an import's entries answers. */
  @Schema(name = "BulkScheduledChangeResult")
  public static final class Result {
    @Schema(description = "Entries changed: cancelled, or due now (the engine acts shortly).")
    public int changed;

    @Schema(description = "Entries of users the caller may not manage: left as they are.")
    public int notAllowed;

    Result(int changed, int notAllowed) {
      this.changed = changed;
      this.notAllowed = notAllowed;
    }
  }

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final Schedules schedules;

  ScheduledChanges(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      Schedules schedules) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.schedules = schedules;
  }

  Result cancel(List<ScheduledEntity> entries) {
    List<ScheduledEntity> allowed = allowed(entries);
    return new Result(schedules.cancel(allowed), entries.size() - allowed.size());
  }

  Result dueNow(List<ScheduledEntity> entries, long now) {
    List<ScheduledEntity> allowed = allowed(entries);
    return new Result(schedules.dueNow(allowed, now), entries.size() - allowed.size());
  }

  /** The entries of users the caller may manage (all of them for manage-users). */
  private List<ScheduledEntity> allowed(List<ScheduledEntity> entries) {
    if (auth.users().canManage()) {
      return entries;
    }
    List<ScheduledEntity> allowed = new ArrayList<>();
    for (ScheduledEntity e : entries) {
      UserModel user = session.users().getUserById(realm, e.getUserId());
      if (user != null && auth.users().canManage(user)) {
        allowed.add(e);
      }
    }
    return allowed;
  }
}
