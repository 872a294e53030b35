package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RestoreWindowMinimum;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
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
    assertThat(DeleteAfter.format(Duration.ofHours(36))).isEqualTo("P1DT12H");
    assertThat(DeleteAfter.format(Duration.ofDays(7))).isEqualTo("P7D");
    assertThat(DeleteAfter.format(Duration.ofSeconds(10))).isEqualTo("PT10S");
  }

  @Test
  void aWindowBelowTheMinimumIsRefusedWithItsKey() {
    RestoreWindowMinimum week = new RestoreWindowMinimum(Duration.ofDays(7));
    for (String shorter : new String[] {"PT0S", "P6D", "PT167H59M59S"}) {
      assertThatThrownBy(() -> DeleteAfter.parse("DELETE", shorter, week))
          .as(shorter)
          .isInstanceOfSatisfying(
              AcademyException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.key()).isEqualTo("bulk.delete-after-below-minimum");
                assertThat(
                        ((ErrorRepresentation) e.getResponse().getEntity()).getErrorDescription())
                    .contains("at least P7D");
              });
    }
    assertThat(DeleteAfter.parse("DELETE", "P7D", week)).isEqualTo(Duration.ofDays(7));
    assertThat(DeleteAfter.parse("DELETE", "PT168H", week)).isEqualTo(Duration.ofDays(7));
    assertThat(DeleteAfter.parse("DELETE", "PT0S", RestoreWindowMinimum.NONE)).isZero();
  }
}
