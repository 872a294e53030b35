package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.RestoreWindow.Source;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which restore window a realm gets: its attribute when valid, else the server's option. */
class RestoreWindowTest {

  private static final Duration SERVER = Duration.ofDays(30);

  @Test
  void aValidAttributeOverridesTheServer() {
    assertThat(RestoreWindow.of("r", "P7D", SERVER))
        .isEqualTo(new RestoreWindow(Duration.ofDays(7), Source.REALM));
    assertThat(RestoreWindow.of("r", " pt12h ", SERVER))
        .isEqualTo(new RestoreWindow(Duration.ofHours(12), Source.REALM));
    assertThat(RestoreWindow.of("r", "PT0S", SERVER))
        .isEqualTo(new RestoreWindow(Duration.ZERO, Source.REALM));
  }

  @Test
  void noAttributeMeansTheServer() {
    assertThat(RestoreWindow.of("r", null, SERVER))
        .isEqualTo(new RestoreWindow(SERVER, Source.SERVER));
    assertThat(RestoreWindow.of("r", "  ", SERVER))
        .isEqualTo(new RestoreWindow(SERVER, Source.SERVER));
  }

  @Test
  void anInvalidAttributeFallsBackToTheServer() {
    for (String bad : new String[] {"30 days", "P-1D", "P5000D", "30", "P"}) {
      assertThat(RestoreWindow.of("r", bad, SERVER))
          .as(bad)
          .isEqualTo(new RestoreWindow(SERVER, Source.SERVER));
    }
  }

  @Test
  void anAttributeBelowTheMinimumIsRaisedToIt() {
    RestoreWindowMinimum week = new RestoreWindowMinimum(Duration.ofDays(7));
    assertThat(RestoreWindow.of("r", "PT0S", SERVER, week))
        .isEqualTo(new RestoreWindow(Duration.ofDays(7), Source.REALM));
    assertThat(RestoreWindow.of("r", "P1D", SERVER, week))
        .isEqualTo(new RestoreWindow(Duration.ofDays(7), Source.REALM));
    assertThat(RestoreWindow.of("r", "P8D", SERVER, week))
        .isEqualTo(new RestoreWindow(Duration.ofDays(8), Source.REALM));
    assertThat(RestoreWindow.of("r", null, SERVER, week))
        .isEqualTo(new RestoreWindow(SERVER, Source.SERVER));
  }
}
