package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.academyoffboarding.common.AcademyException;
import org.junit.jupiter.api.Test;

class CertificateRepresentationTest {

  private static final long NOW = 1768471200000L;

  private static CertificateRepresentation valid() {
    CertificateRepresentation rep = new CertificateRepresentation();
    rep.setCourseId("java-101");
    rep.setTitle("Java basics");
    rep.setSerial("CERT-0001");
    rep.setIssuedAt("2026-01-15T10:00:00Z");
    rep.setExpiresAt("2028-01-15T10:00:00Z");
    return rep;
  }

  @Test
  void convertsAValidCertificate() {
    CertificateEntity entity = valid().toNewEntity(NOW);

    assertThat(entity.getTitle()).isEqualTo("Java basics");
    assertThat(entity.getSerial()).isEqualTo("CERT-0001");
    assertThat(entity.getIssuedAt()).isEqualTo(1768471200000L);
    assertThat(entity.getExpiresAt()).isEqualTo(1831543200000L);
  }

  @Test
  void defaultsTheIssueTimeToNow() {
    CertificateRepresentation rep = valid();
    rep.setIssuedAt(null);
    rep.setExpiresAt(null);

    CertificateEntity entity = rep.toNewEntity(NOW);

    assertThat(entity.getIssuedAt()).isEqualTo(NOW);
    assertThat(CertificateRepresentation.from(entity).getIssuedAt())
        .isEqualTo("2026-01-15T10:00:00Z");
    assertThat(CertificateRepresentation.from(entity).getExpiresAt()).isNull();
  }

  @Test
  void requiresTitleAndSerial() {
    CertificateRepresentation rep = valid();
    rep.setTitle(null);
    assertRejected(rep, "academy.missing-field");

    rep = valid();
    rep.setSerial("");
    assertRejected(rep, "academy.missing-field");
  }

  @Test
  void rejectsExpiryBeforeIssueAndMalformedTimes() {
    CertificateRepresentation rep = valid();
    rep.setExpiresAt("2025-01-01T00:00:00Z");
    assertRejected(rep, "academy.invalid-time-range");

    rep = valid();
    rep.setIssuedAt("yesterday");
    assertRejected(rep, "academy.invalid-time");
  }

  private static void assertRejected(CertificateRepresentation rep, String key) {
    assertThatThrownBy(() -> rep.toNewEntity(NOW))
        .isInstanceOfSatisfying(
            AcademyException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key);
              assertThat(e.status()).isEqualTo(400);
            });
  }
}
