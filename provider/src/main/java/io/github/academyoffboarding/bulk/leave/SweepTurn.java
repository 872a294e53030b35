package io.github.academyoffboarding.bulk.leave;

import jakarta.persistence.EntityManager;

/**
 * Whose turn it is to sweep: the one row of ACADEMY_LEAVE_SWEEP, taken with a conditional update,
 * so that of all nodes sharing the database one sweeps, at most once per poll interval. A run holds
 * its turn for a lease; a node that dies mid-run leaves the turn to another once the lease has
 * ended. Two runs at once could still only race on the same users' ACADEMY_LEAVE_DATE keys, where
 * the second one's transaction fails: the turn saves the work, the key keeps the guarantee.
 */
final class SweepTurn {

  static final String ID = "leave-date";

  private final String nodeId;

  SweepTurn(String nodeId) {
    this.nodeId = nodeId;
  }

  /** Takes the turn if it is due at {@code now}, holding it until {@code until}; whether taken. */
  boolean take(EntityManager em, long now, long until) {
    return em.createNativeQuery(
                "update {h-schema}ACADEMY_LEAVE_SWEEP set NEXT_RUN_AT = ?1, RUN_BY = ?2"
                    + " where ID = ?3 and NEXT_RUN_AT <= ?4")
            .setParameter(1, until)
            .setParameter(2, nodeId)
            .setParameter(3, ID)
            .setParameter(4, now)
            .executeUpdate()
        == 1;
  }

  /** Ends this node's run: the next one is due at {@code next}. */
  void end(EntityManager em, long next) {
    em.createNativeQuery(
            "update {h-schema}ACADEMY_LEAVE_SWEEP set NEXT_RUN_AT = ?1 where ID = ?2 and RUN_BY = ?3")
        .setParameter(1, next)
        .setParameter(2, ID)
        .setParameter(3, nodeId)
        .executeUpdate();
  }
}
