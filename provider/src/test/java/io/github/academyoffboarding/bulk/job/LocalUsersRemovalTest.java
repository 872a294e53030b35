package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalUsersRemovalTest {

  @Test
  void batchedDeletionOnlyOnTheReleaseLineItWasVerifiedFor() {
    assertThat(LocalUsersRemoval.verified("26.7.3")).isTrue();
    assertThat(LocalUsersRemoval.verified("26.7.10")).isTrue();
    assertThat(LocalUsersRemoval.verified("26.8.0")).isFalse();
    assertThat(LocalUsersRemoval.verified("26.70.1")).isFalse();
    assertThat(LocalUsersRemoval.verified("27.0.0")).isFalse();
    assertThat(LocalUsersRemoval.verified(null)).isFalse();
  }
}
