package io.github.academyoffboarding.bulk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.lifecycle.ImportStatus;
import io.github.academyoffboarding.bulk.metrics.GaugeSnapshot.PendingKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GaugeSnapshotTest {

  @Test
  void everyStoredStatusOfARealmWithImportsReadsZeroRatherThanNothing() {
    GaugeSnapshot s = new GaugeSnapshot.Builder().imports("a", "COMPLETED", 3, 100L).build();
    assertThat(s.realms()).containsExactly("a");
    assertThat(s.imports("a", ImportStatus.COMPLETED)).isEqualTo(3);
    assertThat(s.imports("a", ImportStatus.RUNNING)).isZero();
    assertThat(GaugeSnapshot.STORED)
        .doesNotContain(ImportStatus.EXPIRED)
        .contains(ImportStatus.SCHEDULED);
    assertThat(s.pending("a", PendingKind.DELETION)).isZero();
    assertThat(s.oldestRunningAgeSeconds("a", 5_000)).as("none runs").isZero();
  }

  @Test
  void theOldestRunningJobIsTheEarliestCommitOfARunningImportOnly() {
    GaugeSnapshot s =
        new GaugeSnapshot.Builder()
            .imports("a", "COMPLETED", 1, 1_000L)
            .imports("a", "RUNNING", 2, 10_000L)
            .build();
    assertThat(s.oldestRunningAgeSeconds("a", 70_000)).isEqualTo(60.0);
    assertThat(s.oldestRunningAgeSeconds("b", 70_000)).isZero();
  }

  @Test
  void scheduledEntriesAreDeactivationsOrReactivationsAndMarksDeletions() {
    GaugeSnapshot s =
        new GaugeSnapshot.Builder()
            .scheduled("a", "DEACTIVATE", "DATED", 4, 1)
            .scheduled("a", "DELETE", "DATED", 2, 0)
            .scheduled("a", "REACTIVATE", "DATED", 1, 0)
            .scheduled("a", "REACTIVATE", "RETURN", 5, 2)
            .marks("a", 7, 3)
            .build();
    assertThat(s.pending("a", PendingKind.DEACTIVATION)).isEqualTo(6);
    assertThat(s.overdue("a", PendingKind.DEACTIVATION)).isEqualTo(1);
    assertThat(s.pending("a", PendingKind.REACTIVATION)).isEqualTo(6);
    assertThat(s.overdue("a", PendingKind.REACTIVATION)).isEqualTo(2);
    assertThat(s.pending("a", PendingKind.DELETION)).isEqualTo(7);
    assertThat(s.overdue("a", PendingKind.DELETION)).isEqualTo(3);
    assertThat(s.imports("a", ImportStatus.SCHEDULED))
        .as("a realm with waiting users only")
        .isZero();
    assertThat(PendingKind.DELETION.tag()).isEqualTo("deletion");
  }

  @Test
  void overdueMeansDueMoreThanThreePollIntervalsAgo() {
    assertThat(GaugeSnapshot.overdueBefore(100_000, Duration.ofSeconds(5))).isEqualTo(85_000);
    assertThat(GaugeSnapshot.overdueBefore(100_000, Duration.ofSeconds(1))).isEqualTo(97_000);
  }
}
