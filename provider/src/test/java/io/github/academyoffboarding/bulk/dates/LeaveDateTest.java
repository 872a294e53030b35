package io.github.academyoffboarding.bulk.dates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only ISO YYYY-MM-DD is a date; anything else is kept as the text read, never guessed. */
class LeaveDateTest {

  @Test
  void isoIsADate() {
    assertThat(LeaveDate.parse("2027-01-31")).isEqualTo(LeaveDate.of(LocalDate.of(2027, 1, 31)));
    assertThat(LeaveDate.parse(" 2027-02-28\t").date()).isEqualTo(LocalDate.of(2027, 2, 28));
    assertThat(LeaveDate.parse("2028-02-29").date()).isEqualTo(LocalDate.of(2028, 2, 29));
    assertThat(LeaveDate.parse("2027-01-31").isInvalid()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "  \n "})
  void blankIsNoDate(String blank) {
    LeaveDate d = LeaveDate.parse(blank);
    assertThat(d.isAbsent()).isTrue();
    assertThat(d.isInvalid()).isFalse();
    assertThat(LeaveDate.parse(null).isAbsent()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01/02/2027", // January 2 or February 1: never a guess
        "2027-1-5",
        "2027-02-30",
        "2027-13-01",
        "2027-00-10",
        "2027-02-29", // not a leap year
        "31.01.2027",
        "31-01-2027",
        "2027/01/31",
        "20270131",
        "2027-01-31T00:00:00",
        "2027-01-31 10:00",
        "+2027-01-31",
        "46418", // an xlsx serial number as text
        "tomorrow",
        "２０２７-０１-３１" // full-width digits
      })
  void anythingElseIsInvalidWithTheTextRead(String text) {
    LeaveDate d = LeaveDate.parse(text);
    assertThat(d.isInvalid()).isTrue();
    assertThat(d.isAbsent()).isFalse();
    assertThat(d.text()).isEqualTo(text.strip());
    assertThat(d.date()).isNull();
  }

  @Test
  void aLongTextIsCut() {
    LeaveDate d = LeaveDate.parse("x".repeat(500));
    assertThat(d.isInvalid()).isTrue();
    assertThat(d.text()).hasSize(LeaveDate.MAX_TEXT);
  }
}
