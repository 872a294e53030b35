package io.github.academyoffboarding.academy;

import io.github.academyoffboarding.common.AcademyException;

/**
 * The optional {@code first}/{@code max} query parameters of a user's academy lists. Without either
 * the list is whole, as before paging existed (scripts rely on that); with one of them it is a page
 * of at most {@value #MAX_PAGE} rows.
 */
record Paging(int first, int max) {

  static final int MAX_PAGE = 100;

  /** The page the parameters ask for, or null when they ask for the whole list. */
  static Paging of(String first, String max) {
    if (isAbsent(first) && isAbsent(max)) {
      return null;
    }
    int from = isAbsent(first) ? 0 : parse("first", first);
    int size = isAbsent(max) ? MAX_PAGE : Math.min(parse("max", max), MAX_PAGE);
    return new Paging(from, size);
  }

  private static boolean isAbsent(String value) {
    return value == null || value.isBlank();
  }

  private static int parse(String name, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(name);
    }
    if (parsed < 0) {
      throw invalid(name);
    }
    return parsed;
  }

  private static AcademyException invalid(String name) {
    return AcademyException.badRequest(
        "academy.invalid-paging", name + " must be a whole number, 0 or more.");
  }
}
