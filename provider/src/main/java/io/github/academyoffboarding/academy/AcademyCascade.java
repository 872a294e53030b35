package io.github.academyoffboarding.academy;

import java.util.Collection;
import org.keycloak.models.KeycloakSession;

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
}
