package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Environment;

/**
 * Which Keycloak processes run bulk jobs. A server started with {@code --import-realm} must run
 * them (the run.sh smoke step holds that on a real start); {@code kc.sh import} / {@code export}
 * must not.
 */
class JobSchedulerTest {

  @Test
  void notInKcShExportOrImport() {
    // Keycloak 26.7.3's Export and Import commands run in the nonserver profile.
    assertThat(JobScheduler.runsJobs("nonserver")).isFalse();
    assertThat(JobScheduler.runsJobs(Environment.NON_SERVER_MODE)).isFalse();
  }

  @Test
  void inAServerWhateverItsMigrationAction() {
    // kc.sh start and start-dev, with or without --import-realm (which sets
    // keycloak.migration.action=import and keeps serving).
    assertThat(JobScheduler.runsJobs(null)).isTrue();
    assertThat(JobScheduler.runsJobs("prod")).isTrue();
    assertThat(JobScheduler.runsJobs(Environment.DEV_PROFILE_VALUE)).isTrue();
  }

  @Test
  void theDecisionReadsTheProfileKeycloakSets() {
    String profile = System.getProperty(Environment.PROFILE);
    String action = System.getProperty("keycloak.migration.action");
    try {
      System.setProperty(Environment.PROFILE, "nonserver");
      assertThat(JobScheduler.runsJobs(Environment.getProfile())).isFalse();
      System.setProperty(Environment.PROFILE, "dev");
      System.setProperty("keycloak.migration.action", "import");
      assertThat(JobScheduler.runsJobs(Environment.getProfile())).isTrue();
    } finally {
      restore(Environment.PROFILE, profile);
      restore("keycloak.migration.action", action);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
