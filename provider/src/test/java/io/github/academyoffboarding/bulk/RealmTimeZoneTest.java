package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RealmTimeZoneTest {

  private static final ZoneId SERVER = ZoneId.of("Europe/Amsterdam");

  @Test
  void theRealmsZoneOverridesTheServers() {
    assertThat(RealmTimeZone.of("r", "America/New_York", SERVER))
        .isEqualTo(ZoneId.of("America/New_York"));
    assertThat(RealmTimeZone.of("r", " Asia/Tokyo ", SERVER)).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(RealmTimeZone.of("r", "UTC+05:30", SERVER)).isEqualTo(ZoneId.of("UTC+05:30"));
  }

  @Test
  void noneOrABadOneIsTheServers() {
    assertThat(RealmTimeZone.of("r", null, SERVER)).isEqualTo(SERVER);
    assertThat(RealmTimeZone.of("r", "  ", SERVER)).isEqualTo(SERVER);
    assertThat(RealmTimeZone.of("r", "Mars/Olympus_Mons", SERVER)).isEqualTo(SERVER);
    assertThat(RealmTimeZone.of("r", "CEST+2", SERVER)).isEqualTo(SERVER);
  }
}
