package io.github.academyoffboarding.bulk.leave;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * A removed user's acted-on dates go with it, in the removal's transaction (their only use is to
 * leave a user alone who is still there). Cheap for realms the sweep never acted in, which is every
 * realm where the option is off: the first removal in a session looks once whether the realm has
 * any row (the primary key's first column) and remembers a "none" for the session; a sweep writes
 * its rows in sessions of its own, which remove no user.
 */
public final class LeaveDateForgetting implements ProviderEventListener {

  private static final String NONE_IN_REALM = "academy.leave-date.none-in-realm:";

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof UserModel.UserRemovedEvent e) {
      removed(e.getKeycloakSession(), e.getRealm(), e.getUser());
    } else if (event instanceof RealmModel.RealmRemovedEvent e) {
      dates(e.getKeycloakSession()).removeRealm(e.getRealm().getId());
    }
  }

  private static void removed(KeycloakSession session, RealmModel realm, UserModel user) {
    String key = NONE_IN_REALM + realm.getId();
    if (session.getAttribute(key) != null) {
      return;
    }
    LeaveDates dates = dates(session);
    if (!dates.anyInRealm(realm.getId())) {
      session.setAttribute(key, Boolean.TRUE);
      return;
    }
    dates.removeUser(realm.getId(), user.getId());
  }

  private static LeaveDates dates(KeycloakSession session) {
    return new LeaveDates(session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }
}
