package io.github.academyoffboarding.bulk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.academyoffboarding.bulk.MatchBy;
import io.github.academyoffboarding.bulk.parse.NormalizedIdentifier.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormalizerTest {

  private static NormalizedIdentifier email(String raw) {
    return IdentifierNormalizer.normalize(MatchBy.EMAIL, raw);
  }

  @Test
  void emailIsTrimmedAndLowerCased() {
    assertThat(email("  Ann.Lee+Course@Example.ORG \u00A0\t\r\n"))
        .isEqualTo(new NormalizedIdentifier("ann.lee+course@example.org", null));
  }

  /**
   * Invisible characters are no longer trimmed nor looked up: wherever they sit, the row says which
   * one and where (position 1 is the value's first character after the trimmed white space).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u200E", "\u200F", "\u202A",
        "\u202C", "\u202E", "\u2066", "\u2069", "\u061C", "\u034F", "\u3164"
      })
  void anInvisibleCharacterAnywhereIsInvalidAndNamed(String invisible) {
    String hex = String.format("U+%04X", (int) invisible.charAt(0));
    for (int at : new int[] {0, 3, 6, 7, 18}) {
      String value = "u00082@example.org";
      String raw = " " + value.substring(0, at) + invisible + value.substring(at) + " ";
      for (MatchBy matchBy : MatchBy.values()) {
        NormalizedIdentifier n = IdentifierNormalizer.normalize(matchBy, raw);
        assertThat(n.problem())
            .as("%s at %s by %s", hex, at, matchBy)
            .isEqualTo(Problem.INVISIBLE_CHARACTER);
        assertThat(n.messageParam()).startsWith(hex).endsWith("|" + (at + 1));
        assertThat(n.englishText()).contains(hex).contains("position " + (at + 1));
      }
    }
  }

  @Test
  void theInvisibleCharacterIsNamedAndCountedInCharactersAsShown() {
    NormalizedIdentifier n = email("\uD83D\uDE00x\u200By@example.org");
    assertThat(n.messageParam()).isEqualTo("U+200B ZERO WIDTH SPACE|3");
    assertThat(Problem.INVISIBLE_CHARACTER.message().key())
        .isEqualTo("bulk.row.invisible-character");
    assertThat(email("ann@example.org\u00AD").englishText())
        .isEqualTo(
            "The value contains an invisible character (U+00AD SOFT HYPHEN) at position 16; type"
                + " it again instead of copying it.");
  }

  @Test
  void visibleNonAsciiIsNotInvisible() {
    assertThat(email("jörg@bücher.de").isValid()).isTrue();
    assertThat(email("用户@例子.广告").isValid()).isTrue();
    assertThat(IdentifierNormalizer.normalize(MatchBy.USERNAME, "zoë-ñ").isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jörg@bücher.de",
        "用户@例子.广告",
        "θσερ@παράδειγμα.δοκιμή",
        "user@localhost",
        "o'brien@example.ie",
        "a@[192.0.2.1]",
        "x@xn--bcher-kva.de",
        "first_last-1@sub.example.co.uk"
      })
  void acceptsPlausibleAddresses(String address) {
    assertThat(email(address).isValid()).as(address).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-address",
        "@example.org",
        "ann@",
        "Ann Lee <ann@example.org>",
        "a@example.org; b@example.org",
        "mailto:ann@example.org",
        "ann@exa mple.org",
        "ann@.example.org",
        "ann@example..org",
        "ann@example.org.",
        "ann@-example.org",
        "ann@exam_ple.org",
        "a b@example.org"
      })
  void rejectsWhatIsNotOneAddress(String value) {
    assertThat(email(value).problem()).as(value).isEqualTo(Problem.NOT_AN_EMAIL);
  }

  @Test
  void blankAndOverlongValues() {
    assertThat(email(null).problem()).isEqualTo(Problem.BLANK);
    assertThat(email(" \t\u00A0").problem()).isEqualTo(Problem.BLANK);
    assertThat(email("a".repeat(250) + "@example.org").problem())
        .isEqualTo(Problem.LONGER_THAN_KEYCLOAK_ALLOWS);
    assertThat(email("a".repeat(2000)).problem()).isEqualTo(Problem.TOO_LONG);
    assertThat(email("a\u0007b@example.org").problem()).isEqualTo(Problem.CONTROL_CHARACTERS);
    assertThat(Problem.TOO_LONG.englishText()).contains("1024");
  }

  @Test
  void usernamesAreLowerCasedLikeKeycloakStoresThem() {
    assertThat(IdentifierNormalizer.normalize(MatchBy.USERNAME, " J.Doe ").value())
        .isEqualTo("j.doe");
    assertThat(IdentifierNormalizer.normalize(MatchBy.USERNAME, "10000000").value())
        .isEqualTo("10000000");
    assertThat(IdentifierNormalizer.normalize(MatchBy.USERNAME, "").problem())
        .isEqualTo(Problem.BLANK);
  }

  @Test
  void idsAreKeptExactly() {
    assertThat(
            IdentifierNormalizer.normalize(MatchBy.ID, " 3F2504E0-4F89-11D3-9A0C-0305E82C3301 ")
                .value())
        .isEqualTo("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
    String federated = "f:6f6d1c9e-ldap:uid=jdoe,ou=People,dc=example,dc=org";
    assertThat(IdentifierNormalizer.normalize(MatchBy.ID, federated).value()).isEqualTo(federated);
    assertThat(IdentifierNormalizer.normalize(MatchBy.ID, "x".repeat(256)).problem())
        .isEqualTo(Problem.LONGER_THAN_KEYCLOAK_ALLOWS);
  }

  @Test
  void clipKeepsStoredValuesWithinTheColumn() {
    assertThat(IdentifierNormalizer.clip("a".repeat(5000)))
        .hasSize(IdentifierNormalizer.MAX_LENGTH);
    assertThat(IdentifierNormalizer.clip("short")).isEqualTo("short");
    assertThat(IdentifierNormalizer.clip(null)).isNull();
    String surrogateAtTheCut = "a".repeat(IdentifierNormalizer.MAX_LENGTH - 1) + "\uD83D\uDE00";
    assertThat(IdentifierNormalizer.clip(surrogateAtTheCut))
        .hasSize(IdentifierNormalizer.MAX_LENGTH - 1);
  }

  @Test
  void headerNamesAreRecognisedLoosely() {
    assertThat(HeaderMatcher.recognise(" E-Mail ")).isEqualTo(MatchBy.EMAIL);
    assertThat(HeaderMatcher.recognise("Email Address")).isEqualTo(MatchBy.EMAIL);
    assertThat(HeaderMatcher.recognise("USER_NAME")).isEqualTo(MatchBy.USERNAME);
    assertThat(HeaderMatcher.recognise("User ID")).isEqualTo(MatchBy.ID);
    assertThat(HeaderMatcher.recognise("name")).isNull();
    assertThat(HeaderMatcher.recognise("emails")).isNull();
    assertThat(HeaderMatcher.recognise("\uFEFFemail\u200B")).isEqualTo(MatchBy.EMAIL);
  }
}
