package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerifiedReleaseTest {

  @Test
  void batchedPathsOnlyOnTheExactReleasesTheyWereVerifiedFor() {
    assertThat(VerifiedRelease.verified("26.7.3")).isTrue();
    assertThat(VerifiedRelease.verified("26.7.4")).isFalse();
    assertThat(VerifiedRelease.verified("26.7.2")).isFalse();
    assertThat(VerifiedRelease.verified("26.7.30")).isFalse();
    assertThat(VerifiedRelease.verified("26.7.3-SNAPSHOT")).isFalse();
    assertThat(VerifiedRelease.verified("26.8.0")).isFalse();
    assertThat(VerifiedRelease.verified("27.0.0")).isFalse();
    assertThat(VerifiedRelease.verified(null)).isFalse();
  }
}
