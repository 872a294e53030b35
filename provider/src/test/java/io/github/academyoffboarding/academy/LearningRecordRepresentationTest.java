package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.ErrorRepresentation;
import org.junit.jupiter.api.Test;

class LearningRecordRepresentationTest {

  private static LearningRecordRepresentation valid() {
    LearningRecordRepresentation rep = new LearningRecordRepresentation();
    rep.setCourseId("java-101");
    rep.setCourseName("Java basics");
    rep.setStatus("COMPLETED");
    rep.setScore(87);
    rep.setStartedAt("2026-01-10T08:00:00Z");
    rep.setCompletedAt("2026-01-15T10:00:00Z");
    return rep;
  }

  @Test
  void convertsAValidRecordWithEpochMillis() {
    LearningRecordEntity entity = valid().toNewEntity();

    assertThat(entity.getCourseId()).isEqualTo("java-101");
    assertThat(entity.getStatus()).isEqualTo(LearningStatus.COMPLETED);
    assertThat(entity.getScore()).isEqualTo(87);
    assertThat(entity.getStartedAt()).isEqualTo(1768032000000L);
    assertThat(entity.getCompletedAt()).isEqualTo(1768471200000L);
    assertThat(entity.getId()).isNull();
  }

  @Test
  void roundTripsTimesAsIsoInstants() {
    LearningRecordEntity entity = valid().toNewEntity();
    entity.setId("id-1");
    entity.setCreatedAt(1768471200000L);

    LearningRecordRepresentation rep = LearningRecordRepresentation.from(entity);

    assertThat(rep.getStartedAt()).isEqualTo("2026-01-10T08:00:00Z");
    assertThat(rep.getCompletedAt()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(rep.getCreatedAt()).isEqualTo("2026-01-15T10:00:00Z");
    assertThat(rep.getStatus()).isEqualTo("COMPLETED");
  }

  @Test
  void acceptsStatusInAnyCaseAndTrimsText() {
    LearningRecordRepresentation rep = valid();
    rep.setStatus("in_progress");
    rep.setCourseId("  java-101 ");
    rep.setScore(null);
    rep.setCompletedAt(null);

    LearningRecordEntity entity = rep.toNewEntity();

    assertThat(entity.getStatus()).isEqualTo(LearningStatus.IN_PROGRESS);
    assertThat(entity.getCourseId()).isEqualTo("java-101");
    assertThat(entity.getScore()).isNull();
  }

  @Test
  void rejectsAnUnknownStatus() {
    LearningRecordRepresentation rep = valid();
    rep.setStatus("PASSED");
    assertRejected(rep, "academy.invalid-status");
  }

  @Test
  void rejectsScoresOutsideZeroToHundred() {
    LearningRecordRepresentation rep = valid();
    rep.setScore(101);
    assertRejected(rep, "academy.score-out-of-range");
    rep.setScore(-1);
    assertRejected(rep, "academy.score-out-of-range");
    rep.setScore(0);
    assertThat(rep.toNewEntity().getScore()).isZero();
    rep.setScore(100);
    assertThat(rep.toNewEntity().getScore()).isEqualTo(100);
  }

  @Test
  void rejectsMissingRequiredFields() {
    LearningRecordRepresentation rep = valid();
    rep.setCourseId("   ");
    assertRejected(rep, "academy.missing-field");

    rep = valid();
    rep.setStatus(null);
    assertRejected(rep, "academy.missing-field");
  }

  @Test
  void rejectsMalformedTimesAndCompletionBeforeStart() {
    LearningRecordRepresentation rep = valid();
    rep.setStartedAt("2026-01-10");
    assertRejected(rep, "academy.invalid-time");

    rep = valid();
    rep.setCompletedAt("2026-01-01T00:00:00Z");
    assertRejected(rep, "academy.invalid-time-range");
  }

  @Test
  void rejectsTextLongerThanTheColumn() {
    LearningRecordRepresentation rep = valid();
    rep.setCourseName("x".repeat(256));
    assertRejected(rep, "academy.field-too-long");
  }

  private static void assertRejected(LearningRecordRepresentation rep, String key) {
    assertThatThrownBy(rep::toNewEntity)
        .isInstanceOfSatisfying(
            AcademyException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key);
              assertThat(e.status()).isEqualTo(400);
              ErrorRepresentation body = (ErrorRepresentation) e.getResponse().getEntity();
              assertThat(body.getError()).isEqualTo(key);
              assertThat(body.getErrorDescription()).isNotBlank();
            });
  }
}
