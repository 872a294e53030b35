package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Ends the online sessions of users a job has just deactivated as Keycloak's "Sign out" ({@code
 * POST /users/{id}/logout}) does: {@code AuthenticationManager.backchannelLogout} for each session,
 * which sends an OIDC back-channel logout token to every client of the session that registered a
 * back-channel logout URL (and logs out of the identity provider the user came from), then removes
 * the session.
 *
 * <p>Run after the batch that deactivated the users has committed, not inside it: each logout is an
 * HTTP request to a client, which Keycloak lets take up to its HTTP client's socket timeout (5 s by
 * default), and a batch transaction that waited on slow clients would hold its locks and outlive
 * the job's lease. By then the users are disabled and their not-before is set, so their tokens and
 * sessions are already refused by Keycloak. A user whose logout fails has their sessions removed
 * without logout tokens, as before 1.3.0.
 *
 * @param realmId the users' realm
 * @param baseUri the base URI of the request that committed the import ({@link JobRequest}), or
 *     null when it is not known (an import committed before 1.3.0)
 * @param address the committing admin's address, as the admin events record it
 * @param userIds the users whose online sessions are ended
 */
record SignOut(String realmId, String baseUri, String address, List<String> userIds) {

  private static final Logger LOG = Logger.getLogger(SignOut.class);

  static SignOut of(BulkImportEntity job, List<String> userIds) {
    return new SignOut(
        job.getRealmId(), job.getCommittedBaseUri(), job.getCommittedFrom(), List.copyOf(userIds));
  }

  /**
   * Signs the users out, all in one transaction; if that fails, each user in one of their own.
   * {@code between} runs before each user (the job renews its lease there).
   */
  void run(KeycloakSessionFactory factory, Runnable between) {
    if (userIds.isEmpty()) {
      return;
    }
    try {
      KeycloakModelUtils.runJobInTransaction(
          factory,
          session -> {
            for (String userId : userIds) {
              between.run();
              signOut(session, userId);
            }
          });
    } catch (RuntimeException e) {
      // The users before the failing one are signed out again: their session removals were rolled
      // back. A client may get a second logout token for a session; logout tokens are idempotent.
      LOG.debugf(e, "Signing out %d users together failed; one at a time", userIds.size());
      for (String userId : userIds) {
        between.run();
        alone(factory, userId);
      }
    }
  }

  private void alone(KeycloakSessionFactory factory, String userId) {
    try {
      KeycloakModelUtils.runJobInTransaction(factory, session -> signOut(session, userId));
    } catch (RuntimeException e) {
      LOG.warnf(
          "User %s of realm %s could not be signed out of the clients (%s); their sessions are"
              + " removed without back-channel logout",
          userId, realmId, e.getClass().getSimpleName());
      LOG.debugf(e, "Sign-out of user %s failed", userId);
      KeycloakModelUtils.runJobInTransaction(
          factory,
          session -> {
            RealmModel realm = realm(session);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            if (user != null) {
              session.sessions().removeUserSessions(realm, user);
            }
          });
    }
  }

  /** The users' realm, bound to the session as Keycloak's user look-ups need; null if gone. */
  private RealmModel realm(KeycloakSession session) {
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm != null) {
      session.getContext().setRealm(realm);
    }
    return realm;
  }

  private void signOut(KeycloakSession session, String userId) {
    RealmModel realm = realm(session);
    UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
    if (user == null) {
      return; // removed meanwhile, and its sessions with it
    }
    List<UserSessionModel> sessions =
        session.sessions().getUserSessionsStream(realm, user).toList();
    if (sessions.isEmpty()) {
      return;
    }
    KeycloakContext context = prepare(session);
    UriInfo uri = baseUri == null ? null : context.getUri();
    for (UserSessionModel userSession : sessions) {
      AuthenticationManager.backchannelLogout(
          session, realm, userSession, uri, context.getConnection(), JobRequest.NO_HEADERS, true);
      // The logout leaves its (now removed) logout session and client in the context; the next
      // session's logout must start afresh, as each request's does.
      context.setAuthenticationSession(null);
      context.setClient(null);
    }
    LOG.debugf("Signed out user %s: %d sessions", userId, sessions.size());
  }

  /**
   * The job session's context as the committing request's would be: its base URI (when known), the
   * admin's address, no headers.
   */
  private KeycloakContext prepare(KeycloakSession session) {
    KeycloakContext context = session.getContext();
    String from = address;
    context.setConnection(
        new ClientConnection() {
          @Override
          public String getRemoteAddr() {
            return from;
          }

          @Override
          public String getRemoteHost() {
            return from;
          }
        });
    if (baseUri != null) {
      context.setHttpRequest(new JobRequest(URI.create(baseUri)));
    }
    return context;
  }
}
