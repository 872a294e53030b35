package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.AdminHolders;
import io.github.academyoffboarding.bulk.MatchBy;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Finds users for a batch of identifiers with one indexed query on Keycloak's user table (e-mail
 * and username are stored lower-case), then asks Keycloak's user API only for what that query
 * cannot answer: identifiers not found locally when the realm has user federation, and per-user
 * permissions when the caller does not hold manage-users for the whole realm.
 */
public final class KeycloakUserDirectory implements UserDirectory {

  // UserStorageProvider's class name: its jar (keycloak-model-storage) is not published for 26.7.3.
  private static final String USER_STORAGE_PROVIDER_TYPE =
      "org.keycloak.storage.UserStorageProvider";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final MatchBy matchBy;
  private final String callerId;
  private final AdminPermissionEvaluator auth;
  private final boolean protectAdmins;
  private final boolean manageAll;
  private final boolean federated;
  private Set<String> admins;

  public KeycloakUserDirectory(
      KeycloakSession session,
      RealmModel realm,
      MatchBy matchBy,
      String callerId,
      AdminPermissionEvaluator auth,
      boolean protectAdmins) {
    this.session = session;
    this.realm = realm;
    this.matchBy = matchBy;
    this.callerId = callerId;
    this.auth = auth;
    this.protectAdmins = protectAdmins;
    this.manageAll = auth.users().canManage();
    this.federated =
        realm.getComponentsStream(realm.getId(), USER_STORAGE_PROVIDER_TYPE).findAny().isPresent();
  }

  @Override
  public Map<String, CandidateUser> find(Collection<String> identifiers) {
    Map<String, CandidateUser> found = new HashMap<>();
    String column =
        switch (matchBy) {
          case EMAIL -> "u.email";
          case USERNAME -> "u.username";
          case ID -> "u.id";
        };
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    List<Object[]> rows =
        em.createQuery(
                "select "
                    + column
                    + ", u.id, u.enabled, u.serviceAccountClientLink from UserEntity u"
                    + " where u.realmId = :realmId and "
                    + column
                    + " in :ids",
                Object[].class)
            .setParameter("realmId", realm.getId())
            .setParameter("ids", identifiers)
            .getResultList();
    for (Object[] row : rows) {
      String id = (String) row[1];
      found.put(
          (String) row[0],
          new CandidateUser(id, (Boolean) row[2], protection(id, row[3] != null, null)));
    }
    if (federated) {
      // Users of a federation provider (LDAP, …) that are not imported yet are only found through
      // the user API.
      for (String identifier : identifiers) {
        if (!found.containsKey(identifier)) {
          UserModel user = lookUp(identifier);
          if (user != null) {
            found.put(
                identifier,
                new CandidateUser(
                    user.getId(),
                    user.isEnabled(),
                    protection(user.getId(), user.getServiceAccountClientLink() != null, user)));
          }
        }
      }
    }
    return found;
  }

  private UserModel lookUp(String identifier) {
    return switch (matchBy) {
      case EMAIL -> session.users().getUserByEmail(realm, identifier);
      case USERNAME -> session.users().getUserByUsername(realm, identifier);
      case ID -> session.users().getUserById(realm, identifier);
    };
  }

  private CandidateUser.Protection protection(
      String userId, boolean serviceAccount, UserModel loaded) {
    if (userId.equals(callerId)) {
      return CandidateUser.Protection.CALLER;
    }
    if (serviceAccount) {
      return CandidateUser.Protection.SERVICE_ACCOUNT;
    }
    if (protectAdmins && admins().contains(userId)) {
      return CandidateUser.Protection.ADMIN;
    }
    if (!manageAll) {
      UserModel user = loaded != null ? loaded : session.users().getUserById(realm, userId);
      if (user == null || !auth.users().canManage(user)) {
        return CandidateUser.Protection.NOT_MANAGEABLE;
      }
    }
    return null;
  }

  /** Everyone holding realm-admin in this realm ({@link AdminHolders}); once per preview. */
  private Set<String> admins() {
    if (admins == null) {
      admins = AdminHolders.of(session, realm).all();
    }
    return admins;
  }
}
