package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The time-zone option: an IANA id, the server's zone by default, a bad one fails the start. */
class TimeZoneOptionTest {

  @Test
  void defaultsToTheServersZone() {
    assertThat(BulkSettings.from(scope(Map.of())).timeZone()).isEqualTo(ZoneId.systemDefault());
    assertThat(BulkSettings.from(scope(Map.of("time-zone", " "))).timeZone())
        .isEqualTo(ZoneId.systemDefault());
  }

  @Test
  void readsAnIanaId() {
    assertThat(BulkSettings.from(scope(Map.of("time-zone", " Europe/Amsterdam "))).timeZone())
        .isEqualTo(ZoneId.of("Europe/Amsterdam"));
    assertThat(BulkSettings.from(scope(Map.of("time-zone", "UTC"))).timeZone())
        .isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void aBadIdFailsTheStartInOneMessage() {
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("time-zone", "Europe/Amsterdamm"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bulk-users SPI option time-zone must be an IANA time zone such as Europe/Amsterdam or"
                + " UTC, not Europe/Amsterdamm");
    assertThatThrownBy(() -> BulkSettings.from(scope(Map.of("time-zone", "CET+1"))))
        .hasMessageContaining("time-zone must be an IANA time zone");
  }

  private static Config.Scope scope(Map<String, String> options) {
    return OptionScope.of(options);
  }
}
