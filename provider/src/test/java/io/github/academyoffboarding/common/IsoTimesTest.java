package io.github.academyoffboarding.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IsoTimesTest {

  @Test
  void formatsEpochMillisAsUtcInstants() {
    assertThat(IsoTimes.format(1768471200000L)).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(IsoTimes.format(null)).isNull();
  }

  @Test
  void parsesInstantsAndTreatsBlankAsAbsent() {
    assertThat(IsoTimes.parse("at", "2026-01-15T10:00:00Z")).isEqualTo(1768471200000L);
    assertThat(IsoTimes.parse("at", " 2026-01-15T10:00:00.250Z ")).isEqualTo(1768471200250L);
    assertThat(IsoTimes.parse("at", "")).isNull();
    assertThat(IsoTimes.parse("at", null)).isNull();
  }

  @Test
  void rejectsLocalDatesAndOffsetsWithoutZone() {
    assertThatThrownBy(() -> IsoTimes.parse("startedAt", "2026-01-15"))
        .isInstanceOfSatisfying(
            AcademyException.class,
            e -> {
              assertThat(e.key()).isEqualTo("academy.invalid-time");
              assertThat(e.getResponse().getStatus()).isEqualTo(400);
              assertThat(((ErrorRepresentation) e.getResponse().getEntity()).getErrorDescription())
                  .contains("startedAt");
            });
    assertThatThrownBy(() -> IsoTimes.parse("at", "2026-01-15T10:00:00"))
        .isInstanceOf(AcademyException.class);
  }
}
