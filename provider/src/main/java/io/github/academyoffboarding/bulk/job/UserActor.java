package io.github.academyoffboarding.bulk.job;

import static org.keycloak.userprofile.UserProfileContext.USER_API;

import io.github.academyoffboarding.bulk.AdminHolders;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
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
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.storage.StorageId;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Applies an import's action to the users of one batch, inside the batch's transaction, as the
 * admin who committed it: every protection of the preview is evaluated again for that admin (the
 * admin's own account, service accounts, realm administrators when protected, users the admin may
 * not manage), and admin events name that admin and carry the representations Keycloak's own user
 * endpoints record.
 */
final class UserActor {

  private static final Logger LOG = Logger.getLogger(UserActor.class);

  /**
   * What happened to one row: an outcome with its message key and parameter, or {@link #ALONE}: the
   * user is acted on in a transaction of its own.
   */
  record Result(Outcome outcome, RowMessage message, String param) {

    /**
     * A user of a federation provider in a batch of several: its removal reaches the provider
     * (LDAP…) at once, which a rollback of the batch could not undo, so it gets a transaction of
     * its own.
     */
    static final Result ALONE = new Result(null, null, null);

    static Result of(Outcome outcome) {
      return new Result(outcome, null, null);
    }

    static Result of(Outcome outcome, RowMessage message) {
      return new Result(outcome, message, null);
    }

    boolean alone() {
      return outcome == null;
    }
  }

  private final KeycloakSession session;
  private final RealmModel realm;
  private final BulkAction action;
  private final MatchBy matchBy;
  private final UserModel admin;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder events;
  private final boolean batchedWrites;
  private final boolean protectAdmins;

  /**
   * A DELETE through a restore window: the users are deactivated as DEACTIVATE does and marked for
   * deletion at the import's due time instead of being deleted now; null for any other job.
   */
  private final Schedule schedule;

  private SessionHolders sessionHolders;

  /** Where a scheduled deletion is recorded: the import, its due time and who asked. */
  private record Schedule(
      String importId, long dueAt, String requestedBy, String requestedByRealm) {}

  private UserActor(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity job,
      UserModel admin,
      RealmModel adminRealm,
      BulkSettings settings) {
    this.session = session;
    this.batchedWrites = settings.batchedWrites();
    this.protectAdmins = settings.protectAdmins();
    this.realm = realm;
    this.action = BulkAction.valueOf(job.getAction());
    this.matchBy = MatchBy.valueOf(job.getMatchBy());
    this.admin = admin;
    this.schedule =
        action == BulkAction.DELETE && job.getDeletionDueAt() != null
            ? new Schedule(job.getId(), job.getDeletionDueAt(), admin.getId(), adminRealm.getId())
            : null;
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
    // one resolves the admin's roles in the target realm, so a master-realm admin fails with an
    // NPE. The token carries no roles and no client, so the admin's role mappings decide.
    this.auth = AdminPermissions.evaluator(session, realm, adminAuth);
    this.events =
        new AdminEventBuilder(realm, adminAuth, session, connection).resource(ResourceType.USER);
  }

  /** The actor for {@code job}, or null when the admin who committed it no longer exists. */
  static UserActor forJob(
      KeycloakSession session, RealmModel realm, BulkImportEntity job, BulkSettings settings) {
    RealmModel adminRealm = session.realms().getRealm(job.getCommittedByRealm());
    UserModel admin =
        adminRealm == null ? null : session.users().getUserById(adminRealm, job.getCommittedBy());
    return admin == null ? null : new UserActor(session, realm, job, admin, adminRealm, settings);
  }

  /**
   * Acts on the rows of one batch and returns their results in the same order. Local users that can
   * be deleted or deactivated together are ({@link LocalUsersRemoval}, {@link
   * LocalUsersDeactivation}); users of a federation provider in a batch of several are left to a
   * transaction of their own ({@link Result#ALONE}); a batch of one row always goes through
   * Keycloak's user API.
   */
  List<Result> act(List<BulkImportRowEntity> rows) {
    preload(rows);
    List<String> userIds = rows.stream().map(BulkImportRowEntity::getUserId).toList();
    sessionHolders = SessionHolders.of(session, realm, deactivates() ? userIds : List.of());
    List<UserModel> users = new ArrayList<>(rows.size());
    for (BulkImportRowEntity row : rows) {
      users.add(session.users().getUserById(realm, row.getUserId()));
    }
    Set<String> admins = protectAdmins ? admins(users) : Set.of();
    Set<String> pending =
        schedule == null ? Set.of() : pendingDeletions().pendingAmong(realm.getId(), userIds);
    Result[] results = new Result[rows.size()];
    List<UserModel> together = new ArrayList<>();
    List<Integer> togetherAt = new ArrayList<>();
    List<Object> togetherReps = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      UserModel user = users.get(i);
      Result refused = refusal(rows.get(i), user, admins);
      if (refused != null) {
        results[i] = refused;
      } else if (pending.contains(user.getId())) {
        results[i] = Result.of(Outcome.SKIPPED, RowMessage.ALREADY_PENDING);
      } else if (rows.size() > 1 && federated(user)) {
        results[i] = Result.ALONE;
      } else if (rows.size() > 1 && batchedWrites && together(user)) {
        together.add(user);
        togetherAt.add(i);
        // Before the change: the batched paths leave the users' models stale.
        togetherReps.add(deactivates() ? updateRepresentation(user) : deletedRepresentation(user));
      } else {
        results[i] = schedule != null ? scheduleDeletion(rows.get(i), user) : apply(user);
      }
    }
    if (deactivates()) {
      LocalUsersDeactivation.deactivate(session, realm, together, Time.currentTime());
    } else if (action == BulkAction.DELETE) {
      LocalUsersRemoval.remove(session, realm, together);
    } // REACTIVATE: a user at a time: nothing to gain, few users are reactivated
    for (int j = 0; j < together.size(); j++) {
      UserModel user = together.get(j);
      int i = togetherAt.get(j);
      if (schedule != null) {
        ended(user, (UserRepresentation) togetherReps.get(j));
        results[i] = marked(rows.get(i), true);
      } else {
        results[i] =
            action == BulkAction.DELETE
                ? deleted(user.getId(), togetherReps.get(j))
                : ended(user, (UserRepresentation) togetherReps.get(j));
      }
    }
    return Arrays.asList(results);
  }

  /** Whether this job deactivates users: DEACTIVATE, and a DELETE through a restore window. */
  private boolean deactivates() {
    return action == BulkAction.DEACTIVATE || schedule != null;
  }

  /**
   * A DELETE through a restore window, for one user: deactivated now as DEACTIVATE does (a user
   * disabled already stays as it is), and marked for deletion at the due time.
   */
  private Result scheduleDeletion(BulkImportRowEntity row, UserModel user) {
    boolean enabled = user.isEnabled();
    if (enabled) {
      deactivate(user);
    }
    return marked(row, enabled);
  }

  private Result marked(BulkImportRowEntity row, boolean enabledBefore) {
    pendingDeletions()
        .mark(
            realm.getId(),
            row.getUserId(),
            schedule.importId(),
            row.getRowNo(),
            schedule.dueAt(),
            schedule.requestedBy(),
            schedule.requestedByRealm(),
            enabledBefore);
    return Result.of(Outcome.SCHEDULED);
  }

  private PendingDeletions pendingDeletions() {
    return new PendingDeletions(
        session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }

  /** The realm administrators among the batch's users, found once for the batch. */
  private Set<String> admins(List<UserModel> users) {
    List<UserModel> present = users.stream().filter(u -> u != null).toList();
    if (present.isEmpty()) {
      return Set.of();
    }
    long start = System.nanoTime();
    Set<String> holders = AdminHolders.of(session, realm).among(present);
    LOG.debugf(
        "Checked %s users of realm %s for realm-admin in %s ms",
        (Object) present.size(), realm.getId(), (System.nanoTime() - start) / 1_000_000);
    return holders;
  }

  /**
   * Whether the user is served by a user federation provider: linked to one (imported from LDAP,
   * say) or stored by one.
   */
  static boolean federated(UserModel user) {
    return user.getFederationLink() != null || !StorageId.isLocalStorage(user.getId());
  }

  /** Whether this user is deleted or deactivated with the batch's others. */
  private boolean together(UserModel user) {
    if (schedule != null) {
      return user.isEnabled() && LocalUsersDeactivation.canDeactivate(user);
    }
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

  /**
   * Why the job must not act on this user, or null when it may: the preview's protections,
   * evaluated again now.
   */
  private Result refusal(BulkImportRowEntity row, UserModel user, Set<String> admins) {
    if (user == null) {
      return Result.of(Outcome.GONE, RowMessage.GONE);
    }
    if (!stillMatches(user, row.getIdentifier())) {
      return new Result(
          Outcome.SKIPPED,
          RowMessage.IDENTIFIER_CHANGED,
          matchBy.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (user.getId().equals(admin.getId())) {
      return Result.of(Outcome.SKIPPED, RowMessage.BECAME_CALLER);
    }
    if (user.getServiceAccountClientLink() != null) {
      return Result.of(Outcome.SKIPPED, RowMessage.BECAME_SERVICE_ACCOUNT);
    }
    if (admins.contains(user.getId())) {
      return Result.of(Outcome.SKIPPED, RowMessage.BECAME_ADMIN);
    }
    if (!auth.users().canManage(user)) {
      return Result.of(Outcome.SKIPPED, RowMessage.NO_LONGER_MANAGEABLE);
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
    Object representation = deletedRepresentation(user);
    // UserManager runs Keycloak's own clean-up and publishes UserRemovedEvent (the academy
    // cascade).
    if (!new UserManager(session).removeUser(realm, user)) {
      return Result.of(Outcome.FAILED, RowMessage.NOT_REMOVED);
    }
    return deleted(id, representation);
  }

  /** What {@code DELETE /users/{id}} records: the user's id and username. */
  private static UserRepresentation deletedRepresentation(UserModel user) {
    UserRepresentation rep = new UserRepresentation();
    rep.setId(user.getId());
    rep.setUsername(user.getUsername());
    return rep;
  }

  private Result deleted(String userId, Object representation) {
    events
        .clone(session)
        .operation(OperationType.DELETE)
        .representation(representation)
        .resourcePath("users", userId)
        .success();
    return Result.of(Outcome.DELETED);
  }

  /**
   * What {@code PUT /users/{id}} records when the admin console switches a user off or on: the
   * console sends the user as {@code GET /users/{id}} returned it (user-profile representation, the
   * caller's access, linked identities when the realm has identity providers) with {@code enabled}
   * changed, and Keycloak records that body. Taken before the change, as the console's GET is; the
   * caller sets {@code enabled}.
   */
  private UserRepresentation updateRepresentation(UserModel user) {
    UserRepresentation rep =
        session.getProvider(UserProfileProvider.class).create(USER_API, user).toRepresentation();
    if (realm.isIdentityFederationEnabled()) {
      rep.setFederatedIdentities(
          session
              .users()
              .getFederatedIdentitiesStream(realm, user)
              .filter(i -> session.identityProviders().getByAlias(i.getIdentityProvider()) != null)
              .map(ModelToRepresentation::toRepresentation)
              .toList());
    }
    rep.setAccess(auth.users().getAccess(user));
    rep.setUserProfileMetadata(null); // the console drops it before it sends the user back
    if (rep.getAttributes() == null) {
      // The console always sends its attributes (the managed and unmanaged ones merged), if empty.
      rep.setAttributes(new java.util.HashMap<>());
    }
    return rep;
  }

  private Result deactivate(UserModel user) {
    if (!user.isEnabled()) {
      return Result.of(Outcome.SKIPPED, RowMessage.ALREADY_DEACTIVATED);
    }
    UserRepresentation rep = updateRepresentation(user);
    user.setEnabled(false);
    // Invalidates every token issued so far, as "Sign out" in the console does.
    session.users().setNotBeforeForUser(realm, user, Time.currentTime());
    return ended(user, rep);
  }

  /** Ends the sessions of a user just disabled, and records the admin event. */
  private Result ended(UserModel user, UserRepresentation rep) {
    if (sessionHolders.mayHave(user.getId())) {
      session.sessions().removeUserSessions(realm, user);
      session
          .sessions()
          .getOfflineUserSessionsStream(realm, user)
          .toList()
          .forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
    }
    rep.setEnabled(false);
    events
        .clone(session)
        .operation(OperationType.UPDATE)
        .resourcePath("users", user.getId())
        .representation(rep)
        .success();
    return Result.of(Outcome.DEACTIVATED);
  }

  /** As {@code PUT /users/{id}} with {@code enabled: true} does, login failures included. */
  private Result reactivate(UserModel user) {
    if (user.isEnabled()) {
      return Result.of(Outcome.SKIPPED, RowMessage.ALREADY_ACTIVE);
    }
    UserRepresentation rep = updateRepresentation(user);
    BruteForceProtector bruteForce = session.getProvider(BruteForceProtector.class);
    if (session.loginFailures().getUserLoginFailure(realm, user.getId()) != null) {
      // A reactivated user is not still locked out by brute-force detection.
      session.loginFailures().removeUserLoginFailure(realm, user.getId());
      events
          .clone(session)
          .resource(ResourceType.USER_LOGIN_FAILURE)
          .operation(OperationType.DELETE)
          .resourcePath("users", user.getId())
          .success();
    }
    boolean wasPermanentlyLockedOut = bruteForce.isPermanentlyLockedOut(session, realm, user);
    user.setEnabled(true);
    if (wasPermanentlyLockedOut) {
      bruteForce.cleanUpPermanentLockout(session, realm, user);
    }
    rep.setEnabled(true);
    events
        .clone(session)
        .operation(OperationType.UPDATE)
        .resourcePath("users", user.getId())
        .representation(rep)
        .success();
    return Result.of(Outcome.REACTIVATED);
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
