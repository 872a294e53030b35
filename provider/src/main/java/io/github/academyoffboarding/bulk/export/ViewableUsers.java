package io.github.academyoffboarding.bulk.export;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * The users of a page of ids that the caller may view, with the username and e-mail the export
 * shows. A user the caller may not view (fine-grained admin permissions), or that no longer exists,
 * is left out, as the rest of the extension treats it: like it does not exist.
 *
 * <p>With view-users for the realm, local users are read with one query on Keycloak's user table
 * per page. Users looked up one by one (those the caller may view only one by one, and users of a
 * federation provider that are not imported) are loaded in a session of their own per page:
 * Keycloak's user cache keeps every user a session loads until the session ends, which for the
 * export of 100,000 users would be the whole realm in memory.
 */
final class ViewableUsers {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminAuth adminAuth;
  private final boolean viewAll;

  ViewableUsers(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.adminAuth = auth.adminAuth();
    this.viewAll = auth.users().canView();
  }

  /** The viewable users among {@code ids} (at most a few hundred), by id. */
  Map<String, ExportedUser> of(Collection<String> ids) {
    Map<String, ExportedUser> users = new HashMap<>();
    if (viewAll) {
      EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
      // By the primary key alone (user ids are unique across realms); the realm is compared here,
      // so that no database picks a realm index and reads the realm's users for every page.
      for (Object[] row :
          em.createQuery(
                  "select u.id, u.username, u.email, u.realmId from UserEntity u where u.id in :ids",
                  Object[].class)
              .setParameter("ids", ids)
              .getResultList()) {
        if (realm.getId().equals(row[3])) {
          users.put(
              (String) row[0], new ExportedUser((String) row[0], (String) row[1], (String) row[2]));
        }
      }
    }
    List<String> oneByOne = new ArrayList<>();
    for (String id : ids) {
      if (!users.containsKey(id)) {
        oneByOne.add(id);
      }
    }
    if (!oneByOne.isEmpty()) {
      users.putAll(loadOneByOne(session.getKeycloakSessionFactory(), oneByOne));
    }
    return users;
  }

  private Map<String, ExportedUser> loadOneByOne(KeycloakSessionFactory factory, List<String> ids) {
    String realmId = realm.getId();
    String adminRealmId = adminAuth.getRealm().getId();
    String adminId = adminAuth.getUser().getId();
    String clientId = adminAuth.getClient() == null ? null : adminAuth.getClient().getId();
    AccessToken token = adminAuth.getToken();
    return KeycloakModelUtils.runJobInTransactionWithResult(
        factory,
        s -> {
          RealmModel r = s.realms().getRealm(realmId);
          s.getContext().setRealm(r);
          AdminPermissionEvaluator auth = null;
          if (!viewAll) {
            RealmModel adminRealm = s.realms().getRealm(adminRealmId);
            UserModel admin = s.users().getUserById(adminRealm, adminId);
            if (admin == null) {
              return Map.of(); // the caller was removed meanwhile
            }
            ClientModel client = clientId == null ? null : adminRealm.getClientById(clientId);
            auth =
                AdminPermissions.evaluator(s, r, new AdminAuth(adminRealm, token, admin, client));
          }
          Map<String, ExportedUser> found = new HashMap<>();
          for (String id : ids) {
            UserModel user = s.users().getUserById(r, id);
            // An admin who may manage a user knows it exists; otherwise view decides, as for
            // Keycloak's own user search.
            if (user != null
                && (auth == null || auth.users().canView(user) || auth.users().canManage(user))) {
              found.put(id, new ExportedUser(user.getId(), user.getUsername(), user.getEmail()));
            }
          }
          return found;
        });
  }
}
