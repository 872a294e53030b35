package io.github.academyoffboarding.bulk.job;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which users of a batch have sessions, found with one query, so that deactivating the others skips
 * the two session look-ups per user that took most of a deactivation's time (JFR profile in
 * docs/benchmarks.md).
 *
 * <p>Only with Keycloak's persistent user sessions (the default since 26.0): that provider keeps
 * online and offline sessions in {@code OFFLINE_USER_SESSION} and {@code removeUserSessions} and
 * {@code getOfflineUserSessionsStream} look them up there and nowhere else, so a user without a row
 * there has nothing for them to remove. The query asks for any row of the user, expired or not, so
 * it finds at least every session they would. With any other sessions provider (volatile sessions
 * in Infinispan, an external Infinispan), or on a Keycloak release this was not verified for, every
 * user is looked up as before.
 */
final class SessionHolders {

  private static final Logger LOG = Logger.getLogger(SessionHolders.class);

  private static final String PERSISTENT_SESSIONS =
      "org.keycloak.models.sessions.infinispan.PersistentUserSessionProvider";

  private final Set<String> holders;

  private SessionHolders(Set<String> holders) {
    this.holders = holders;
  }

  /**
   * The holders among {@code userIds}, or a lookup that answers yes for everyone when sessions
   * cannot be found in the database.
   */
  static SessionHolders of(KeycloakSession session, RealmModel realm, List<String> userIds) {
    if (userIds.size() < 2
        || !VerifiedRelease.RUNNING
        || !PERSISTENT_SESSIONS.equals(session.sessions().getClass().getName())) {
      return new SessionHolders(null);
    }
    List<String> found =
        session
            .getProvider(JpaConnectionProvider.class)
            .getEntityManager()
            .createQuery(
                "select distinct s.userId from PersistentUserSessionEntity s"
                    + " where s.realmId = :realmId and s.userId in :ids",
                String.class)
            .setParameter("realmId", realm.getId())
            .setParameter("ids", userIds)
            .getResultList();
    LOG.debugf(
        "%d of %d users of realm %s have sessions", found.size(), userIds.size(), realm.getId());
    return new SessionHolders(new HashSet<>(found));
  }

  /** Whether the user may have a session, online or offline. */
  boolean mayHave(String userId) {
    return holders == null || holders.contains(userId);
  }
}
