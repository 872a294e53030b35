package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.AdminHolders;
import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.ImportOrigin;
import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.parse.IdentifierNormalizer;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier;
import io.github.academyoffboarding.bulk.pending.PendingDeletions;
import io.github.academyoffboarding.bulk.schedule.ScheduleKind;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.storage.StorageId;

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
  private final RealmModel adminRealm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder events;
  private final boolean batchedWrites;
  private final boolean protectAdmins;

  /**
   * A DELETE through a restore window: the users are deactivated as DEACTIVATE does and marked for
   * deletion at the import's due time instead of being deleted now; null for any other job.
   */
  private final Schedule schedule;

  /**
   * The purge of a scheduled DELETE whose admin no longer exists: a stand-in names that admin in
   * the admin events, and the admin's permissions cannot be evaluated any more ({@link #forPurge}).
   */
  private final boolean adminGone;

  private SessionHolders sessionHolders;

  /**
   * Users deactivated by {@link #act} who may have online sessions: the caller signs them out once
   * the transaction has committed ({@link SignOut}).
   */
  private final List<String> signOut = new ArrayList<>();

  /** The marks of the batch being scheduled, written at its end with one insert. */
  private final List<PendingDeletions.Mark> marks = new ArrayList<>();

  /**
   * Where a scheduled deletion is recorded: the import, its due time and who asked; a dated row's
   * window is counted from its own due time ({@link #markDueAt}).
   */
  private record Schedule(
      String importId, long dueAt, long window, String requestedBy, String requestedByRealm) {}

  /**
   * Whether this actor carries out dated actions whose time has come ({@link #forDue}): the user is
   * the one the commit resolved, by id, as for the purge, and nothing waits any more.
   */
  private final boolean due;

  /** Dated rows of the batch, and returns from leave, written at its end ({@link Schedules}). */
  private final List<Schedules.Waiting> waiting = new ArrayList<>();

  private UserActor(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity job,
      UserModel admin,
      RealmModel adminRealm,
      BulkSettings settings,
      boolean adminGone,
      BulkAction action,
      boolean due) {
    this.session = session;
    this.due = due;
    this.adminGone = adminGone;
    this.batchedWrites = settings.batchedWrites();
    this.protectAdmins = settings.protectAdmins();
    this.realm = realm;
    this.action = action;
    this.matchBy = MatchBy.valueOf(job.getMatchBy());
    this.admin = admin;
    this.adminRealm = adminRealm;
    this.schedule =
        action == BulkAction.DELETE && job.getDeletionDueAt() != null
            ? new Schedule(
                job.getId(),
                job.getDeletionDueAt(),
                windowOf(job),
                admin.getId(),
                adminRealm.getId())
            : null;
    ActingAdmin acting =
        adminGone
            ? ActingAdmin.standIn(
                session,
                realm,
                admin,
                adminRealm,
                job.getCommittedByClient(),
                job.getCommittedFrom())
            : ActingAdmin.of(
                session,
                realm,
                admin,
                adminRealm,
                job.getCommittedByClient(),
                job.getCommittedFrom());
    this.auth = acting.auth();
    this.events = acting.events();
  }

  /**
   * The actor for {@code job}, or null when the admin who committed it no longer exists; for an
   * import of the leave-date sweep, the sweep's stand-in ({@link #bySweep}).
   */
  static UserActor forJob(
      KeycloakSession session, RealmModel realm, BulkImportEntity job, BulkSettings settings) {
    if (bySweep(job)) {
      return standIn(
          session, realm, null, job, settings, BulkAction.valueOf(job.getAction()), false);
    }
    RealmModel adminRealm = session.realms().getRealm(job.getCommittedByRealm());
    UserModel admin =
        adminRealm == null ? null : session.users().getUserById(adminRealm, job.getCommittedBy());
    return admin == null
        ? null
        : new UserActor(
            session,
            realm,
            job,
            admin,
            adminRealm,
            settings,
            false,
            BulkAction.valueOf(job.getAction()),
            false);
  }

  /**
   * The actor that carries out {@code job}'s dated actions whose due time has come ({@link
   * DueWork}): {@code action} is the row's (the import's own) or REACTIVATE for a return from
   * leave. As the admin who committed the import; when that admin is gone, as the purge does (see
   * {@link #forPurge}): the decision was taken at commit, with its date.
   */
  static UserActor forDue(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity job,
      BulkSettings settings,
      BulkAction action) {
    return asCommitter(session, realm, job, settings, action, true);
  }

  /** The import's restore window (zero when none), counted from each dated row's due time. */
  private static long windowOf(BulkImportEntity job) {
    if (job.getDeleteAfter() == null) {
      return 0;
    }
    java.time.Duration window = BulkSettings.parseDeleteAfter(job.getDeleteAfter());
    return window == null ? 0 : window.toMillis();
  }

  /**
   * The actor that deletes {@code job}'s users whose restore window has ended ({@link #purge}), as
   * the admin who committed it.
   *
   * <p>When that admin no longer exists, the users are deleted all the same, and the admin events
   * name that admin's id. The decision to delete was that admin's, checked at commit, and the
   * restore window was the time to take it back; in an offboarding tool the admin who ran the
   * import is often offboarded in turn, and a deletion that silently stopped would keep personal
   * data (and deactivated accounts) for ever. Every protection that does not depend on the admin is
   * still evaluated (realm administrators, service accounts, users re-enabled); the admin's
   * permissions cannot be, so a permission withdrawn from an admin who still exists keeps users
   * (SKIPPED) while a deleted admin's purge goes on.
   */
  static UserActor forPurge(
      KeycloakSession session, RealmModel realm, BulkImportEntity job, BulkSettings settings) {
    return asCommitter(session, realm, job, settings, BulkAction.valueOf(job.getAction()), false);
  }

  /**
   * As the admin who committed {@code job}, or a stand-in when that admin is gone or the sweep
   * committed it ({@link #forPurge}, {@link #forDue}).
   */
  private static UserActor asCommitter(
      KeycloakSession session,
      RealmModel realm,
      BulkImportEntity job,
      BulkSettings settings,
      BulkAction action,
      boolean due) {
    RealmModel adminRealm = session.realms().getRealm(job.getCommittedByRealm());
    UserModel admin =
        adminRealm == null ? null : session.users().getUserById(adminRealm, job.getCommittedBy());
    if (admin != null && !bySweep(job)) {
      return new UserActor(session, realm, job, admin, adminRealm, settings, false, action, due);
    }
    return standIn(session, realm, adminRealm, job, settings, action, due);
  }

  /**
   * An import the leave-date sweep made ({@link ImportOrigin#ATTRIBUTE}): no admin committed it,
   * the server did, as the SPI options say. A stand-in named as the import's committer ({@code
   * leave-date-sweep}) acts, and admin events name it; the protections that do not depend on an
   * admin still hold.
   */
  private static boolean bySweep(BulkImportEntity job) {
    return ImportOrigin.ATTRIBUTE.name().equals(job.getOrigin());
  }

  /**
   * The actor for an admin who is gone, or for the sweep: an in-memory user with the committer's
   * id, whose permissions are not evaluated ({@link #adminGone}).
   */
  private static UserActor standIn(
      KeycloakSession session,
      RealmModel realm,
      RealmModel adminRealm,
      BulkImportEntity job,
      BulkSettings settings,
      BulkAction action,
      boolean due) {
    RealmModel standInRealm = adminRealm == null ? realm : adminRealm;
    UserModel standIn =
        new org.keycloak.storage.adapter.AbstractInMemoryUserAdapter(
            session, standInRealm, job.getCommittedBy()) {
          @Override
          public org.keycloak.models.SubjectCredentialManager credentialManager() {
            throw new UnsupportedOperationException("a stand-in for an admin, not a user");
          }
        };
    return new UserActor(session, realm, job, standIn, standInRealm, settings, true, action, due);
  }

  /**
   * Acts on the rows of one batch and returns their results in the same order. Local users that can
   * be deleted or deactivated together are ({@link LocalUsersRemoval}, {@link
   * LocalUsersDeactivation}); users of a federation provider in a batch of several are left to a
   * transaction of their own ({@link Result#ALONE}); a batch of one row always goes through
   * Keycloak's user API.
   */
  List<Result> act(List<BulkImportRowEntity> rows) {
    long now = System.currentTimeMillis();
    List<Result> results = new ArrayList<>(Collections.nCopies(rows.size(), (Result) null));
    List<BulkImportRowEntity> actNow = new ArrayList<>(rows.size());
    List<Integer> actNowAt = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      BulkImportRowEntity row = rows.get(i);
      if (!due && row.getDueAt() != null && row.getDueAt() > now) {
        // A dated row: nothing is done to the user before its date; it waits in the schedule.
        waiting.add(
            new Schedules.Waiting(
                row.getUserId(),
                action,
                ScheduleKind.DATED,
                row.getRowNo(),
                row.getDueAt(),
                action == BulkAction.DEACTIVATE ? row.getUntilAt() : null));
        results.set(i, Result.of(Outcome.WAITING));
      } else {
        actNow.add(row);
        actNowAt.add(i);
      }
    }
    List<Result> acted = actNow.isEmpty() ? List.of() : actOn(actNow);
    for (int j = 0; j < actNow.size(); j++) {
      BulkImportRowEntity row = actNow.get(j);
      results.set(actNowAt.get(j), acted.get(j));
      if (action == BulkAction.DEACTIVATE
          && row.getUntilAt() != null
          && acted.get(j).outcome() == Outcome.DEACTIVATED) {
        // A leave: the user comes back at the end of its last day.
        waiting.add(
            new Schedules.Waiting(
                row.getUserId(),
                BulkAction.REACTIVATE,
                ScheduleKind.RETURN,
                row.getRowNo(),
                row.getUntilAt(),
                null));
      }
    }
    writeSchedule(rows, results);
    return results;
  }

  /**
   * Writes the batch's waiting entries and lets go of what they replace: a user acted on or
   * scheduled here for an action is no longer scheduled for it by another import ({@link
   * Schedules#replace}).
   */
  private void writeSchedule(List<BulkImportRowEntity> rows, List<Result> results) {
    Schedules schedules =
        new Schedules(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    List<String> touched = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Outcome outcome = results.get(i).outcome();
      if (outcome != null && (outcome.succeeded() || outcome == Outcome.WAITING)) {
        touched.add(rows.get(i).getUserId());
      }
    }
    String importId = rows.isEmpty() ? null : rows.get(0).getImportId();
    schedules.replace(realm.getId(), importId, action, touched);
    List<String> returning =
        waiting.stream()
            .filter(w -> w.kind() == ScheduleKind.RETURN)
            .map(Schedules.Waiting::userId)
            .toList();
    schedules.replace(realm.getId(), importId, BulkAction.REACTIVATE, returning);
    schedules.insertAll(realm.getId(), importId, waiting);
    waiting.clear();
  }

  /** The users of rows acted on now: see {@link #act}. */
  private List<Result> actOn(List<BulkImportRowEntity> rows) {
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
      Result refused = refusal(rows.get(i), user, admins, !due);
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
    if (!marks.isEmpty()) {
      pendingDeletions().markAll(marks);
      marks.clear();
    }
    return Arrays.asList(results);
  }

  /** The users {@link #act} deactivated that may have online sessions, for {@link SignOut}. */
  List<String> toSignOut() {
    return List.copyOf(signOut);
  }

  /**
   * Deletes the users of rows whose marks the caller has just taken ({@link
   * io.github.academyoffboarding.bulk.pending.PendingDeletions#take}): the restore window has
   * ended. Through the job's delete path — local users together ({@link LocalUsersRemoval}), a
   * batch of one through {@code UserManager} — with the same admin events; the caller leaves users
   * of a federation provider to a transaction of their own ({@link #federated}). A user removed
   * meanwhile is GONE; one enabled again meanwhile, by anyone, is KEPT; the commit's protections,
   * evaluated again, keep users as they are (SKIPPED with the reason). The user is the one the
   * commit resolved, by id: the file's identifier is not checked again, so a leaver whose e-mail
   * address or username changed during the window (a common offboarding step) is deleted all the
   * same.
   */
  List<Result> purge(List<BulkImportRowEntity> rows) {
    // The caller (PurgeWork) has loaded and looked the batch's users up already.
    sessionHolders = SessionHolders.of(session, realm, List.of());
    List<UserModel> users = new ArrayList<>(rows.size());
    for (BulkImportRowEntity row : rows) {
      users.add(session.users().getUserById(realm, row.getUserId()));
    }
    Set<String> admins = protectAdmins ? admins(users) : Set.of();
    Result[] results = new Result[rows.size()];
    List<UserModel> together = new ArrayList<>();
    List<Integer> togetherAt = new ArrayList<>();
    List<Object> togetherReps = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      UserModel user = users.get(i);
      Result refused = user == null ? null : refusal(rows.get(i), user, admins, false);
      if (user == null) {
        results[i] = Result.of(Outcome.GONE, RowMessage.REMOVED_ELSEWHERE);
      } else if (user.isEnabled()) {
        results[i] = Result.of(Outcome.KEPT, RowMessage.RE_ENABLED);
      } else if (refused != null) {
        results[i] = refused;
      } else if (rows.size() > 1 && batchedWrites && LocalUsersRemoval.canRemove(realm, user)) {
        together.add(user);
        togetherAt.add(i);
        togetherReps.add(deletedRepresentation(user));
      } else {
        results[i] = delete(user);
      }
    }
    LocalUsersRemoval.remove(session, realm, together);
    for (int j = 0; j < together.size(); j++) {
      results[togetherAt.get(j)] = deleted(together.get(j).getId(), togetherReps.get(j));
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

  /** Notes the mark of a user scheduled for deletion; {@link #act} writes a batch's together. */
  private Result marked(BulkImportRowEntity row, boolean enabledBefore) {
    marks.add(
        new PendingDeletions.Mark(
            realm.getId(),
            row.getUserId(),
            schedule.importId(),
            row.getRowNo(),
            markDueAt(row),
            schedule.requestedBy(),
            schedule.requestedByRealm(),
            enabledBefore));
    return Result.of(Outcome.SCHEDULED);
  }

  /** The end of the restore window: counted from a dated row's own due time, else the import's. */
  private long markDueAt(BulkImportRowEntity row) {
    return row.getDueAt() != null && due ? row.getDueAt() + schedule.window() : schedule.dueAt();
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
   * The user, looked up so that a federated user is checked against its provider now: Keycloak's
   * user cache hands out a cached LDAP learner and checks the directory only when the user's data
   * is first read, maybe after the caller has locked rows; a learner gone from the directory is
   * then removed in a transaction of Keycloak's own whose cascade waits for those locks. Evicted
   * from the cache first, the learner is checked here, before the caller locks anything (null when
   * gone).
   */
  static UserModel lookUpChecked(KeycloakSession session, RealmModel realm, String userId) {
    UserModel user = session.users().getUserById(realm, userId);
    if (user != null && federated(user)) {
      org.keycloak.models.cache.UserCache cache =
          session.getProvider(org.keycloak.models.cache.UserCache.class);
      if (cache != null) {
        cache.evict(realm, user);
        user = session.users().getUserById(realm, userId);
      }
    }
    return user;
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
    preload(session, realm, rows.stream().map(BulkImportRowEntity::getUserId).toList());
  }

  /** As {@link #preload(List)}, for users known by id. */
  static void preload(KeycloakSession session, RealmModel realm, List<String> userIds) {
    if (userIds.size() > 1) {
      session
          .getProvider(JpaConnectionProvider.class)
          .getEntityManager()
          .createQuery("select u from UserEntity u where u.id in :ids and u.realmId = :realmId")
          .setParameter("ids", userIds)
          .setParameter("realmId", realm.getId())
          .getResultList();
    }
  }

  /**
   * Why the job must not act on this user, or null when it may: the preview's protections,
   * evaluated again now. With {@code byIdentifier} (the commit's job), a user whose identifier no
   * longer matches the file's is refused too; the purge acts on the user the commit resolved.
   */
  private Result refusal(
      BulkImportRowEntity row, UserModel user, Set<String> admins, boolean byIdentifier) {
    if (user == null) {
      return Result.of(Outcome.GONE, RowMessage.GONE);
    }
    if (byIdentifier && !stillMatches(user, row.getIdentifier())) {
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
    if (!adminGone && !auth.users().canManage(user)) {
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

  /** What {@code PUT /users/{id}} records when the console switches the user off or on. */
  private UserRepresentation updateRepresentation(UserModel user) {
    return UserEnabledChange.representation(session, realm, auth, user);
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

  /**
   * Ends the offline sessions of a user just disabled, notes the user for {@link SignOut} (the
   * online sessions, with back-channel logout, once the batch has committed), and records the admin
   * event.
   */
  private Result ended(UserModel user, UserRepresentation rep) {
    if (sessionHolders.mayHave(user.getId())) {
      signOut.add(user.getId());
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
    UserEnabledChange.enable(session, realm, user, events, updateRepresentation(user));
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
