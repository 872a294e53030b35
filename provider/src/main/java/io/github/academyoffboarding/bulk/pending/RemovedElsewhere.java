package io.github.academyoffboarding.bulk.pending;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.job.Outcome;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import io.github.academyoffboarding.bulk.schedule.Schedules;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * A pending user removed by another path (admin {@code DELETE /users/{id}}, LDAP, the account
 * console, another bulk import): its mark goes and its row reads GONE, in the removal's
 * transaction, and the import ends when that was its last pending user. The purge removes a mark
 * before it deletes the user, so it finds nothing here; a realm's marks go with the realm ({@code
 * BulkUsersResourceProviderFactory}).
 *
 * <p>Cheap for removals of users that are not pending, which are nearly all of them: the first
 * removal in a session looks once whether the realm has any mark at all (the primary key's first
 * column); if it has none, the session's other removals (a bulk job's batch of 200) cost nothing.
 * Otherwise each removal costs one look-up by primary key. The answer "none" is kept for the
 * session: marks are written only by a scheduling job's batch, which removes no user.
 */
public final class RemovedElsewhere implements ProviderEventListener {

  private static final Logger LOG = Logger.getLogger(RemovedElsewhere.class);
  private static final String NONE_IN_REALM = "academy.pending.none-in-realm:";
  private static final String NONE_NEEDING_ATTENTION = "academy.attention.none-in-realm:";
  private static final String NONE_SCHEDULED = "academy.scheduled.none-in-realm:";

  @Override
  public void onEvent(ProviderEvent event) {
    // Both events: Organizations deletes a managed member through UserProvider.removeUser, which
    // publishes only UserPreRemovedEvent; some federation paths publish only UserRemovedEvent. The
    // second of the two finds the mark gone.
    if (event instanceof UserModel.UserPreRemovedEvent e) {
      removed(e.getKeycloakSession(), e.getRealm(), e.getUser());
    } else if (event instanceof UserModel.UserRemovedEvent e) {
      removed(e.getKeycloakSession(), e.getRealm(), e.getUser());
    }
  }

  /**
   * The marks of a user federation provider's imported users, about to be removed with the provider
   * in bulk (no per-user event): resolved as GONE in the caller's transaction, import by import,
   * each import ended when that was its last pending user. Returns how many were resolved.
   */
  public static int providerUsersRemoving(
      KeycloakSession session, RealmModel realm, String providerId) {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    PendingDeletions pending = new PendingDeletions(em);
    ImportLife life = new ImportLife(em);
    new NeedsAttention(em).removeOfFederationLink(realm.getId(), providerId);
    Map<String, List<PendingDeletionEntity>> byImport =
        pending.ofFederationLink(realm.getId(), providerId).stream()
            .collect(Collectors.groupingBy(PendingDeletionEntity::getImportId));
    int resolved = 0;
    for (Map.Entry<String, List<PendingDeletionEntity>> marks : byImport.entrySet()) {
      resolved +=
          pending.resolve(
              marks.getKey(), marks.getValue(), Outcome.GONE, RowMessage.REMOVED_ELSEWHERE);
      life.endIfNonePending(marks.getKey());
    }
    return resolved;
  }

  /**
   * A user needing attention removed by another path leaves the list, at the same small cost for
   * the removals of other users (the answer "none in the realm" is kept for the session: entries
   * are written only by the purge, for users it leaves as they are).
   */
  private static void attentionRemoved(KeycloakSession session, RealmModel realm, String userId) {
    String none = NONE_NEEDING_ATTENTION + realm.getId();
    if (session.getAttribute(none) != null) {
      return;
    }
    NeedsAttention attention =
        new NeedsAttention(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    if (!attention.anyInRealm(realm.getId())) {
      session.setAttribute(none, Boolean.TRUE);
      return;
    }
    if (attention.resolve(realm.getId(), userId)) {
      LOG.debugf("User %s, needing attention, was removed elsewhere", userId);
    }
  }

  /**
   * A user with dated actions waiting, removed by another path: the entries go and their rows read
   * GONE, in the removal's transaction, at the same small cost for other users' removals (a batch
   * writes its entries after its removals, so "none" found by them stays true for them).
   */
  private static void scheduledRemoved(KeycloakSession session, RealmModel realm, String userId) {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    Schedules schedules = new Schedules(em);
    String none = NONE_SCHEDULED + realm.getId();
    if (session.getAttribute(none) != null) {
      return;
    }
    if (!schedules.anyInRealm(realm.getId())) {
      session.setAttribute(none, Boolean.TRUE);
      return;
    }
    schedules.removed(realm.getId(), userId);
  }

  private static void removed(KeycloakSession session, RealmModel realm, UserModel user) {
    if (realm == null || user == null) {
      return;
    }
    attentionRemoved(session, realm, user.getId());
    scheduledRemoved(session, realm, user.getId());
    String userId = user.getId();
    String none = NONE_IN_REALM + realm.getId();
    if (session.getAttribute(none) != null) {
      return;
    }
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    PendingDeletions pending = new PendingDeletions(em);
    if (!pending.anyInRealm(realm.getId())) {
      session.setAttribute(none, Boolean.TRUE);
      return;
    }
    PendingDeletionEntity mark = pending.find(realm.getId(), userId);
    if (mark == null) {
      return;
    }
    String importId = mark.getImportId();
    if (pending.resolve(importId, List.of(mark), Outcome.GONE, RowMessage.REMOVED_ELSEWHERE) > 0) {
      new ImportLife(em).endIfNonePending(importId);
      LOG.debugf("User %s, pending deletion by import %s, was removed elsewhere", userId, importId);
    }
  }
}
