package io.github.academyoffboarding.bulk.job;

/**
 * Another transaction resolved one of a batch's marks first (a restore, the user's removal by
 * another path): the batch does not know which, so it is rolled back and its keys go one by one.
 */
final class MarksCollided extends RuntimeException {
  MarksCollided(String importId) {
    super("a mark of bulk import " + importId + " was resolved meanwhile", null, false, false);
  }
}
