package io.github.academyoffboarding.bulk.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure and everything it carries: its causes and, depth first, its suppressed exceptions. A
 * commit that fails is a case where the cause chain alone says nothing: Narayana throws {@code
 * RollbackException("ARJUNA016053: Could not commit transaction.")} without a cause and puts what
 * the resource threw (Agroal's {@code XAException} around the driver's {@code SQLException 08006})
 * among its suppressed exceptions, and Keycloak's transaction wrapper passes it on as it is.
 */
final class FailureTree {

  private FailureTree() {}

  /**
   * Every throwable in {@code e}'s tree, each once: first the cause chain, outermost first, then
   * each member's suppressed exceptions with their own chains. The database's own exception, when
   * there is one, comes after the wrappers around it.
   */
  static List<Throwable> of(Throwable e) {
    if (e == null) {
      return List.of();
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>();
    Deque<Throwable> chains = new ArrayDeque<>();
    chains.add(e);
    while (!chains.isEmpty()) {
      List<Throwable> chain = new ArrayList<>();
      for (Throwable t = chains.poll(); t != null && seen.add(t); t = t.getCause()) {
        chain.add(t);
      }
      out.addAll(chain);
      // Suppressed ones of the innermost first: that is where a resource's failure sits.
      for (int i = chain.size() - 1; i >= 0; i--) {
        Collections.addAll(chains, chain.get(i).getSuppressed());
      }
    }
    return out;
  }

  /**
   * The innermost failure: the end of the last chain in {@link #of}, so the driver's exception
   * under a failed commit too. What a failure is named by, never what wraps it.
   */
  static Throwable root(Throwable e) {
    Throwable root = e;
    for (Throwable t : of(e)) {
      if (t.getCause() == null) {
        root = t;
      }
    }
    return root;
  }
}
