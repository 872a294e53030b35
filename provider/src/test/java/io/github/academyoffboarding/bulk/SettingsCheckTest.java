package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/**
 * The start-up checks of the bulk-users options: impossible values stop the start naming the option
 * and its range, risky combinations give one warning each that says what to change.
 */
class SettingsCheckTest {

  @Test
  void theDefaultsPassWithoutAWarning() {
    assertThat(SettingsCheck.warnings(BulkSettings.defaults(), OptionalInt.empty())).isEmpty();
    assertThat(SettingsCheck.warnings(BulkSettings.defaults(), OptionalInt.of(100))).isEmpty();
    assertThat(BulkSettings.from(scope(Map.of())).jobBatchSize())
        .isEqualTo(BulkSettings.DEFAULT_JOB_BATCH_SIZE);
  }

  @Test
  void aBatchAboveTheInListBoundStopsTheStart() {
    assertThat(BulkSettings.from(scope(Map.of("job-batch-size", "1000"))).jobBatchSize())
        .isEqualTo(1000);
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("job-batch-size", "1001"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bulk-users SPI option job-batch-size must be between 1 and 1000, not 1001: set"
                + " --spi-admin-realm-restapi-extension--bulk-users--job-batch-size to at most 1000"
                + " (it is the length of an SQL IN list).");
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("batch-size", "5000"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bulk-users SPI option batch-size must be between 1 and 1000");
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("job-batch-size", "0"))))
        .hasMessage("bulk-users SPI option job-batch-size must be positive, not 0");
  }

  @Test
  void aLeaseShorterThanTheSlowestBatchIsOneWarningThatSaysWhatToSet() {
    BulkSettings s = BulkSettings.from(scope(Map.of("lease", "10", "job-batch-size", "50")));
    assertThat(SettingsCheck.slowestBatch(s)).isEqualTo(Duration.ofSeconds(50));
    List<String> warnings = SettingsCheck.warnings(s, OptionalInt.of(100));
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("bulk-users SPI option lease (10 s) is shorter than the slowest job batch")
        .contains("50 users of job-batch-size at up to 1 s each = 50 s")
        .contains("--spi-admin-realm-restapi-extension--bulk-users--lease to at least 50")
        .contains("--spi-admin-realm-restapi-extension--bulk-users--job-batch-size to at most 10.");
    // Exactly at the bound: no warning.
    assertThat(
            SettingsCheck.warnings(
                BulkSettings.from(scope(Map.of("lease", "50", "job-batch-size", "50"))),
                OptionalInt.of(100)))
        .isEmpty();
  }

  @Test
  void moreBatchThreadsThanHalfThePoolIsOneWarning() {
    BulkSettings s = BulkSettings.from(scope(Map.of("workers", "4", "job-threads", "8")));
    assertThat(SettingsCheck.engineConnections(s)).isEqualTo(33);
    List<String> warnings = SettingsCheck.warnings(s, OptionalInt.of(60));
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("workers (4) × job-threads (8)")
        .contains("up to 33 database connections")
        .contains("pool's 60 (db-pool-max-size)")
        .contains("workers × job-threads + 1 is at most 30")
        .contains("raise --db-pool-max-size to at least 66");
    // Keycloak's default pool of 100 serves them; an unknown pool is taken as that default.
    assertThat(SettingsCheck.warnings(s, OptionalInt.of(100))).isEmpty();
    assertThat(SettingsCheck.warnings(s, OptionalInt.empty())).isEmpty();
    BulkSettings more = BulkSettings.from(scope(Map.of("workers", "10", "job-threads", "10")));
    assertThat(SettingsCheck.warnings(more, OptionalInt.empty()))
        .singleElement()
        .asString()
        .contains("pool's 100 (db-pool-max-size, its default)");
  }

  @Test
  void twoProblemsGiveTwoWarnings() {
    BulkSettings s =
        BulkSettings.from(
            scope(
                Map.of("lease", "5", "job-batch-size", "200", "workers", "3", "job-threads", "4")));
    assertThat(SettingsCheck.warnings(s, OptionalInt.of(20))).hasSize(2);
  }

  private static Config.Scope scope(Map<String, String> options) {
    return OptionScope.of(options);
  }
}
