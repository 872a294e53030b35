package io.github.academyoffboarding.bulk.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryRetentionTest {

  private static final Duration RETENTION = Duration.ofDays(90);
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void anEndedImportIsPastRetentionOnceItEndedLongerAgo() {
    for (String status : new String[] {"COMPLETED", "FAILED", "CANCELLED"}) {
      assertThat(
              HistoryRetention.isPastRetention(
                  ended(status, NOW - RETENTION.toMillis() - 1), RETENTION, NOW))
          .as(status)
          .isTrue();
      assertThat(
              HistoryRetention.isPastRetention(
                  ended(status, NOW - RETENTION.toMillis()), RETENTION, NOW))
          .as(status + " exactly at the limit")
          .isFalse();
      assertThat(HistoryRetention.isPastRetention(ended(status, NOW - 1000), RETENTION, NOW))
          .as(status + " recently")
          .isFalse();
    }
  }

  @Test
  void anImportThatHasNotEndedIsNeverPastRetention() {
    // A running job, a preview, or any status a later version adds that has not ended (SCHEDULED).
    for (String status : new String[] {"RUNNING", "PREVIEW", "SCHEDULED"}) {
      assertThat(HistoryRetention.isPastRetention(ended(status, 0L), RETENTION, NOW))
          .as(status)
          .isFalse();
    }
    assertThat(HistoryRetention.isPastRetention(ended("COMPLETED", null), RETENTION, NOW))
        .isFalse();
  }

  @Test
  void anErasedImportStaysErased() {
    BulkImportEntity e = ended("COMPLETED", NOW - 1000);
    e.setHistoryErasedAt(NOW - 500);
    assertThat(HistoryRetention.isPastRetention(e, RETENTION, NOW)).isTrue();
  }

  @Test
  void describesTheRetentionInWords() {
    assertThat(HistoryRetention.describe(Duration.ofDays(90))).isEqualTo("90 days");
    assertThat(HistoryRetention.describe(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(HistoryRetention.describe(Duration.ofHours(12))).isEqualTo("12 hours");
    assertThat(HistoryRetention.describe(Duration.ofSeconds(30))).isEqualTo("PT30S");
  }

  private static BulkImportEntity ended(String status, Long finishedAt) {
    BulkImportEntity e = new BulkImportEntity();
    e.setStatus(status);
    e.setFinishedAt(finishedAt);
    return e;
  }
}
