package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcademyCountsTest {

  @Test
  void addsAndReportsEmptiness() {
    AcademyCounts sum =
        AcademyCounts.ZERO.plus(new AcademyCounts(2, 0)).plus(new AcademyCounts(1, 3));

    assertThat(sum).isEqualTo(new AcademyCounts(3, 3));
    assertThat(sum.isEmpty()).isFalse();
    assertThat(AcademyCounts.ZERO.isEmpty()).isTrue();
  }

  @Test
  void summaryAndReconciliationRepresentationsCarryTheCounts() {
    AcademyCounts counts = new AcademyCounts(4, 2);

    assertThat(AcademySummaryRepresentation.from(counts).getLearningRecords()).isEqualTo(4);
    assertThat(AcademySummaryRepresentation.from(counts).getCertificates()).isEqualTo(2);
    assertThat(ReconciliationResultRepresentation.from(counts).getLearningRecordsRemoved())
        .isEqualTo(4);
    assertThat(ReconciliationResultRepresentation.from(counts).getCertificatesRemoved())
        .isEqualTo(2);
  }
}
