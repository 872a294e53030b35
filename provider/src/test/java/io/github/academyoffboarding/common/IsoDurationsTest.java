package io.github.academyoffboarding.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as an operator writes them, where Java's Duration prints hours. */
class IsoDurationsTest {

  @Test
  void wholeDaysReadAsDays() {
    assertThat(Duration.ofDays(30).toString()).isEqualTo("PT720H"); // why this class exists
    assertThat(IsoDurations.format(Duration.ofDays(30))).isEqualTo("P30D");
    assertThat(IsoDurations.format(Duration.ofDays(90))).isEqualTo("P90D");
    assertThat(IsoDurations.format(Duration.ofDays(1))).isEqualTo("P1D");
  }

  @Test
  void theRestReadsAsJavaWritesIt() {
    assertThat(IsoDurations.format(Duration.ZERO)).isEqualTo("PT0S");
    assertThat(IsoDurations.format(Duration.ofHours(12))).isEqualTo("PT12H");
    assertThat(IsoDurations.format(Duration.ofSeconds(15))).isEqualTo("PT15S");
    assertThat(IsoDurations.format(Duration.ofHours(36))).isEqualTo("P1DT12H");
    assertThat(IsoDurations.format(Duration.ofDays(2).plusMinutes(90).plusMillis(500)))
        .isEqualTo("P2DT1H30M0.5S");
  }

  @Test
  void whatItWritesParsesBackToTheSameDuration() {
    for (Duration d :
        new Duration[] {
          Duration.ZERO,
          Duration.ofDays(30),
          Duration.ofHours(36),
          Duration.ofSeconds(86_401),
          Duration.ofDays(3650)
        }) {
      assertThat(Duration.parse(IsoDurations.format(d))).isEqualTo(d);
    }
  }
}
