package io.github.academyoffboarding.bulk.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportLineTest {

  @Test
  void theMessageIsRenderedFromTheKeyAndItsParameter() {
    ReportLine line =
        ReportLine.of(3, "x@example.org", "AMBIGUOUS", null, "bulk.row.ambiguous", "2", null, null);
    assertThat(line.message())
        .isEqualTo("The identifier matches 2 users; none of them is acted on.");
    assertThat(
            ReportLine.of(
                    4,
                    "y",
                    "MATCHED",
                    "SKIPPED",
                    "bulk.outcome.identifier-changed",
                    "email",
                    null,
                    "u1")
                .message())
        .isEqualTo("The user's email changed after the preview.");
    assertThat(
            ReportLine.of(
                    5, "z", "MATCHED", "FAILED", "bulk.outcome.failed", "SQLException", null, "u2")
                .message())
        .isEqualTo("The user could not be processed (SQLException).");
    assertThat(ReportLine.of(6, "w", "MATCHED", "DELETED", null, null, null, "u3").message())
        .isNull();
  }

  @Test
  void aKeyWinsOverTheTextOfOlderRows() {
    assertThat(
            ReportLine.of(
                    2, "a", "NOT_FOUND", null, "bulk.row.not-found", null, "some old text", null)
                .message())
        .isEqualTo("No user of this realm has this identifier.");
  }

  @Test
  void olderRowsWithoutAKeyKeepTheirFixedSentences() {
    assertThat(
            ReportLine.of(
                    2,
                    "a",
                    "PROTECTED",
                    null,
                    null,
                    null,
                    "This user is a realm administrator.",
                    "u")
                .message())
        .isEqualTo("This user is a realm administrator.");
    assertThat(
            ReportLine.of(
                    2,
                    "a",
                    "MATCHED",
                    "FAILED",
                    null,
                    null,
                    "Keycloak did not remove the user.",
                    "u")
                .message())
        .isEqualTo("Keycloak did not remove the user.");
  }

  @Test
  void anOlderRowsExceptionTextIsReducedToTheExceptionsClassName() {
    String legacy =
        "PSQLException: ERROR: User anna.devries@example.org is on legal hold\n"
            + "  Where: PL/pgSQL function refuse() line 3 at RAISE; update USER_ENTITY set ...";
    String message = ReportLine.of(7, "a", "MATCHED", "FAILED", null, null, legacy, "u").message();
    assertThat(message).isEqualTo("The user could not be processed (PSQLException).");
    assertThat(
            ReportLine.of(8, "a", "MATCHED", "FAILED", null, null, "NullPointerException", "u")
                .message())
        .isEqualTo("The user could not be processed (NullPointerException).");
    assertThat(
            ReportLine.of(
                    9,
                    "a",
                    "MATCHED",
                    "FAILED",
                    null,
                    null,
                    "could not execute statement [insert ...]",
                    "u")
                .message())
        .isEqualTo("The user could not be processed (error).")
        .doesNotContain("insert");
  }
}
