package io.github.academyoffboarding.academy;

import java.util.Collection;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Deletes a user's academy rows in the transaction that removes the user, and a realm's rows when
 * the realm goes. Exceptions are not caught: a failed cascade must roll the removal back, never
 * leave rows behind.
 *
 * <p>Both user events are handled: {@code UserPreRemovedEvent} comes from the user storage layer
 * (admin REST, account deletion, client removal, the bulk job), {@code UserRemovedEvent} from
 * {@code UserManager}, which some federation paths call with the local store directly, skipping the
 * pre-event. A session attribute keeps the second event from issuing the same two deletes again.
 */
final class AcademyCascadeListener implements ProviderEventListener {

  private static final Logger LOG = Logger.getLogger(AcademyCascadeListener.class);
  private static final String DONE_PREFIX = "academy.cascade.done:";

  /**
   * Deletes the academy rows of users about to be removed together (the bulk job), in one statement
   * per table, and marks them done so that their removal events do not delete again.
   */
  static AcademyCounts usersRemoving(KeycloakSession session, Collection<String> userIds) {
    AcademyCounts removed = AcademyStore.of(session).deleteByUsers(userIds);
    userIds.forEach(id -> session.setAttribute(DONE_PREFIX + id, Boolean.TRUE));
    return removed;
  }

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof UserModel.UserPreRemovedEvent e) {
      userRemoved(e.getKeycloakSession(), e.getRealm(), e.getUser(), "UserPreRemovedEvent");
    } else if (event instanceof UserModel.UserRemovedEvent e) {
      userRemoved(e.getKeycloakSession(), e.getRealm(), e.getUser(), "UserRemovedEvent");
    } else if (event instanceof RealmModel.RealmRemovedEvent e) {
      realmRemoved(e.getKeycloakSession(), e.getRealm());
    }
  }

  private static void userRemoved(
      KeycloakSession session, RealmModel realm, UserModel user, String eventName) {
    if (user == null) {
      return;
    }
    String userId = user.getId();
    String marker = DONE_PREFIX + userId;
    if (session.getAttribute(marker) != null) {
      return;
    }
    AcademyStore store = AcademyStore.of(session);
    AcademyCounts removed =
        realm != null ? store.deleteByUser(realm.getId(), userId) : store.deleteByUser(userId);
    session.setAttribute(marker, Boolean.TRUE);
    LOG.debugf(
        "User %s removed (%s): deleted %s learning records and %s certificates",
        userId, eventName, removed.learningRecords(), removed.certificates());
  }

  private static void realmRemoved(KeycloakSession session, RealmModel realm) {
    AcademyCounts removed = AcademyStore.of(session).deleteByRealm(realm.getId());
    LOG.debugf(
        "Realm %s removed: deleted %s learning records and %s certificates",
        realm.getId(), removed.learningRecords(), removed.certificates());
  }
}
