package io.github.academyoffboarding.bulk.job;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The Keycloak release line whose internals the job's batched paths follow ({@link
 * LocalUsersRemoval}, {@link LocalUsersDeactivation}, {@link SessionHolders}) and whose integration
 * tests verified them. On any other version every user goes through Keycloak's user API, one at a
 * time, until the tests have been run against it and this is moved on: a new table that refers to
 * users without a foreign key, or a session kept elsewhere, would otherwise be missed silently.
 */
final class VerifiedRelease {

  private static final Logger LOG = Logger.getLogger(VerifiedRelease.class);

  static final String LINE = "26.7.";

  /** Whether the running Keycloak is of that line. */
  static final boolean RUNNING = verified(Version.VERSION);

  private VerifiedRelease() {}

  static boolean verified(String keycloakVersion) {
    boolean verified = keycloakVersion != null && keycloakVersion.startsWith(LINE);
    if (!verified) {
      LOG.warnf(
          "Keycloak %s: bulk jobs change users one at a time through Keycloak's user API (their"
              + " batched deletion and deactivation are verified for %sx only)",
          keycloakVersion, LINE);
    }
    return verified;
  }
}
