package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * Applies an import's action to one user, inside the batch's transaction, as the admin who
 * committed it: permissions are evaluated for that admin again, and admin events name that admin,
 * as Keycloak's own user endpoints record them.
 */
final class UserActor {

  record Result(Outcome outcome, String message) {}

  private final KeycloakSession session;
  private final RealmModel realm;
  private final BulkAction action;
  private final MatchBy matchBy;
  private final UserModel admin;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder events;
  private final boolean batchedWrites;
  private SessionHolders sessionHolders;

  private UserActor(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity job,
      UserModel admin,
      RealmModel adminRealm,
      boolean batchedWrites) {
    this.session = session;
    this.batchedWrites = batchedWrites;
    this.realm = realm;
    this.action = BulkAction.valueOf(job.getAction());
    this.matchBy = MatchBy.valueOf(job.getMatchBy());
    this.admin = admin;
    ClientModel client =
        job.getCommittedByClient() == null
            ? null
            : adminRealm.getClientById(job.getCommittedByClient());
    String address = job.getCommittedFrom();
    ClientConnection connection =
        new ClientConnection() {
          @Override
          public String getRemoteAddr() {
            return address;
          }

          @Override
          public String getRemoteHost() {
            return address;
          }
        };
    AccessToken token = new AccessToken();
    token.subject(admin.getId());
    AdminAuth adminAuth = new AdminAuth(adminRealm, token, admin, client);
    // Not AdminPermissions.evaluator(session, realm, adminRealm, admin): in Keycloak 26.7.3 that
    // one
    // resolves the admin's roles in the target realm, so a master-realm admin fails with an NPE.
    // The token carries no roles and no client, so the admin's role mappings decide.
    this.auth = AdminPermissions.evaluator(session, realm, adminAuth);
    this.events =
        new AdminEventBuilder(realm, adminAuth, session, connection).resource(ResourceType.USER);
  }

  /** The actor for {@code job}, or null when the admin who committed it no longer exists. */
  static UserActor forJob(
      KeycloakSession session, RealmModel realm, BulkImportEntity job, boolean batchedWrites) {
    RealmModel adminRealm = session.realms().getRealm(job.getCommittedByRealm());
    UserModel admin =
        adminRealm == null ? null : session.users().getUserById(adminRealm, job.getCommittedBy());
    return admin == null
        ? null
        : new UserActor(session, realm, job, admin, adminRealm, batchedWrites);
  }

  /**
   * Acts on the rows of one batch and returns their results in the same order. Users that can be
   * deleted or deactivated together are ({@link LocalUsersRemoval}, {@link
   * LocalUsersDeactivation}); a batch of one row (the job's retry of a failed batch, a row at a
   * time) always goes through Keycloak's user API, a user at a time.
   */
  List<Result> act(List<BulkImportRowEntity> rows) {
    preload(rows);
    sessionHolders =
        SessionHolders.of(
            session,
            realm,
            action == BulkAction.DEACTIVATE
                ? rows.stream().map(BulkImportRowEntity::getUserId).toList()
                : List.of());
    Result[] results = new Result[rows.size()];
    List<UserModel> together = new ArrayList<>();
    List<Integer> togetherAt = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      UserModel user = session.users().getUserById(realm, rows.get(i).getUserId());
      Result refused = refusal(rows.get(i), user);
      if (refused != null) {
        results[i] = refused;
      } else if (rows.size() > 1 && batchedWrites && together(user)) {
        together.add(user);
        togetherAt.add(i);
      } else {
        results[i] = apply(user);
      }
    }
    switch (action) {
      case DELETE -> LocalUsersRemoval.remove(session, realm, together);
      case DEACTIVATE ->
          LocalUsersDeactivation.deactivate(session, realm, together, Time.currentTime());
      case REACTIVATE -> {} // a user at a time: nothing to gain, few users are reactivated
    }
    for (int j = 0; j < together.size(); j++) {
      results[togetherAt.get(j)] =
          action == BulkAction.DELETE ? deleted(together.get(j).getId()) : ended(together.get(j));
    }
    return Arrays.asList(results);
  }

  /** Whether this user is deleted or deactivated with the batch's others. */
  private boolean together(UserModel user) {
    return switch (action) {
      case DELETE -> LocalUsersRemoval.canRemove(realm, user);
      case DEACTIVATE -> user.isEnabled() && LocalUsersDeactivation.canDeactivate(user);
      case REACTIVATE -> false;
    };
  }

  /**
   * Loads the batch's users with one query, so that looking each of them up finds it in the
   * persistence context instead of querying again.
   */
  private void preload(List<BulkImportRowEntity> rows) {
    if (rows.size() > 1) {
      session
          .getProvider(JpaConnectionProvider.class)
          .getEntityManager()
          .createQuery("select u from UserEntity u where u.id in :ids and u.realmId = :realmId")
          .setParameter("ids", rows.stream().map(BulkImportRowEntity::getUserId).toList())
          .setParameter("realmId", realm.getId())
          .getResultList();
    }
  }

  /** Why the job must not act on this user, or null when it may. */
  private Result refusal(BulkImportRowEntity row, UserModel user) {
    if (user == null) {
      return new Result(Outcome.GONE, "The user was removed by someone else after the preview.");
    }
    if (!stillMatches(user, row.getIdentifier())) {
      return new Result(
          Outcome.SKIPPED,
          "The user's " + matchBy.name().toLowerCase() + " changed after the preview.");
    }
    if (user.getId().equals(admin.getId()) || user.getServiceAccountClientLink() != null) {
      return new Result(Outcome.SKIPPED, "The user became protected after the preview.");
    }
    if (!auth.users().canManage(user)) {
      return new Result(
          Outcome.FAILED, "The admin who started the import may not manage this user.");
    }
    return null;
  }

  private Result apply(UserModel user) {
    return switch (action) {
      case DELETE -> delete(user);
      case DEACTIVATE -> deactivate(user);
      case REACTIVATE -> reactivate(user);
    };
  }

  private Result delete(UserModel user) {
    String id = user.getId();
    // UserManager runs Keycloak's own clean-up and publishes UserRemovedEvent (the academy
    // cascade).
    if (!new UserManager(session).removeUser(realm, user)) {
      return new Result(Outcome.FAILED, "Keycloak did not remove the user.");
    }
    return deleted(id);
  }

  private Result deleted(String userId) {
    events.clone(session).operation(OperationType.DELETE).resourcePath("users", userId).success();
    return new Result(Outcome.DELETED, null);
  }

  private Result deactivate(UserModel user) {
    if (!user.isEnabled()) {
      return new Result(
          Outcome.SKIPPED, "The user was deactivated by someone else after the preview.");
    }
    user.setEnabled(false);
    // Invalidates every token issued so far, as "Sign out" in the console does.
    session.users().setNotBeforeForUser(realm, user, Time.currentTime());
    return ended(user);
  }

  /** Ends the sessions of a user just disabled, and records the admin event. */
  private Result ended(UserModel user) {
    if (sessionHolders.mayHave(user.getId())) {
      session.sessions().removeUserSessions(realm, user);
      session
          .sessions()
          .getOfflineUserSessionsStream(realm, user)
          .toList()
          .forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
    }
    events
        .clone(session)
        .operation(OperationType.UPDATE)
        .resourcePath("users", user.getId())
        .representation(Map.of("id", user.getId(), "enabled", false))
        .success();
    return new Result(Outcome.DEACTIVATED, null);
  }

  private Result reactivate(UserModel user) {
    if (user.isEnabled()) {
      return new Result(
          Outcome.SKIPPED, "The user was reactivated by someone else after the preview.");
    }
    user.setEnabled(true);
    // As the console's "Enabled" switch does: a reactivated user is not still locked out by
    // brute-force detection.
    session.loginFailures().removeUserLoginFailure(realm, user.getId());
    events
        .clone(session)
        .operation(OperationType.UPDATE)
        .resourcePath("users", user.getId())
        .representation(Map.of("id", user.getId(), "enabled", true))
        .success();
    return new Result(Outcome.REACTIVATED, null);
  }

  private boolean stillMatches(UserModel user, String identifier) {
    NormalizedIdentifier n = IdentifierNormalizer.normalize(matchBy, identifier);
    if (!n.isValid()) {
      return false;
    }
    return switch (matchBy) {
      case EMAIL -> n.value().equalsIgnoreCase(user.getEmail());
      case USERNAME -> n.value().equalsIgnoreCase(user.getUsername());
      case ID -> n.value().equals(user.getId());
    };
  }
}
