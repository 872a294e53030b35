package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import io.github.academyoffboarding.bulk.jpa.RowRange;
import io.github.academyoffboarding.bulk.metrics.BulkMetrics;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A committed import's own work (a {@link RoundWork} of {@link LeasedRounds}): its pending rows,
 * acted on as the admin who committed it ({@link UserActor}); each batch marks its rows done and
 * adds its counts to the import in its transaction, so after a crash the job resumes from the rows
 * without an outcome and no user is processed twice. Users of a federation provider in a batch of
 * several run alone (their removal reaches the provider at once; a rollback would not undo it). A
 * row whose own transaction fails for a reason of the user's (a constraint, a refusal) is FAILED at
 * once with its reason; a row the database could not be reached for is tried again up to {@code
 * max-attempts}. Users the batch deactivated are signed out once it has committed ({@link
 * SignOut}).
 *
 * <p>Small batches on parallel sessions, because the time per user is mostly spent waiting on the
 * database and a growing persistence context makes every later flush slower (docs/benchmarks.md).
 */
final class JobWork implements RoundWork {

  private static final Logger LOG = Logger.getLogger(JobWork.class);

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final JobLease lease;

  JobWork(KeycloakSessionFactory factory, BulkSettings settings, JobLease lease) {
    this.factory = factory;
    this.settings = settings;
    this.lease = lease;
  }

  @Override
  public String name() {
    return "job";
  }

  @Override
  public List<Integer> next(EntityManager em, String importId, long now, int after, int max) {
    return em.createNamedQuery("academyBulkRowsPendingAfter", Integer.class)
        .setParameter("importId", importId)
        .setParameter("after", after)
        .setMaxResults(max)
        .getResultList();
  }

  @Override
  public List<Open> open(EntityManager em, String importId, List<Integer> keys, long now) {
    return pendingIn(em, importId, keys).stream()
        .map(r -> new Open(r.getRowNo(), r.getAttempts(), r.getLastFailure()))
        .toList();
  }

  @Override
  public void countAttempt(EntityManager em, String importId, List<Integer> keys) {
    rowQuery(em, "academyBulkRowsAttempted", importId, keys).executeUpdate();
  }

  @Override
  public void noteFailure(EntityManager em, String importId, List<Integer> keys, String failure) {
    rowQuery(em, "academyBulkRowsLastFailure", importId, keys)
        .setParameter("failure", failure)
        .executeUpdate();
  }

  /** Marks rows whose attempts are used up FAILED, with the count and the last failure's kind. */
  @Override
  public void giveUp(KeycloakSession session, BulkImportEntity job, List<Open> exhausted) {
    Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
    for (Open open : exhausted) {
      String failure = open.lastFailure() == null ? LeasedRounds.UNFINISHED : open.lastFailure();
      byResult
          .computeIfAbsent(
              new UserActor.Result(
                  Outcome.FAILED, RowMessage.FAILED_REPEATEDLY, open.attempts() + "|" + failure),
              r -> new ArrayList<>())
          .add(open.key());
    }
    byResult.forEach((result, done) -> markDone(session, job.getId(), done, result));
    lease.progress(em(session), job.getId(), exhausted.size(), 0, exhausted.size());
    BulkMetrics.rows(session, job, exhausted.size(), exhausted.size());
  }

  /** A user's own failure is the row's outcome at once: FAILED with its reason. */
  @Override
  public boolean retriesFailures() {
    return false;
  }

  @Override
  public void fail(KeycloakSession session, BulkImportEntity job, int key, RuntimeException e) {
    markDone(
        session,
        job.getId(),
        List.of(key),
        new UserActor.Result(Outcome.FAILED, RowMessage.FAILED, FailureKind.name(e)));
    lease.progress(em(session), job.getId(), 1, 0, 1);
    BulkMetrics.rows(session, job, 1, 1);
  }

  /**
   * Acts on the given rows that are still pending; adds the counts to the import under the lease.
   * Rows of users that must be acted on alone are left pending and returned.
   */
  @Override
  public Acted act(
      KeycloakSession session, BulkImportEntity job, RealmModel realm, List<Integer> keys) {
    String importId = job.getId();
    EntityManager em = em(session);
    UserActor actor = UserActor.forJob(session, realm, job, settings);
    if (actor == null) {
      return Acted.NOTHING; // the next round finds the admin gone and ends the job
    }
    List<BulkImportRowEntity> rows = pendingIn(em, importId, keys);
    if (rows.isEmpty()) {
      return Acted.NOTHING;
    }
    // Only read from here on and marked with one update per result below: detached, so that the
    // flush before every query Keycloak's listeners run does not check them again each time.
    rows.forEach(em::detach);
    List<UserActor.Result> results = actor.act(rows);
    int processed = 0;
    int succeeded = 0;
    int failed = 0;
    List<Integer> alone = new ArrayList<>();
    Map<UserActor.Result, List<Integer>> byResult = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      UserActor.Result result = results.get(i);
      if (result.alone()) {
        alone.add(rows.get(i).getRowNo());
        continue;
      }
      byResult.computeIfAbsent(result, r -> new ArrayList<>()).add(rows.get(i).getRowNo());
      processed++;
      succeeded += result.outcome().succeeded() ? 1 : 0;
      failed += result.outcome() == Outcome.FAILED ? 1 : 0;
    }
    byResult.forEach((result, done) -> markDone(session, importId, done, result));
    if (processed > 0) {
      lease.progress(em, importId, processed, succeeded, failed);
      BulkMetrics.rows(session, job, processed, failed);
    }
    List<String> signOut = actor.toSignOut();
    return new Acted(
        alone,
        signOut.isEmpty()
            ? null
            : () -> signOut(factory, settings, lease, importId, SignOut.of(job, signOut)));
  }

  /**
   * Signs out the users a committed batch deactivated ({@link SignOut}), renewing the job's lease
   * meanwhile: slow clients may take a while. A failure here fails no row: the users are
   * deactivated and their tokens refused already.
   */
  static void signOut(
      KeycloakSessionFactory factory,
      BulkSettings settings,
      JobLease lease,
      String importId,
      SignOut signOut) {
    long every = settings.lease().toNanos() / 3;
    long[] renewed = {System.nanoTime()};
    Runnable keepLease =
        () -> {
          if (System.nanoTime() - renewed[0] > every) {
            renewed[0] = System.nanoTime();
            try {
              KeycloakModelUtils.runJobInTransaction(factory, s -> lease.renew(em(s), importId));
            } catch (RuntimeException e) {
              LOG.debugf("Bulk import %s: lease not renewed (%s)", importId, FailureKind.name(e));
            }
          }
        };
    try {
      signOut.run(factory, keepLease);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Bulk import %s: %d deactivated users may not be signed out of every client (%s)",
          importId, signOut.userIds().size(), FailureKind.name(e));
      LOG.debugf(e, "Bulk import %s: sign-out failed", importId);
    }
  }

  /** Sets the outcome of pending rows; throws when one of them was marked by someone else. */
  private static void markDone(
      KeycloakSession session, String importId, List<Integer> rowNos, UserActor.Result result) {
    int marked =
        rowQuery(em(session), "academyBulkRowsDone", importId, rowNos)
            .setParameter("outcome", result.outcome().name())
            .setParameter("messageKey", result.message() == null ? null : result.message().key())
            .setParameter("messageParam", result.param())
            .setParameter("at", System.currentTimeMillis())
            .executeUpdate();
    if (marked != rowNos.size()) {
      throw new IllegalStateException(
          "rows of bulk import " + importId + " were marked by someone else: " + rowNos);
    }
    if (result.outcome() == Outcome.SCHEDULED) {
      // The purge counts its own attempts on these rows, at the due time (PurgeWork).
      rowQuery(em(session), "academyBulkRowsScheduledAttemptsReset", importId, rowNos)
          .executeUpdate();
    }
  }

  private static jakarta.persistence.Query rowQuery(
      EntityManager em, String name, String importId, List<Integer> rowNos) {
    return RowRange.bind(em.createNamedQuery(name), importId, rowNos);
  }

  /** The given rows that are still pending, in row order. */
  private static List<BulkImportRowEntity> pendingIn(
      EntityManager em, String importId, List<Integer> rowNos) {
    return RowRange.bind(
            em.createNamedQuery("academyBulkRowsPendingIn", BulkImportRowEntity.class),
            importId,
            rowNos)
        .getResultList();
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
