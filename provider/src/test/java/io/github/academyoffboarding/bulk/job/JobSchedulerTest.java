package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.exportimport.ExportImportConfig;

/** Which Keycloak processes run bulk jobs. */
class JobSchedulerTest {

  @Test
  void notInKcShExportOrImport() {
    // The values Keycloak 26.7.3's Export and Import commands put in keycloak.migration.action.
    assertThat(JobScheduler.runsJobs("export")).isFalse();
    assertThat(JobScheduler.runsJobs("import")).isFalse();
    assertThat(JobScheduler.runsJobs(ExportImportConfig.ACTION_EXPORT)).isFalse();
    assertThat(JobScheduler.runsJobs(ExportImportConfig.ACTION_IMPORT)).isFalse();
  }

  @Test
  void inAServer() {
    // kc.sh start (also with --import-realm) leaves the property unset.
    assertThat(JobScheduler.runsJobs(null)).isTrue();
  }

  @Test
  void theDecisionReadsTheSystemPropertyKeycloakSets() {
    String before = System.getProperty(ExportImportConfig.ACTION);
    try {
      System.setProperty("keycloak.migration.action", "export");
      assertThat(JobScheduler.runsJobs(ExportImportConfig.getAction())).isFalse();
      System.clearProperty("keycloak.migration.action");
      assertThat(JobScheduler.runsJobs(ExportImportConfig.getAction())).isTrue();
    } finally {
      if (before != null) {
        System.setProperty(ExportImportConfig.ACTION, before);
      }
    }
  }
}
