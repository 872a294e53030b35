package io.github.academyoffboarding.bulk.job;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.StorageId;

/**
 * Disables a batch of local users and sets their not-before time with one statement, instead of
 * {@code setEnabled(false)} and {@code setNotBeforeForUser} on each user's model followed by one
 * {@code UPDATE USER_ENTITY} per user at the flush.
 *
 * <p>For a user stored in Keycloak's own database those two calls change exactly the {@code
 * ENABLED} and {@code NOT_BEFORE} columns of the user's row (Keycloak 26.7.3's JPA {@code
 * UserAdapter} and {@code JpaUserProvider}) and invalidate the cached user ({@code
 * UserCacheSession} through the cached {@code UserAdapter}). This class does both. It only takes
 * users whose model is one of Keycloak's own two for local users, so a user of a federation
 * provider, a read-only organization member or a model another extension wraps goes through the
 * model's own setters. Ending the users' sessions and recording the admin events stays with the
 * caller.
 */
final class LocalUsersDeactivation {

  private static final Logger LOG = Logger.getLogger(LocalUsersDeactivation.class);

  /** Keycloak's models of a local user: cached, and the JPA one when the user cache is off. */
  private static final Set<String> LOCAL_USER_MODELS =
      Set.of(
          "org.keycloak.models.cache.infinispan.UserAdapter",
          "org.keycloak.models.jpa.UserAdapter");

  private LocalUsersDeactivation() {}

  /** Whether {@link #deactivate} may take this enabled user; the others use the model's setters. */
  static boolean canDeactivate(UserModel user) {
    return VerifiedRelease.RUNNING
        && StorageId.isLocalStorage(user.getId())
        && user.getFederationLink() == null
        && LOCAL_USER_MODELS.contains(user.getClass().getName());
  }

  /**
   * Disables {@code users} (all enabled and accepted by {@link #canDeactivate}) in the session's
   * transaction. Throws when one of them is gone or no longer enabled, so that the caller's
   * transaction rolls back.
   */
  static void deactivate(
      KeycloakSession session, RealmModel realm, List<UserModel> users, int notBefore) {
    if (users.isEmpty()) {
      return;
    }
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    // Invalidate first: a cached user loads its entity for that, from the persistence context.
    UserCache cache = session.getProvider(UserCache.class);
    if (cache != null) {
      users.forEach(user -> cache.evict(realm, user));
    }
    List<String> ids = users.stream().map(UserModel::getId).toList();
    int updated =
        em.createQuery(
                "update UserEntity u set u.enabled = false, u.notBefore = :notBefore"
                    + " where u.realmId = :realmId and u.id in :ids and u.enabled = true")
            .setParameter("notBefore", notBefore)
            .setParameter("realmId", realm.getId())
            .setParameter("ids", ids)
            .executeUpdate();
    if (updated != ids.size()) {
      throw new IllegalStateException(
          (ids.size() - updated) + " of the users were changed or removed meanwhile");
    }
    // Their loaded entities still say enabled: out of the persistence context, so that nothing
    // flushes or reads that stale state later in the transaction.
    for (String id : ids) {
      em.detach(em.getReference(UserEntity.class, id));
    }
    LOG.debugf("Deactivated %d users of realm %s together", users.size(), realm.getId());
  }
}
