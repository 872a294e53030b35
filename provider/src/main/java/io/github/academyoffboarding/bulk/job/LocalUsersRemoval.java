package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.academy.AcademyCascade;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.StorageId;

/**
 * Removes a batch of local users with the same effects as {@link
 * org.keycloak.models.UserManager#removeUser} for each of them, but with one statement per table
 * for the whole batch instead of about 35 statements per user (PostgreSQL statement log;
 * docs/architecture.md, "Performance facts").
 *
 * <p>It follows Keycloak 26.7.3's removal step by step: {@code UserStorageManager.removeUser}
 * clears the federated-storage tables, publishes {@code UserPreRemovedEvent}, then {@code
 * JpaUserProvider.removeUser} deletes role and group mappings, consents, verifiable credentials and
 * the user entity with its attributes, required actions, credentials and identity links; {@code
 * UserCacheSession} invalidates the cached user and {@code UserManager} publishes {@code
 * UserRemovedEvent}. Both events are still published for every user, so sessions, login failures,
 * authorization data, workflows, organizations, the academy cascade and any other extension's
 * listener run as they do for a single removal.
 *
 * <p>Only users it can remove exactly as Keycloak would are taken ({@link #canRemove}): stored in
 * Keycloak's own database, not linked to a user federation provider, not a service account, in a
 * realm without identity providers (whose cache entries for brokered logins only {@code
 * UserCacheSession} itself can invalidate). The others go through {@code UserManager}. {@code
 * LocalUsersRemovalIT} checks, table by table, that nothing of a removed user is left and nothing
 * of a kept user is touched; if Keycloak adds a table that refers to users with a foreign key, the
 * batch fails and the job redoes it a user at a time through {@code UserManager}.
 */
final class LocalUsersRemoval {

  private static final Logger LOG = Logger.getLogger(LocalUsersRemoval.class);

  /** Keycloak's local and federated-storage tables that refer to a user, in deletion order. */
  private static final List<String> FEDERATED_STORAGE =
      List.of(
          "delete from BrokerLinkEntity e where e.userId in :ids and e.realmId = :realmId",
          "delete from FederatedUserAttributeEntity e where e.userId in :ids and e.realmId ="
              + " :realmId",
          "delete from FederatedUserConsentClientScopeEntity e where e.userConsent in (select c"
              + " from FederatedUserConsentEntity c where c.userId in :ids and c.realmId ="
              + " :realmId)",
          "delete from FederatedUserConsentEntity e where e.userId in :ids and e.realmId = :realmId",
          "delete from FederatedUserCredentialEntity e where e.userId in :ids and e.realmId ="
              + " :realmId",
          "delete from FederatedUserGroupMembershipEntity e where e.userId in :ids and e.realmId ="
              + " :realmId",
          "delete from FederatedUserRequiredActionEntity e where e.userId in :ids and e.realmId ="
              + " :realmId",
          "delete from FederatedUserRoleMappingEntity e where e.userId in :ids and e.realmId ="
              + " :realmId",
          "delete from FederatedUser e where e.id in :ids and e.realmId = :realmId",
          "delete from FederatedUserIssuedVerifiableCredentialEntity e where e.userId in :ids and"
              + " e.realmId = :realmId",
          "delete from FederatedUserVerifiableCredentialEntity e where e.userId in :ids and"
              + " e.realmId = :realmId");

  private static final List<String> LOCAL_STORAGE =
      List.of(
          "delete from UserRoleMappingEntity e where e.user.id in :ids",
          "delete from UserGroupMembershipEntity e where e.user.id in :ids",
          "delete from UserConsentClientScopeEntity e where e.userConsent in (select c from"
              + " UserConsentEntity c where c.user.id in :ids)",
          "delete from UserConsentEntity e where e.user.id in :ids",
          "delete from IssuedVerifiableCredentialEntity e where e.user.id in :ids",
          "delete from UserVerifiableCredentialEntity e where e.user.id in :ids",
          // What em.remove(user) cascades to.
          "delete from UserAttributeEntity e where e.user.id in :ids",
          "delete from UserRequiredActionEntity e where e.user.id in :ids",
          "delete from CredentialEntity e where e.user.id in :ids",
          "delete from FederatedIdentityEntity e where e.user.id in :ids",
          "delete from UserEntity e where e.id in :ids and e.realmId = :realmId");

  private LocalUsersRemoval() {}

  /** Whether {@link #remove} may take this user; the others go through {@code UserManager}. */
  static boolean canRemove(RealmModel realm, UserModel user) {
    return VerifiedRelease.RUNNING
        && !realm.isIdentityFederationEnabled()
        && StorageId.isLocalStorage(user.getId())
        && user.getFederationLink() == null
        && user.getServiceAccountClientLink() == null;
  }

  /**
   * Removes {@code users} (all accepted by {@link #canRemove}) in the session's transaction. Throws
   * when one of them is no longer there, so that the caller's transaction rolls back.
   */
  static void remove(KeycloakSession session, RealmModel realm, List<UserModel> users) {
    if (users.isEmpty()) {
      return;
    }
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
    List<String> ids = users.stream().map(UserModel::getId).toList();

    // As JpaUserProvider's em.find(…, PESSIMISTIC_WRITE): hold the users until the transaction
    // ends.
    List<?> locked =
        em.createQuery("select u.id from UserEntity u where u.id in :ids and u.realmId = :realmId")
            .setParameter("ids", ids)
            .setParameter("realmId", realm.getId())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    if (locked.size() != ids.size()) {
      Set<String> missing = new HashSet<>(ids);
      locked.forEach(missing::remove);
      throw new IllegalStateException("users removed meanwhile: " + missing);
    }

    execute(em, FEDERATED_STORAGE, ids, realm.getId());
    AcademyCascade.usersRemoving(session, ids);
    for (UserModel user : users) {
      factory.publish(new PreRemoved(session, realm, user));
    }
    UserCache cache = session.getProvider(UserCache.class);
    if (cache != null) {
      users.forEach(user -> cache.evict(realm, user));
    }
    execute(em, LOCAL_STORAGE, ids, realm.getId());
    // Their rows are gone: out of the persistence context with them, as em.remove would take them
    // out, so that the flush before each query the listeners run no longer checks them.
    for (String id : ids) {
      em.detach(em.getReference(UserEntity.class, id));
    }
    for (UserModel user : users) {
      factory.publish(new Removed(session, realm, user));
    }
    LOG.debugf("Removed %d users of realm %s together", users.size(), realm.getId());
  }

  private static void execute(
      EntityManager em, List<String> statements, List<String> ids, String realmId) {
    for (String jpql : statements) {
      var query = em.createQuery(jpql).setParameter("ids", ids);
      if (jpql.contains(":realmId")) {
        query.setParameter("realmId", realmId);
      }
      query.executeUpdate();
    }
  }

  /**
   * A removal event for one user. Two subclasses, not one class implementing both interfaces:
   * listeners tell the events apart with {@code instanceof}.
   */
  private abstract static class RemovalEvent {
    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    RemovalEvent(KeycloakSession session, RealmModel realm, UserModel user) {
      this.session = session;
      this.realm = realm;
      this.user = user;
    }

    public RealmModel getRealm() {
      return realm;
    }

    public UserModel getUser() {
      return user;
    }

    public KeycloakSession getKeycloakSession() {
      return session;
    }
  }

  private static final class PreRemoved extends RemovalEvent
      implements UserModel.UserPreRemovedEvent {
    PreRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
      super(session, realm, user);
    }
  }

  private static final class Removed extends RemovalEvent implements UserModel.UserRemovedEvent {
    Removed(KeycloakSession session, RealmModel realm, UserModel user) {
      super(session, realm, user);
    }
  }
}
