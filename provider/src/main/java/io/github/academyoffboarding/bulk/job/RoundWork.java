package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One kind of work the engine carries out on an import, key by key (a key is a row number of the
 * import): a committed import's rows ({@link JobWork}), the restore of users asked for ({@link
 * RestoreWork}), the purge of users whose restore window has ended ({@link PurgeWork}). The runner
 * ({@link LeasedRounds}) holds the import's lease, paces rounds and batches, counts attempts and
 * decides what runs alone; a work only says which keys are open and what one transaction does with
 * some of them.
 */
interface RoundWork {

  /** A key still to act on, the attempts counted on it and what the last one failed with. */
  record Open(int key, int attempts, String lastFailure) {}

  /**
   * What a transaction left: keys to run in a transaction of their own each (counted already), and
   * what to do once it has committed (null: nothing).
   */
  record Acted(List<Integer> alone, Runnable afterCommit) {
    static final Acted NOTHING = new Acted(List.of(), null);
  }

  /** For the logs: "restore", "purge". */
  String name();

  /** The next open keys after {@code after}, in order, at most {@code max}. */
  List<Integer> next(EntityManager em, String importId, long now, int after, int max);

  /** Which of {@code keys} are still open, with their attempts. */
  List<Open> open(EntityManager em, String importId, List<Integer> keys, long now);

  /** Counts an attempt on these keys, before any transaction acts on them. */
  void countAttempt(EntityManager em, String importId, List<Integer> keys);

  /** Records what the last attempt on these keys failed with (a {@link FailureKind} name). */
  void noteFailure(EntityManager em, String importId, List<Integer> keys, String failure);

  /**
   * Resolves keys whose attempts are used up, in the caller's transaction; ends with the lease's
   * fence ({@link JobLease#progress}).
   */
  void giveUp(KeycloakSession session, BulkImportEntity job, List<Open> exhausted);

  /**
   * Whether a key whose own transaction failed for a reason that is not the database's (a
   * constraint, a refusal, an LDAP time-out) is tried again on a later run, up to {@code
   * max-attempts} ({@link #giveUp} then), or resolved at once ({@link #fail}).
   */
  default boolean retriesFailures() {
    return true;
  }

  /** Resolves a key whose own transaction failed, in the caller's transaction, under the lease. */
  default void fail(KeycloakSession session, BulkImportEntity job, int key, RuntimeException e) {
    throw new UnsupportedOperationException(name() + " retries its failures");
  }

  /**
   * Acts on the open ones of {@code keys} in the caller's transaction, and ends with the lease's
   * fence, so that a node that lost the lease commits nothing.
   */
  Acted act(KeycloakSession session, BulkImportEntity job, RealmModel realm, List<Integer> keys);
}
