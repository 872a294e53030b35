package io.github.academyoffboarding.common;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** Work that follows a Keycloak transaction only once it has committed, never when rolled back. */
public final class AfterCommit {

  private AfterCommit() {}

  /** Runs {@code work} after the session's transaction has committed. */
  public static void run(KeycloakSession session, Runnable work) {
    session
        .getTransactionManager()
        .enlistAfterCompletion(
            new AbstractKeycloakTransaction() {
              @Override
              protected void commitImpl() {
                work.run();
              }

              @Override
              protected void rollbackImpl() {}
            });
  }
}
