package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.job.ImportStatus;
import io.github.academyoffboarding.bulk.job.Outcome;
import io.github.academyoffboarding.bulk.job.UserEnabledChange;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import io.github.academyoffboarding.common.AcademyException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST imports/{id}/restore}: the way back from a bulk DELETE's restore window. Each pending
 * user the caller may manage gets its mark removed, its row RESTORED and, if it was enabled before
 * the import, is enabled again as {@code PUT /users/{id}} would, with the same admin event naming
 * the caller. Users disabled before stay disabled.
 *
 * <p>The mark decides, against the purge and a concurrent restore: {@link PendingDeletions#resolve}
 * removes it once, and only the transaction that removed it enables the user, in that same
 * transaction. A user the purge took first is counted as not pending and never enabled.
 */
final class RestoreAction {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final BulkImportEntity entity;

  RestoreAction(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      BulkImportEntity entity) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.entity = entity;
  }

  /**
   * Restores the users of {@code body} ({@code {"userIds": [...]}}), or all of the import's pending
   * users when there is none. An import that has none pending (a COMPLETED one, a DEACTIVATE) gives
   * zeros: calling again is safe.
   */
  RestoreResultRepresentation restore(InputStream body) {
    // manage-users, or fine-grained permissions on some users: each user is checked below. Any
    // admin who may see the import and manage a user of it may restore that user, as they could
    // enable it with PUT /users/{id}.
    Access.requireWrite(realm, auth);
    Set<String> wanted = RestoreRequest.read(body);
    if (entity.getCommittedAt() == null || ImportStatus.PREVIEW.name().equals(entity.getStatus())) {
      throw AcademyException.conflict(
              "bulk.import-not-scheduled",
              "This import was never started, so none of its users is pending deletion.")
          .rollback(session);
    }
    PendingDeletions pending =
        new PendingDeletions(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    List<PendingDeletionEntity> marks =
        wanted == null
            ? pending.ofImport(entity.getId())
            : pending.ofImport(entity.getId(), wanted);
    RestoreResultRepresentation result = new RestoreResultRepresentation();
    if (wanted != null) {
      result.notPending = wanted.size() - marks.size();
    }
    for (PendingDeletionEntity mark : marks) {
      UserModel user = session.users().getUserById(realm, mark.getUserId());
      if (user == null) {
        // Removed without a removal event reaching this node's listener: the mark is stale.
        pending.resolve(entity.getId(), List.of(mark), Outcome.GONE, RowMessage.REMOVED_ELSEWHERE);
        result.notPending++;
      } else if (!auth.users().canManage(user)) {
        result.notAllowed++;
      } else if (restore(pending, mark, user)) {
        result.restored++;
      } else {
        result.notPending++; // the purge or another restore resolved it first
      }
    }
    pending.endIfNonePending(entity.getId());
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    return result;
  }

  /** Restores one user; false when its mark was resolved meanwhile by someone else. */
  private boolean restore(PendingDeletions pending, PendingDeletionEntity mark, UserModel user) {
    // Taken before the change, as the console's GET before its PUT.
    UserRepresentation rep =
        mark.isEnabledBefore() && !user.isEnabled()
            ? UserEnabledChange.representation(session, realm, auth, user)
            : null;
    if (pending.resolve(entity.getId(), List.of(mark), Outcome.RESTORED, null) == 0) {
      return false;
    }
    if (rep != null) {
      UserEnabledChange.enable(session, realm, user, adminEvent, rep);
    }
    return true;
  }
}
