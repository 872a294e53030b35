package io.github.academyoffboarding.academy;

/** {@code {"learningRecords": n, "certificates": m}} for one user. */
public class AcademySummaryRepresentation {

  private long learningRecords;
  private long certificates;

  public static AcademySummaryRepresentation from(AcademyCounts counts) {
    AcademySummaryRepresentation rep = new AcademySummaryRepresentation();
    rep.learningRecords = counts.learningRecords();
    rep.certificates = counts.certificates();
    return rep;
  }

  public long getLearningRecords() {
    return learningRecords;
  }

  public void setLearningRecords(long learningRecords) {
    this.learningRecords = learningRecords;
  }

  public long getCertificates() {
    return certificates;
  }

  public void setCertificates(long certificates) {
    this.certificates = certificates;
  }
}
