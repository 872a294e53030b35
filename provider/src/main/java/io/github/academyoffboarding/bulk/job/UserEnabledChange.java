package io.github.academyoffboarding.bulk.job;

import static org.keycloak.userprofile.UserProfileContext.USER_API;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * A user switched on or off as the admin console does it with {@code PUT /users/{id}}: the body it
 * sends (and Keycloak records in the admin event), and what Keycloak does when {@code enabled}
 * becomes true. Shared by the job (REACTIVATE, deactivation) and the restore of pending deletions.
 */
public final class UserEnabledChange {

  private UserEnabledChange() {}

  /**
   * What {@code PUT /users/{id}} records when the admin console switches a user off or on: the
   * console sends the user as {@code GET /users/{id}} returned it (user-profile representation, the
   * caller's access, linked identities when the realm has identity providers) with {@code enabled}
   * changed, and Keycloak records that body. Taken before the change, as the console's GET is; the
   * caller sets {@code enabled}.
   */
  public static UserRepresentation representation(
      KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, UserModel user) {
    UserRepresentation rep =
        session.getProvider(UserProfileProvider.class).create(USER_API, user).toRepresentation();
    if (realm.isIdentityFederationEnabled()) {
      rep.setFederatedIdentities(
          session
              .users()
              .getFederatedIdentitiesStream(realm, user)
              .filter(i -> session.identityProviders().getByAlias(i.getIdentityProvider()) != null)
              .map(ModelToRepresentation::toRepresentation)
              .toList());
    }
    // No caller's access for a stand-in (the leave-date sweep, an admin who is gone).
    rep.setAccess(auth == null ? null : auth.users().getAccess(user));
    rep.setUserProfileMetadata(null); // the console drops it before it sends the user back
    if (rep.getAttributes() == null) {
      // The console always sends its attributes (the managed and unmanaged ones merged), if empty.
      rep.setAttributes(new java.util.HashMap<>());
    }
    return rep;
  }

  /**
   * Enables a disabled user as {@code PUT /users/{id}} with {@code enabled: true} does, login
   * failures included, and records the admin events with {@code events} (whose admin they name);
   * {@code rep} is {@link #representation} taken before.
   */
  public static void enable(
      KeycloakSession session,
      RealmModel realm,
      UserModel user,
      AdminEventBuilder events,
      UserRepresentation rep) {
    BruteForceProtector bruteForce = session.getProvider(BruteForceProtector.class);
    if (session.loginFailures().getUserLoginFailure(realm, user.getId()) != null) {
      // A reactivated user is not still locked out by brute-force detection.
      session.loginFailures().removeUserLoginFailure(realm, user.getId());
      events
          .clone(session)
          .resource(ResourceType.USER_LOGIN_FAILURE)
          .operation(OperationType.DELETE)
          .resourcePath("users", user.getId())
          .success();
    }
    boolean wasPermanentlyLockedOut = bruteForce.isPermanentlyLockedOut(session, realm, user);
    user.setEnabled(true);
    if (wasPermanentlyLockedOut) {
      bruteForce.cleanUpPermanentLockout(session, realm, user);
    }
    rep.setEnabled(true);
    events
        .clone(session)
        .resource(ResourceType.USER)
        .operation(OperationType.UPDATE)
        .resourcePath("users", user.getId())
        .representation(rep)
        .success();
  }
}
