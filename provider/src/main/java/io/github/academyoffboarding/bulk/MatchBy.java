package io.github.academyoffboarding.bulk;

/** Which user attribute the identifiers of a file are compared with. */
public enum MatchBy {
  EMAIL,
  USERNAME,
  ID
}
