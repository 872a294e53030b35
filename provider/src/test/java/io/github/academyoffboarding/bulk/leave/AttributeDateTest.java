package io.github.academyoffboarding.bulk.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.bulk.BulkAction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AttributeDateTest {

  @Test
  void anIsoDateOrTheDateOfAnIsoDateTime() {
    assertThat(AttributeDate.parse("2027-01-31")).isEqualTo(LocalDate.of(2027, 1, 31));
    assertThat(AttributeDate.parse("2027-01-31T17:00:00Z")).isEqualTo(LocalDate.of(2027, 1, 31));
    assertThat(AttributeDate.parse("2027-01-31T23:30:00-05:00"))
        .isEqualTo(LocalDate.of(2027, 1, 31));
    assertThat(AttributeDate.parse("2027-01-31T08:00")).isEqualTo(LocalDate.of(2027, 1, 31));
  }

  @Test
  void anythingElseIsNoDate() {
    for (String bad :
        new String[] {
          null,
          "",
          "bad text",
          "01/02/2027",
          "2027-1-5",
          "31.01.2027",
          "2027-02-30",
          "20270131",
          "2027-01-31 17:00",
          "2027-01-31Tnoon",
          "+2027-01-31",
          "2027-13-01"
        }) {
      assertThat(AttributeDate.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  void theDateKeptIsTheFirstTenCharacters() {
    assertThat(AttributeDate.kept("2027-01-31T17:00:00Z")).isEqualTo("2027-01-31");
    assertThat(AttributeDate.kept("2027-01-31")).isEqualTo("2027-01-31");
    assertThat(AttributeDate.kept("bad")).isEqualTo("bad");
  }

  @Test
  void aDateHasEndedOnceTheNextDayHasBegunInTheZone() {
    Instant instant = Instant.parse("2027-01-31T23:30:00Z");
    // 23:30 UTC on the 31st: the 31st has not ended in London, has in Amsterdam (00:30 on Feb 1st).
    assertThat(AttributeDate.notEndedFrom(instant, ZoneId.of("Europe/London")))
        .isEqualTo("2027-01-31");
    assertThat(AttributeDate.notEndedFrom(instant, ZoneId.of("Europe/Amsterdam")))
        .isEqualTo("2027-02-01");
    // ISO text orders as the dates do, date-times of a day after the day itself.
    assertThat("2027-01-31".compareTo("2027-02-01")).isNegative();
    assertThat("2027-01-31T23:59:59Z".compareTo("2027-02-01")).isNegative();
    assertThat("2027-02-01T00:00:00Z".compareTo("2027-02-01")).isPositive();
  }

  @Test
  void theOptionsAreCheckedAtStart() {
    assertThat(LeaveDateSettings.of(null, null)).isEqualTo(LeaveDateSettings.OFF);
    assertThat(LeaveDateSettings.of(" ", "delete").on()).isFalse();
    assertThat(LeaveDateSettings.of(" leaveDate ", null))
        .isEqualTo(new LeaveDateSettings("leaveDate", BulkAction.DEACTIVATE));
    assertThat(LeaveDateSettings.of("leaveDate", "Delete").action()).isEqualTo(BulkAction.DELETE);
    assertThatThrownBy(() -> LeaveDateSettings.of("leaveDate", "REACTIVATE"))
        .hasMessageContaining("leave-date-action must be DEACTIVATE (the default) or DELETE");
    assertThatThrownBy(() -> LeaveDateSettings.of("x".repeat(256), null))
        .hasMessageContaining("leave-date-attribute");
  }
}
