package io.github.academyoffboarding.academy;

/**
 * What an on-demand reconciliation removed: {@code {"learningRecordsRemoved": a,
 * "certificatesRemoved": b}}.
 */
public class ReconciliationResultRepresentation {

  private long learningRecordsRemoved;
  private long certificatesRemoved;

  public static ReconciliationResultRepresentation from(AcademyCounts removed) {
    ReconciliationResultRepresentation rep = new ReconciliationResultRepresentation();
    rep.learningRecordsRemoved = removed.learningRecords();
    rep.certificatesRemoved = removed.certificates();
    return rep;
  }

  public long getLearningRecordsRemoved() {
    return learningRecordsRemoved;
  }

  public void setLearningRecordsRemoved(long learningRecordsRemoved) {
    this.learningRecordsRemoved = learningRecordsRemoved;
  }

  public long getCertificatesRemoved() {
    return certificatesRemoved;
  }

  public void setCertificatesRemoved(long certificatesRemoved) {
    this.certificatesRemoved = certificatesRemoved;
  }
}
