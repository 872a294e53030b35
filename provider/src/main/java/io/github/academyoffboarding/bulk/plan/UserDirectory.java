package io.github.academyoffboarding.bulk.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The planner's view of the realm's users: one look-up per batch of normalised identifiers. */
public interface UserDirectory {

  /**
   * Every user each identifier matches (more than one where the realm allows duplicate e-mails),
   * keyed by identifier; identifiers that match nobody may be absent.
   */
  Map<String, Matches> find(Collection<String> identifiers);

  /**
   * What one identifier matched.
   *
   * @param viewable the users the caller may view, with their protection
   * @param notViewable how many other users match that the caller may not view; they are only
   *     counted, never named, so that nothing about them reaches the preview
   */
  record Matches(List<CandidateUser> viewable, int notViewable) {

    public Matches {
      viewable = List.copyOf(viewable);
    }

    public static final Matches NONE = new Matches(List.of(), 0);

    public int total() {
      return viewable.size() + notViewable;
    }
  }
}
