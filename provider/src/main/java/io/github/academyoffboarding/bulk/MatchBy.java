package io.github.academyoffboarding.bulk;

/** Which user attribute the identifiers of an import are matched against. */
public enum MatchBy {
  EMAIL,
  USERNAME,
  ID
}
