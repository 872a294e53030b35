package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.AdminHolders;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.job.Outcome;
import io.github.academyoffboarding.bulk.job.UserEnabledChange;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.pending.NeedsAttention;
import io.github.academyoffboarding.bulk.pending.NeedsAttentionEntity;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /bulk-users/needs-attention/{userId}}: the way out for a user the purge left disabled,
 * beside an import's {@code restore} and {@code delete-now}. Restore enables the user again if it
 * was enabled before the import, as an import's restore does; delete-now deletes it at once through
 * Keycloak's removal path ({@code UserManager}, the academy cascade, the admin event of {@code
 * DELETE /users/{id}}), with the preview's protections evaluated for the caller. Either removes the
 * entry, once: a second call, or one racing it, finds nothing ({@code 404}).
 */
public final class NeedsAttentionResource {

  private static final String NOT_LISTED = "bulk.not-needing-attention";

  /** The outcomes the purge gives the rows of users it lists here. */
  private static final List<Outcome> STRANDED = List.of(Outcome.SKIPPED, Outcome.FAILED);

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final BulkSettings settings;
  private final String userId;

  NeedsAttentionResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      BulkSettings settings,
      String userId) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.settings = settings;
    this.userId = userId;
  }

  @POST
  @Path("restore")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Restore a user the purge left disabled",
      description =
          "The user leaves the list and, if it was enabled before the import, is enabled again as"
              + " PUT /users/{id} with enabled true does (admin event UPDATE naming the caller);"
              + " a user disabled before stays disabled. Its academy data was never touched. Needs"
              + " manage-users, or fine-grained manage permission on the user.")
  @APIResponse(
      responseCode = "200",
      description = "Restored",
      content =
          @Content(schema = @Schema(implementation = NeedsAttentionResultRepresentation.class)))
  @APIResponse(
      responseCode = "403",
      description = "bulk.forbidden: the caller may not manage this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description =
          "bulk.not-needing-attention: not (or no longer) listed, or the user no longer exists",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public NeedsAttentionResultRepresentation restore() {
    NeedsAttentionEntity entry = listed();
    UserModel user = manageableUser();
    // Taken before the change, as the console's GET before its PUT.
    UserRepresentation rep =
        entry.isEnabledBefore() && !user.isEnabled()
            ? UserEnabledChange.representation(session, realm, auth, user)
            : null;
    resolve(entry, Outcome.RESTORED);
    if (rep != null) {
      UserEnabledChange.enable(session, realm, user, adminEvent, rep);
    }
    NeedsAttentionResultRepresentation result =
        new NeedsAttentionResultRepresentation(user.getId(), "RESTORED", user.isEnabled());
    actionEvent(result);
    return result;
  }

  @POST
  @Path("delete-now")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Delete a user the purge left disabled, now",
      description =
          "Deletes the user at once through Keycloak's removal path, academy data included, with"
              + " the admin event DELETE /users/{id} records. The protections of a preview apply to"
              + " the caller: not their own account, not a service account, not a realm"
              + " administrator unless the server allows it. Needs manage-users, or fine-grained"
              + " manage permission on the user.")
  @APIResponse(
      responseCode = "200",
      description = "Deleted",
      content =
          @Content(schema = @Schema(implementation = NeedsAttentionResultRepresentation.class)))
  @APIResponse(
      responseCode = "403",
      description = "bulk.forbidden: the caller may not manage this user",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "404",
      description =
          "bulk.not-needing-attention: not (or no longer) listed, or the user no longer exists",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "bulk.row.protected-caller, bulk.row.protected-service-account,"
              + " bulk.row.protected-admin: the user is protected; bulk.outcome.not-removed:"
              + " Keycloak did not remove it",
      content = @Content(schema = @Schema(implementation = ErrorRepresentation.class)))
  public NeedsAttentionResultRepresentation deleteNow() {
    NeedsAttentionEntity entry = listed();
    UserModel user = manageableUser();
    RowMessage protection = protection(user);
    if (protection != null) {
      throw AcademyException.conflict(protection.key(), protection.english(null)).rollback(session);
    }
    resolve(entry, Outcome.DELETED);
    UserRepresentation rep = new UserRepresentation();
    rep.setId(user.getId());
    rep.setUsername(user.getUsername());
    // As DELETE /users/{id}: Keycloak's own clean-up, and UserRemovedEvent for the academy cascade.
    if (!new UserManager(session).removeUser(realm, user)) {
      throw AcademyException.conflict(
              RowMessage.NOT_REMOVED.key(), RowMessage.NOT_REMOVED.english(null))
          .rollback(session);
    }
    adminEvent
        .clone(session)
        .resource(ResourceType.USER)
        .operation(OperationType.DELETE)
        .resourcePath("users", rep.getId())
        .representation(rep)
        .success();
    NeedsAttentionResultRepresentation result =
        new NeedsAttentionResultRepresentation(rep.getId(), "DELETED", false);
    actionEvent(result);
    return result;
  }

  /** The user's entry; 404 when it has none. */
  private NeedsAttentionEntity listed() {
    Access.requireWrite(realm, auth);
    NeedsAttentionEntity entry = attention().find(realm.getId(), userId);
    if (entry == null) {
      throw notListed();
    }
    return entry;
  }

  /** The listed user, when the caller may manage it; a user gone meanwhile leaves the list. */
  private UserModel manageableUser() {
    UserModel user = session.users().getUserById(realm, userId);
    if (user == null) {
      // Removed by a path that published no removal event: the entry is stale.
      attention().resolve(realm.getId(), userId);
      throw notListed();
    }
    if (!auth.users().canManage(user)) {
      throw new AcademyException(
              Response.Status.FORBIDDEN,
              "bulk.forbidden",
              "You are not allowed to manage this user.")
          .rollback(session);
    }
    return user;
  }

  /**
   * Removes the entry (404 when another request removed it first) and gives the user's row of the
   * import its real outcome instead of the purge's SKIPPED or FAILED; the import ends if that was
   * what it waited for.
   */
  private void resolve(NeedsAttentionEntity entry, Outcome outcome) {
    if (!attention().resolve(realm.getId(), userId)) {
      throw notListed().rollback(session);
    }
    int recorded =
        new PendingDeletions(em())
            .record(entry.getImportId(), List.of(entry.getRowNo()), STRANDED, outcome, null, null);
    if (recorded > 0) {
      new ImportLife(em()).endIfNonePending(entry.getImportId());
    }
  }

  /** The preview's protections for the caller, or null. */
  private RowMessage protection(UserModel user) {
    if (user.getId().equals(auth.adminAuth().getUser().getId())) {
      return RowMessage.PROTECTED_CALLER;
    }
    if (user.getServiceAccountClientLink() != null) {
      return RowMessage.PROTECTED_SERVICE_ACCOUNT;
    }
    if (settings.protectAdmins()
        && !AdminHolders.of(session, realm).among(List.of(user)).isEmpty()) {
      return RowMessage.PROTECTED_ADMIN;
    }
    return null;
  }

  private void actionEvent(NeedsAttentionResultRepresentation result) {
    adminEvent
        .operation(OperationType.ACTION)
        .resourcePath(session.getContext().getUri())
        .representation(result)
        .success();
  }

  private NeedsAttention attention() {
    return new NeedsAttention(em());
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  private AcademyException notListed() {
    return AcademyException.notFound(
        NOT_LISTED, "This user does not need attention (restored, deleted, or never listed).");
  }
}
