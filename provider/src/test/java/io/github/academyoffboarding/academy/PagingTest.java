package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.common.AcademyException;
import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void withoutFirstAndMaxTheListIsWhole() {
    assertThat(Paging.of(null, null)).isNull();
    assertThat(Paging.of("", " ")).isNull();
  }

  @Test
  void eitherParameterAsksForAPage() {
    assertThat(Paging.of("20", "10")).isEqualTo(new Paging(20, 10));
    assertThat(Paging.of(null, "5")).isEqualTo(new Paging(0, 5));
    assertThat(Paging.of("3", null)).isEqualTo(new Paging(3, Paging.MAX_PAGE));
    assertThat(Paging.of("0", "0")).isEqualTo(new Paging(0, 0));
  }

  @Test
  void maxIsCapped() {
    assertThat(Paging.of("0", "1000")).isEqualTo(new Paging(0, Paging.MAX_PAGE));
    assertThat(Paging.of("0", String.valueOf(Integer.MAX_VALUE)).max()).isEqualTo(100);
  }

  @Test
  void negativeOrNonNumericValuesAreRefusedWithAMessageKey() {
    for (String[] bad :
        new String[][] {
          {"-1", "10"}, {"0", "-5"}, {"x", null}, {null, "1.5"}, {"99999999999", null}
        }) {
      assertThatThrownBy(() -> Paging.of(bad[0], bad[1]))
          .as("first=%s max=%s", bad[0], bad[1])
          .isInstanceOfSatisfying(
              AcademyException.class,
              e -> {
                assertThat(e.key()).isEqualTo("academy.invalid-paging");
                assertThat(e.status()).isEqualTo(400);
              });
    }
  }
}
