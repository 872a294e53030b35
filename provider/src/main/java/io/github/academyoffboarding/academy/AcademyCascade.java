package io.github.academyoffboarding.academy;

import java.util.Collection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The academy cascade, for code outside this package that removes many users at once. */
public final class AcademyCascade {

  private AcademyCascade() {}

  /**
   * Deletes the academy rows of {@code userIds}, in the caller's transaction, before the users are
   * removed; their removal events then find nothing more to do.
   */
  public static AcademyCounts usersRemoving(KeycloakSession session, Collection<String> userIds) {
    return AcademyCascadeListener.usersRemoving(session, userIds);
  }

  /**
   * Deletes the academy rows of the users imported by a user federation provider that is about to
   * be deleted with them, in the caller's transaction (Keycloak removes them in bulk, without a
   * per-user event).
   */
  public static AcademyCounts providerUsersRemoving(
      KeycloakSession session, RealmModel realm, String providerId) {
    return AcademyStore.of(session).deleteByFederationLink(realm.getId(), providerId);
  }
}
