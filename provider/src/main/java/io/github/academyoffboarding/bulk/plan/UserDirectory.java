package io.github.academyoffboarding.bulk.plan;

import java.util.Collection;
import java.util.Map;

/** The planner's view of the realm's users: one look-up per batch of normalised identifiers. */
public interface UserDirectory {

  /** The users found, keyed by the identifier that found them; identifiers not found are absent. */
  Map<String, CandidateUser> find(Collection<String> identifiers);
}
