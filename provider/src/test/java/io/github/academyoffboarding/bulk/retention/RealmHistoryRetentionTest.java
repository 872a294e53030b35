package io.github.academyoffboarding.bulk.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealmHistoryRetentionTest {

  private static final Duration SERVER = Duration.ofDays(90);

  @Test
  void noAttributeKeepsTheServersRetention() {
    assertThat(RealmHistoryRetention.of("a", null, SERVER)).isEqualTo(SERVER);
    assertThat(RealmHistoryRetention.of("a", "  ", SERVER)).isEqualTo(SERVER);
  }

  @Test
  void aShorterRetentionIsTheRealms() {
    assertThat(RealmHistoryRetention.of("a", "P7D", SERVER)).isEqualTo(Duration.ofDays(7));
    assertThat(RealmHistoryRetention.of("a", " pt40s ", SERVER)).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void aLongerRetentionIsCappedAtTheServers() {
    assertThat(RealmHistoryRetention.of("a", "P365D", SERVER)).isEqualTo(SERVER);
  }

  @Test
  void zeroNegativeAndNonsenseFallBackToTheServer() {
    assertThat(RealmHistoryRetention.of("a", "PT0S", SERVER)).isEqualTo(SERVER);
    assertThat(RealmHistoryRetention.of("a", "-P1D", SERVER)).isEqualTo(SERVER);
    assertThat(RealmHistoryRetention.of("a", "30 days", SERVER)).isEqualTo(SERVER);
  }
}
