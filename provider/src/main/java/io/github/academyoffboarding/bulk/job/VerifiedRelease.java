package io.github.academyoffboarding.bulk.job;

import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The Keycloak releases whose internals the job's batched paths follow ({@link LocalUsersRemoval},
 * {@link LocalUsersDeactivation}, {@link SessionHolders}) and against which their integration tests
 * ran. Exact versions, not a release line: a patch release may add a table that refers to users
 * without a foreign key, or keep sessions elsewhere, and the batched paths would miss it silently.
 * On any other version every user is changed one at a time through Keycloak's user API, until the
 * tests have been run against that version and it is added here.
 */
final class VerifiedRelease {

  private static final Logger LOG = Logger.getLogger(VerifiedRelease.class);

  static final Set<String> VERSIONS = Set.of("26.7.3");

  /** Whether the running Keycloak is one of them. */
  static final boolean RUNNING = verified(Version.VERSION);

  private VerifiedRelease() {}

  static boolean verified(String keycloakVersion) {
    boolean verified = keycloakVersion != null && VERSIONS.contains(keycloakVersion);
    if (!verified) {
      LOG.warnf(
          "Keycloak %s: bulk jobs delete and deactivate users one at a time through Keycloak's user"
              + " API (UserManager.removeUser, UserModel.setEnabled), which is slower; their batched"
              + " deletion and deactivation are verified for Keycloak %s only",
          keycloakVersion, String.join(", ", VERSIONS));
    }
    return verified;
  }
}
