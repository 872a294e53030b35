package io.github.academyoffboarding.academy;

/** How many learning records and certificates (a user, a batch, a realm) has or had. */
public record AcademyCounts(long learningRecords, long certificates) {

  public static final AcademyCounts ZERO = new AcademyCounts(0, 0);

  public AcademyCounts plus(AcademyCounts other) {
    return new AcademyCounts(
        learningRecords + other.learningRecords, certificates + other.certificates);
  }

  public boolean isEmpty() {
    return learningRecords == 0 && certificates == 0;
  }
}
