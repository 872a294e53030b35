package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The operators' guard rail restore-window-min: what it allows, and the options it checks. */
class RestoreWindowMinimumTest {

  private static final RestoreWindowMinimum WEEK = new RestoreWindowMinimum(Duration.ofDays(7));

  @Test
  void aWindowIsAllowedFromTheMinimumOn() {
    assertThat(WEEK.allows(Duration.ofDays(7))).isTrue();
    assertThat(WEEK.allows(Duration.ofDays(30))).isTrue();
    assertThat(WEEK.allows(Duration.ofDays(7).minusSeconds(1))).isFalse();
    assertThat(WEEK.allows(Duration.ZERO)).isFalse();
    assertThat(RestoreWindowMinimum.NONE.allows(Duration.ZERO)).isTrue();
  }

  @Test
  void deleteNowIsAllowedTheMinimumAfterTheUsersWereScheduled() {
    long scheduled = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    long week = Duration.ofDays(7).toMillis();
    assertThat(WEEK.deleteNowFrom(scheduled))
        .isEqualTo(Instant.parse("2026-12-08T10:00:00Z").toEpochMilli());
    assertThat(WEEK.allowsDeleteNow(scheduled, scheduled)).isFalse();
    assertThat(WEEK.allowsDeleteNow(scheduled, scheduled + week - 1)).isFalse();
    assertThat(WEEK.allowsDeleteNow(scheduled, scheduled + week)).isTrue();
    assertThat(RestoreWindowMinimum.NONE.allowsDeleteNow(scheduled, scheduled)).isTrue();
    assertThat(WEEK.deleteNowTooSoonDescription(scheduled))
        .contains("P7D")
        .contains("2026-12-08T10:00:00Z");
    assertThat(WEEK.belowMinimumDescription()).contains("at least P7D");
  }

  @Test
  void theOptionIsReadAsAnIsoDurationAndDefaultsToNone() {
    assertThat(BulkSettings.from(scope(Map.of())).restoreWindowMin())
        .isEqualTo(RestoreWindowMinimum.NONE);
    assertThat(BulkSettings.from(scope(Map.of("restore-window-min", "p7d"))).restoreWindowMin())
        .isEqualTo(WEEK);
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("restore-window-min", "7 days"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restore-window-min must be an ISO-8601 duration");
  }

  @Test
  void aServerWindowBelowTheMinimumFailsTheStartInOneMessage() {
    assertThatThrownBy(
            () ->
                BulkSettings.from(
                    scope(Map.of("restore-window", "PT0S", "restore-window-min", "P7D"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bulk-users SPI option restore-window (PT0S) is shorter than restore-window-min (P7D):"
                + " set restore-window to at least P7D or lower restore-window-min.");
    // The default window (P30D) counts too.
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("restore-window-min", "P31D"))))
        .hasMessageContaining("restore-window (P30D, its default) is shorter");
    BulkSettings equal =
        BulkSettings.from(scope(Map.of("restore-window", "P7D", "restore-window-min", "PT168H")));
    assertThat(equal.restoreWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(equal.restoreWindowMin()).isEqualTo(WEEK);
  }

  private static Config.Scope scope(Map<String, String> options) {
    return OptionScope.of(options);
  }
}
