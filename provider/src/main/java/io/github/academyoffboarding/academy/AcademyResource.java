package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.common.AcademyException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/academy}: a user's academy data, and the on-demand orphan
 * reconciliation.
 */
@Tag(name = "Academy data", description = "Learning records and certificates of a realm's users.")
final class AcademyResource {

  private static final Logger LOG = Logger.getLogger(AcademyResource.class);

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;

  AcademyResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
  }

  @Path("users/{userId}")
  public UserAcademyResource user(@PathParam("userId") String userId) {
    UserModel user = session.users().getUserById(realm, userId);
    if (user == null) {
      // Like Keycloak's own user resource: only those who may search users learn that an id does
      // not exist.
      auth.users().requireQuery();
      throw AcademyException.notFound("academy.user-not-found", "User not found in this realm.")
          .rollback(session);
    }
    return new UserAcademyResource(session, realm, user, auth, adminEvent);
  }

  /**
   * Removes this realm's academy rows whose user no longer exists, now, in this request's
   * transaction.
   */
  @POST
  @Path("reconciliation")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Remove academy rows of users that no longer exist, now",
      description = "Needs manage-users.")
  public ReconciliationResultRepresentation reconcile() {
    auth.users().requireManage();
    AcademyCounts removed = AcademyStore.of(session).removeOrphans(realm.getId(), batchSize());
    ReconciliationResultRepresentation result = ReconciliationResultRepresentation.from(removed);
    LOG.debugf(
        "Reconciliation of realm %s removed %s learning records and %s certificates",
        realm.getName(), removed.learningRecords(), removed.certificates());
    adminEvent
        .operation(OperationType.ACTION)
        .resource(ResourceType.CUSTOM)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
    return result;
  }

  private int batchSize() {
    var factory =
        session
            .getKeycloakSessionFactory()
            .getProviderFactory(
                JpaEntityProvider.class, AcademyJpaEntityProviderFactory.PROVIDER_ID);
    return factory instanceof AcademyJpaEntityProviderFactory academy
        ? academy.batchSize()
        : AcademyJpaEntityProviderFactory.DEFAULT_BATCH_SIZE;
  }
}
