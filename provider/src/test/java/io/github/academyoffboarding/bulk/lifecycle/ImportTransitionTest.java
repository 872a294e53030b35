package io.github.academyoffboarding.bulk.lifecycle;

import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.CANCELLED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.COMPLETED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.EXPIRED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.FAILED;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.PREVIEW;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.RUNNING;
import static io.github.academyoffboarding.bulk.lifecycle.ImportStatus.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImportTransitionTest {

  @Test
  void theTableHasExactlyTheseTransitions() {
    Set<String> table =
        Arrays.stream(ImportTransition.values())
            .map(t -> t.from() + "->" + t.to())
            .collect(Collectors.toSet());
    assertThat(table)
        .containsExactlyInAnyOrder(
            "PREVIEW->RUNNING",
            "PREVIEW->CANCELLED",
            "RUNNING->COMPLETED",
            "RUNNING->FAILED",
            "RUNNING->CANCELLED",
            "RUNNING->SCHEDULED",
            "SCHEDULED->COMPLETED",
            "SCHEDULED->FAILED",
            "SCHEDULED->CANCELLED");
  }

  @Test
  void anEndedImportNeverChangesAgain() {
    for (ImportStatus ended : EnumSet.of(COMPLETED, FAILED, CANCELLED)) {
      assertThat(ended.ended()).isTrue();
      for (ImportStatus to : ImportStatus.values()) {
        assertThat(ImportTransition.allowed(ended, to)).as(ended + " -> " + to).isFalse();
      }
    }
    assertThat(ImportTransition.allowed(FAILED, COMPLETED)).isFalse();
    for (ImportStatus open : EnumSet.of(PREVIEW, RUNNING, SCHEDULED, EXPIRED)) {
      assertThat(open.ended()).as(open.name()).isFalse();
    }
  }

  @Test
  void expiredIsOnlyShownNeverReachedAndNothingGoesBackToAPreview() {
    for (ImportStatus from : ImportStatus.values()) {
      assertThat(ImportTransition.allowed(from, EXPIRED)).isFalse();
      assertThat(ImportTransition.allowed(from, PREVIEW)).isFalse();
      assertThat(ImportTransition.allowed(EXPIRED, from)).isFalse();
    }
    assertThat(ImportTransition.allowed(PREVIEW, SCHEDULED)).isFalse();
    assertThat(ImportTransition.allowed(SCHEDULED, RUNNING)).isFalse();
  }

  @Test
  void aJobEndsAsMeantOrScheduledWhileUsersArePending() {
    for (ImportStatus ending : EnumSet.of(COMPLETED, FAILED, CANCELLED)) {
      assertThat(ImportTransition.afterJob(ending, false)).isEqualTo(ending);
      assertThat(ImportTransition.afterJob(ending, true)).isEqualTo(SCHEDULED);
    }
    assertThatThrownBy(() -> ImportTransition.afterJob(SCHEDULED, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImportTransition.afterJob(RUNNING, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJobThatFailedWithUsersPendingEndsFailedOnceTheyAreResolved() {
    // "The admin who started the import no longer exists." with users in their window.
    ImportStatus meanwhile = ImportTransition.afterJob(FAILED, true);
    assertThat(meanwhile).isEqualTo(SCHEDULED);
    ImportStatus end = ImportTransition.afterLastPending(FAILED, false);
    assertThat(end).isEqualTo(FAILED);
    assertThat(ImportTransition.of(meanwhile, end)).contains(ImportTransition.SCHEDULED_FAILED);
    // Even if someone asked it to stop as well: what the job ended as wins.
    assertThat(ImportTransition.afterLastPending(FAILED, true)).isEqualTo(FAILED);
  }

  @Test
  void aCancelledOrCompletedJobEndsSoOnceItsUsersAreResolved() {
    assertThat(ImportTransition.afterLastPending(CANCELLED, true)).isEqualTo(CANCELLED);
    assertThat(ImportTransition.afterLastPending(COMPLETED, false)).isEqualTo(COMPLETED);
  }

  @Test
  void anImportScheduledBeforeTheEndingWasRecordedEndsAsBefore() {
    assertThat(ImportTransition.afterLastPending(null, false)).isEqualTo(COMPLETED);
    assertThat(ImportTransition.afterLastPending(null, true)).isEqualTo(CANCELLED);
  }

  @Test
  void aScheduledImportEndsOnlyAsAnEnding() {
    assertThatThrownBy(() -> ImportTransition.afterLastPending(RUNNING, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImportTransition.afterLastPending(SCHEDULED, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOwnerNamesTheEndedStatusesTheHistoryRetentionCountsFrom() {
    assertThat(ImportLife.ended()).containsExactlyInAnyOrder("COMPLETED", "FAILED", "CANCELLED");
  }
}
