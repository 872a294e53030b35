package io.github.academyoffboarding.bulk.dates;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.BulkAction;
import io.github.academyoffboarding.bulk.RowMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The date rules: end of day, start of day, daylight-saving changes, until. */
class DueTimesTest {

  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static LeaveDate d(String iso) {
    return LeaveDate.parse(iso);
  }

  private static DueTimes due(BulkAction action, String date, String until, ZoneId zone) {
    return DueTimes.compute(
        action, date == null ? null : d(date), until == null ? null : d(until), zone);
  }

  @Test
  void deactivateIsDueAtTheEndOfTheDateThatIsTheStartOfTheNextDay() {
    DueTimes t = due(BulkAction.DEACTIVATE, "2027-01-31", null, AMSTERDAM);
    assertThat(t.isValid()).isTrue();
    assertThat(t.dueAt()).isEqualTo(Instant.parse("2027-01-31T23:00:00Z"));
    assertThat(t.untilAt()).isNull();
    assertThat(due(BulkAction.DEACTIVATE, "2027-01-31", null, UTC).dueAt())
        .isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
    assertThat(due(BulkAction.DEACTIVATE, "2027-12-31", null, UTC).dueAt())
        .isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
  }

  @Test
  void deleteIsDeactivatedAtTheEndOfTheDate() {
    assertThat(due(BulkAction.DELETE, "2027-06-30", null, AMSTERDAM).dueAt())
        .isEqualTo(Instant.parse("2027-06-30T22:00:00Z"));
  }

  @Test
  void reactivateIsDueAtTheStartOfTheDate() {
    assertThat(due(BulkAction.REACTIVATE, "2027-06-30", null, AMSTERDAM).dueAt())
        .isEqualTo(Instant.parse("2027-06-29T22:00:00Z"));
    assertThat(due(BulkAction.REACTIVATE, "2027-01-15", null, NEW_YORK).dueAt())
        .isEqualTo(Instant.parse("2027-01-15T05:00:00Z"));
  }

  @Test
  void noDateIsDueAtCommit() {
    DueTimes t = due(BulkAction.DELETE, null, null, AMSTERDAM);
    assertThat(t.isValid()).isTrue();
    assertThat(t.dueAt()).isNull();
    assertThat(t.dueAtMillis()).isNull();
    assertThat(due(BulkAction.DEACTIVATE, "", " ", AMSTERDAM).dueAt()).isNull();
  }

  @Test
  void amsterdamSpringForwardLastSundayOfMarch() {
    // 2027-03-28: 02:00 CET becomes 03:00 CEST; the day has 23 hours.
    Instant start = due(BulkAction.REACTIVATE, "2027-03-28", null, AMSTERDAM).dueAt();
    Instant end = due(BulkAction.DEACTIVATE, "2027-03-28", null, AMSTERDAM).dueAt();
    assertThat(start).isEqualTo(Instant.parse("2027-03-27T23:00:00Z"));
    assertThat(end).isEqualTo(Instant.parse("2027-03-28T22:00:00Z"));
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(23));
    // The day before ends where the change day starts.
    assertThat(due(BulkAction.DEACTIVATE, "2027-03-27", null, AMSTERDAM).dueAt()).isEqualTo(start);
  }

  @Test
  void amsterdamFallBackLastSundayOfOctober() {
    // 2027-10-31: 03:00 CEST becomes 02:00 CET; the day has 25 hours.
    Instant start = due(BulkAction.REACTIVATE, "2027-10-31", null, AMSTERDAM).dueAt();
    Instant end = due(BulkAction.DEACTIVATE, "2027-10-31", null, AMSTERDAM).dueAt();
    assertThat(start).isEqualTo(Instant.parse("2027-10-30T22:00:00Z"));
    assertThat(end).isEqualTo(Instant.parse("2027-10-31T23:00:00Z"));
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void newYorkDaylightSavingDays() {
    // 2027-03-14 (second Sunday of March): 23 hours; 2027-11-07 (first Sunday of November): 25.
    assertThat(due(BulkAction.REACTIVATE, "2027-03-14", null, NEW_YORK).dueAt())
        .isEqualTo(Instant.parse("2027-03-14T05:00:00Z"));
    assertThat(due(BulkAction.DEACTIVATE, "2027-03-14", null, NEW_YORK).dueAt())
        .isEqualTo(Instant.parse("2027-03-15T04:00:00Z"));
    assertThat(due(BulkAction.REACTIVATE, "2027-11-07", null, NEW_YORK).dueAt())
        .isEqualTo(Instant.parse("2027-11-07T04:00:00Z"));
    assertThat(due(BulkAction.DEACTIVATE, "2027-11-07", null, NEW_YORK).dueAt())
        .isEqualTo(Instant.parse("2027-11-08T05:00:00Z"));
  }

  /**
   * Zones whose clocks jump at midnight: the day has no 00:00, and it starts at the first instant
   * it has (01:00), not at an invented midnight nor on the day before.
   */
  @ParameterizedTest
  @ValueSource(strings = {"America/Santiago", "Asia/Beirut"})
  void aDayWithoutMidnightStartsAtItsFirstInstant(String zoneId) {
    ZoneId zone = ZoneId.of(zoneId);
    LocalDate gapDay = firstDayWithoutMidnight(zone, 2027);
    assertThat(gapDay).as("a day without midnight in %s", zoneId).isNotNull();

    Instant start = due(BulkAction.REACTIVATE, gapDay.toString(), null, zone).dueAt();
    ZonedDateTime local = start.atZone(zone);
    assertThat(local.toLocalDate()).isEqualTo(gapDay);
    assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(1, 0));
    // The day before ends at that same instant: no gap, no overlap between days.
    assertThat(due(BulkAction.DEACTIVATE, gapDay.minusDays(1).toString(), null, zone).dueAt())
        .isEqualTo(start);
    // And the gap day itself has 23 hours.
    Instant end = due(BulkAction.DEACTIVATE, gapDay.toString(), null, zone).dueAt();
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(23));
  }

  private static LocalDate firstDayWithoutMidnight(ZoneId zone, int year) {
    for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
      if (zone.getRules().getValidOffsets(day.atStartOfDay()).isEmpty()) {
        return day;
      }
    }
    return null;
  }

  @Test
  void untilReturnsAtTheEndOfItsDay() {
    DueTimes t = due(BulkAction.DEACTIVATE, "2027-01-31", "2027-03-31", AMSTERDAM);
    assertThat(t.dueAt()).isEqualTo(Instant.parse("2027-01-31T23:00:00Z"));
    assertThat(t.untilAt()).isEqualTo(Instant.parse("2027-03-31T22:00:00Z"));
    assertThat(t.untilAtMillis()).isEqualTo(t.untilAt().toEpochMilli());
  }

  @Test
  void untilWithoutDateStartsTheLeaveAtCommit() {
    DueTimes t = due(BulkAction.DEACTIVATE, null, "2027-03-31", UTC);
    assertThat(t.isValid()).isTrue();
    assertThat(t.dueAt()).isNull();
    assertThat(t.untilAt()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
  }

  @Test
  void untilOnTheDateItselfIsAllowed() {
    DueTimes t = due(BulkAction.DEACTIVATE, "2027-01-31", "2027-01-31", UTC);
    assertThat(t.isValid()).isTrue();
    assertThat(t.untilAt()).isEqualTo(t.dueAt());
  }

  @Test
  void untilBeforeDateIsInvalid() {
    DueTimes t = due(BulkAction.DEACTIVATE, "2027-01-31", "2027-01-30", AMSTERDAM);
    assertThat(t.isValid()).isFalse();
    assertThat(t.problem()).isEqualTo(RowMessage.UNTIL_BEFORE_DATE);
    assertThat(t.dueAt()).isNull();
    assertThat(t.untilAt()).isNull();
  }

  @Test
  void untilOnlyOnDeactivate() {
    assertThat(due(BulkAction.DELETE, "2027-01-31", "2027-03-31", UTC).problem())
        .isEqualTo(RowMessage.UNTIL_NOT_ALLOWED);
    assertThat(due(BulkAction.REACTIVATE, null, "2027-03-31", UTC).problem())
        .isEqualTo(RowMessage.UNTIL_NOT_ALLOWED);
  }

  @Test
  void aBadDateOrUntilIsInvalidWithTheTextRead() {
    DueTimes t = due(BulkAction.DEACTIVATE, "01/02/2027", null, UTC);
    assertThat(t.problem()).isEqualTo(RowMessage.INVALID_DATE);
    assertThat(t.problemParam()).isEqualTo("01/02/2027");
    DueTimes u = due(BulkAction.DEACTIVATE, "2027-01-31", "2027-02-30", UTC);
    assertThat(u.problem()).isEqualTo(RowMessage.INVALID_DATE);
    assertThat(u.problemParam()).isEqualTo("2027-02-30");
    // A bad date reads as such even where until is not allowed: the admin fixes the text first.
    assertThat(due(BulkAction.DELETE, "31.01.2027", "2027-03-31", UTC).problem())
        .isEqualTo(RowMessage.INVALID_DATE);
    assertThat(RowMessage.INVALID_DATE.english("2027-1-5"))
        .isEqualTo(
            "The date 2027-1-5 is not a date written as YYYY-MM-DD (for example 2027-01-31).");
  }
}
