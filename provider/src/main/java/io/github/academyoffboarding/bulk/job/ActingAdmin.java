package io.github.academyoffboarding.bulk.job;

import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * The admin a piece of engine work acts for, long after the request that asked for it: the admin's
 * permissions on the target realm, evaluated now, and admin events that name that admin, the client
 * and the address of the request.
 */
record ActingAdmin(
    UserModel admin,
    RealmModel adminRealm,
    AdminPermissionEvaluator auth,
    AdminEventBuilder events) {

  /** The acting admin, or null when the admin (or its realm) no longer exists. */
  static ActingAdmin find(
      KeycloakSession session,
      RealmModel realm,
      String adminId,
      String adminRealmId,
      String clientId,
      String address) {
    RealmModel adminRealm = session.realms().getRealm(adminRealmId);
    UserModel admin = adminRealm == null ? null : session.users().getUserById(adminRealm, adminId);
    return admin == null ? null : of(session, realm, admin, adminRealm, clientId, address);
  }

  static ActingAdmin of(
      KeycloakSession session,
      RealmModel realm,
      UserModel admin,
      RealmModel adminRealm,
      String clientId,
      String address) {
    return of(session, realm, admin, adminRealm, clientId, address, true);
  }

  /**
   * As {@link #of}, for a stand-in that is no user of Keycloak (an admin who is gone, the
   * leave-date sweep): admin events that name it, and no permissions ({@link #auth} null), as
   * Keycloak's evaluator looks the admin up and fails on a user it does not find.
   */
  static ActingAdmin standIn(
      KeycloakSession session,
      RealmModel realm,
      UserModel admin,
      RealmModel adminRealm,
      String clientId,
      String address) {
    return of(session, realm, admin, adminRealm, clientId, address, false);
  }

  private static ActingAdmin of(
      KeycloakSession session,
      RealmModel realm,
      UserModel admin,
      RealmModel adminRealm,
      String clientId,
      String address,
      boolean permissions) {
    ClientModel client = clientId == null ? null : adminRealm.getClientById(clientId);
    if (client == null && !permissions) {
      // Keycloak's admin events need a client: a stand-in's (the sweep commits through none, an
      // admin's may be gone) is the realm's admin-cli, which every realm has.
      client = adminRealm.getClientByClientId(Constants.ADMIN_CLI_CLIENT_ID);
    }
    ClientConnection connection =
        new ClientConnection() {
          @Override
          public String getRemoteAddr() {
            return address;
          }

          @Override
          public String getRemoteHost() {
            return address;
          }
        };
    AccessToken token = new AccessToken();
    token.subject(admin.getId());
    AdminAuth adminAuth = new AdminAuth(adminRealm, token, admin, client);
    // Not AdminPermissions.evaluator(session, realm, adminRealm, admin): in Keycloak 26.7.3 that
    // one resolves the admin's roles in the target realm, so a master-realm admin fails with an
    // NPE. The token carries no roles and no client, so the admin's role mappings decide.
    return new ActingAdmin(
        admin,
        adminRealm,
        permissions ? AdminPermissions.evaluator(session, realm, adminAuth) : null,
        new AdminEventBuilder(realm, adminAuth, session, connection).resource(ResourceType.USER));
  }
}
