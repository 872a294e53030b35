package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.restore.RestoreEntity;
import io.github.academyoffboarding.bulk.restore.Restores;
import io.github.academyoffboarding.common.AcademyException;
import java.io.InputStream;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST imports/{id}/restore}: the way back from a bulk DELETE's restore window, at any size.
 * The call only records who asks for which users ({@link Restores#ask}: one statement flags their
 * marks) and answers at once; the engine restores them in batches on whichever node claims the
 * import ({@code RestoreWork}), checking each user against the caller's permissions then. A user
 * asked for is no longer the purge's, even when due meanwhile.
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
   * Asks for the users of {@code body} ({@code {"userIds": [...]}}), or all of the import's pending
   * users when there is none. An import that has none pending (a COMPLETED one, a DEACTIVATE) gives
   * a restore with nothing remaining: calling again is safe.
   */
  RestoreRepresentation ask(InputStream body) {
    // manage-users, or fine-grained permissions on some users: the engine checks each user. Any
    // admin who may see the import and manage a user of it may restore that user, as they could
    // enable it with PUT /users/{id}.
    Access.requireWrite(realm, auth);
    Set<String> wanted = RestoreRequest.read(body);
    if (entity.getCommittedAt() == null || ImportLife.isPreview(entity)) {
      throw AcademyException.conflict(
              "bulk.import-not-scheduled",
              "This import was never started, so none of its users is pending deletion.")
          .rollback(session);
    }
    Restores restores =
        new Restores(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    RestoreEntity restore =
        restores.ask(
            entity.getId(),
            realm.getId(),
            new Restores.Requester(
                auth.adminAuth().getUser().getId(),
                auth.adminAuth().getRealm().getId(),
                auth.adminAuth().getUser().getUsername(),
                auth.adminAuth().getClient() == null ? null : auth.adminAuth().getClient().getId(),
                session.getContext().getConnection().getRemoteAddr()),
            wanted);
    RestoreRepresentation result = RestoreRepresentation.of(restore, restores.progress(restore));
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    return result;
  }

  /** A restore of this import, as it stands now; 404 when there is no such restore. */
  RestoreRepresentation get(String restoreId) {
    Access.requireRead(realm, auth);
    Restores restores =
        new Restores(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    RestoreEntity restore = restores.find(entity.getId(), restoreId);
    if (restore == null) {
      throw AcademyException.notFound("bulk.restore-not-found", "No such restore of this import.")
          .rollback(session);
    }
    return RestoreRepresentation.of(restore, restores.progress(restore));
  }
}
