package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a restore window reads in JSON (settings, imports): whole days as days. */
class DeleteAfterTest {

  @Test
  void theDefaultWindowReadsAsThirtyDays() {
    assertThat(DeleteAfter.format(BulkSettings.defaults().restoreWindow())).isEqualTo("P30D");
  }

  @Test
  void otherWindowsReadAsIsoDurations() {
    assertThat(DeleteAfter.format(Duration.ZERO)).isEqualTo("PT0S");
    assertThat(DeleteAfter.format(Duration.ofHours(36))).isEqualTo("PT36H");
    assertThat(DeleteAfter.format(Duration.ofDays(7))).isEqualTo("P7D");
    assertThat(DeleteAfter.format(Duration.ofSeconds(10))).isEqualTo("PT10S");
  }
}
