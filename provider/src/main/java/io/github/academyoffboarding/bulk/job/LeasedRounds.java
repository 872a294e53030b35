package io.github.academyoffboarding.bulk.job;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Carries {@link RoundWork}s out on one import while this node holds its lease ({@link JobLease}),
 * round after round: each round renews the lease and asks the works, in order, for their next open
 * keys (the first that has some gets the round: a restore before the purge); the keys are split
 * into batches of {@code job-batch-size} that run on {@code job-threads} parallel sessions, each in
 * its own transaction, fenced by the lease. The lock is the lease's, the schedule the {@link
 * JobScheduler}'s; this class only paces the work.
 *
 * <p>Attempts: before a transaction takes keys up, their attempt count is raised in a transaction
 * of its own, so that one that never finishes (a statement that times out on every try, a node that
 * dies) counts too. Keys never taken up before run together; the others, the keys of a batch that
 * one of them broke, and those a work wants alone, run one per transaction. A key whose own
 * transaction fails is left for a later run of the import (after the lease is given up, on this
 * node or another), so every failure is tried again, up to {@code max-attempts}; then the work
 * gives it up ({@link RoundWork#giveUp}). A failure to reach the database pauses the whole run: the
 * lease expires and any node resumes from the keys left open. A work may instead resolve a key that
 * failed for a reason of its own at once ({@link RoundWork#retriesFailures}: the job's rows).
 */
final class LeasedRounds {

  private static final Logger LOG = Logger.getLogger(LeasedRounds.class);

  /** When the last failure of an exhausted key is not known: its transaction never finished. */
  static final String UNFINISHED = "unfinished";

  /**
   * What a run does around its works: a check before each round (a job cancelled, its admin gone),
   * and what ends a run that found nothing more to do (end the import, or just give the lease up).
   */
  interface RunEnd {
    /** Under the renewed lease, before a round: false when the run is over (ended here). */
    default boolean goesOn(KeycloakSession session, BulkImportEntity job, RealmModel realm) {
      return true;
    }

    void noWorkLeft(KeycloakSession session, BulkImportEntity job, JobLease lease);
  }

  private enum Step {
    MORE,
    STOP
  }

  /** The work that gets the round and its keys; STOP when the run is over. */
  private record Round(Step step, int work, List<Integer> keys) {}

  /** Keys taken up: fresh ones to run together (counted), and those to run one at a time. */
  private record Taken(List<Integer> together, List<Integer> oneByOne) {}

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final JobLease lease;
  private final Executor batches;
  private final List<RoundWork> works;
  private final RunEnd end;

  /** Keys whose own transaction failed in this run, per work: tried again on a later run. */
  private final List<Set<Integer>> deferred = new ArrayList<>();

  private final int[] after;

  LeasedRounds(
      KeycloakSessionFactory factory,
      BulkSettings settings,
      JobLease lease,
      Executor batches,
      List<RoundWork> works,
      RunEnd end) {
    this.factory = factory;
    this.settings = settings;
    this.lease = lease;
    this.batches = settings.jobThreads() > 1 ? batches : Runnable::run;
    this.works = works;
    this.end = end;
    this.after = new int[works.size()];
    works.forEach(w -> deferred.add(ConcurrentHashMap.newKeySet()));
  }

  void run(String importId) {
    try {
      while (true) {
        Round round = inTransaction(s -> nextRound(s, importId));
        if (round.step() == Step.STOP
            || runRound(importId, round.work(), round.keys()) == Step.STOP) {
          return;
        }
        after[round.work()] = round.keys().get(round.keys().size() - 1);
      }
    } catch (RuntimeException e) {
      // The database or the node is in trouble: the lease expires and this or another node goes
      // on (the attempt counts bound how often).
      LOG.warnf(
          "Bulk import %s paused on node %s (%s); it resumes when its lease expires",
          importId, lease.nodeId(), FailureKind.name(e));
      LOG.debugf(e, "Bulk import %s paused", importId);
    }
  }

  /** Renews the lease and gives the round to the first work with open keys. */
  private Round nextRound(KeycloakSession session, String importId) {
    EntityManager em = em(session);
    BulkImportEntity job = lease.renew(em, importId);
    RealmModel realm = job == null ? null : session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return new Round(Step.STOP, 0, List.of()); // the realm is being removed: its imports too
    }
    session.getContext().setRealm(realm);
    if (!end.goesOn(session, job, realm)) {
      return new Round(Step.STOP, 0, List.of());
    }
    int size = settings.jobBatchSize() * settings.jobThreads();
    long now = System.currentTimeMillis();
    boolean anyDeferred = false;
    for (int w = 0; w < works.size(); w++) {
      List<Integer> keys = nextKeys(em, importId, w, now, size);
      if (!keys.isEmpty()) {
        return new Round(Step.MORE, w, keys);
      }
      anyDeferred |= !deferred.get(w).isEmpty();
    }
    if (anyDeferred) {
      lease.release(em, importId); // a later run tries the keys that failed in this one
      LOG.debugf("Bulk import %s: keys that failed in this run are left to a later one", importId);
    } else {
      end.noWorkLeft(session, job, lease);
    }
    return new Round(Step.STOP, 0, List.of());
  }

  /**
   * A work's next open keys after its cursor, those deferred in this run left out; from the first
   * key again when nothing is left after the cursor (keys left behind it: retried ones).
   */
  private List<Integer> nextKeys(EntityManager em, String importId, int w, long now, int size) {
    RoundWork work = works.get(w);
    Set<Integer> skip = deferred.get(w);
    for (int pass = 0; pass < 2; pass++) {
      int from = pass == 0 ? after[w] : 0;
      if (pass == 1 && after[w] == 0) {
        break;
      }
      while (true) {
        List<Integer> raw = work.next(em, importId, now, from, size);
        if (raw.isEmpty()) {
          break;
        }
        List<Integer> keys = raw.stream().filter(k -> !skip.contains(k)).toList();
        if (!keys.isEmpty()) {
          return keys;
        }
        from = raw.get(raw.size() - 1);
      }
      after[w] = 0;
    }
    return List.of();
  }

  private Step runRound(String importId, int w, List<Integer> keys) {
    List<Future<Step>> running = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += settings.jobBatchSize()) {
      List<Integer> part = keys.subList(i, Math.min(keys.size(), i + settings.jobBatchSize()));
      FutureTask<Step> task = new FutureTask<>(() -> runBatch(importId, w, part));
      batches.execute(task);
      running.add(task);
    }
    Step result = Step.MORE;
    RuntimeException trouble = null;
    for (Future<Step> task : running) {
      try {
        if (task.get() == Step.STOP) {
          result = Step.STOP;
        }
      } catch (ExecutionException e) {
        trouble =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during work on bulk import " + importId, e);
      }
    }
    if (trouble != null) {
      throw trouble;
    }
    return result;
  }

  private Step runBatch(String importId, int w, List<Integer> keys) {
    RoundWork work = works.get(w);
    try {
      Taken taken = inTransaction(s -> take(s, importId, work, keys, true));
      if (taken == null) {
        return Step.STOP;
      }
      List<Integer> oneByOne = new ArrayList<>(taken.oneByOne());
      Set<Integer> counted = new HashSet<>();
      if (!taken.together().isEmpty()) {
        try {
          RoundWork.Acted acted = inTransaction(s -> act(s, importId, work, taken.together()));
          if (acted == null) {
            return Step.STOP;
          }
          afterCommit(importId, acted);
          // Counted by this take-up, not acted on yet: their own transactions come next.
          oneByOne.addAll(acted.alone());
          counted.addAll(acted.alone());
        } catch (JobLease.Lost e) {
          return Step.STOP;
        } catch (RuntimeException e) {
          noteFailure(importId, work, taken.together(), e);
          if (FailureKind.isConnectionProblem(e)) {
            throw e;
          }
          LOG.debugf(
              "A %s batch of bulk import %s failed (%s); going on key by key",
              work.name(), importId, FailureKind.name(e));
          oneByOne.addAll(taken.together());
        }
      }
      Collections.sort(oneByOne);
      return oneByOne(importId, w, oneByOne, counted);
    } catch (JobLease.Lost e) {
      return Step.STOP;
    }
  }

  /** Each key in a transaction of its own; each counted first unless {@code counted} holds it. */
  private Step oneByOne(String importId, int w, List<Integer> keys, Set<Integer> counted) {
    RoundWork work = works.get(w);
    for (Integer key : keys) {
      if (!counted.contains(key)) {
        Taken taken = inTransaction(s -> take(s, importId, work, List.of(key), false));
        if (taken == null) {
          return Step.STOP;
        }
        if (taken.oneByOne().isEmpty()) {
          continue; // resolved meanwhile, or its attempts were used up
        }
      }
      try {
        RoundWork.Acted acted = inTransaction(s -> act(s, importId, work, List.of(key)));
        if (acted == null) {
          return Step.STOP;
        }
        afterCommit(importId, acted);
      } catch (JobLease.Lost e) {
        return Step.STOP;
      } catch (RuntimeException e) {
        noteFailure(importId, work, List.of(key), e);
        if (FailureKind.isConnectionProblem(e)) {
          throw e;
        }
        if (!work.retriesFailures()) {
          LOG.infof(
              "Bulk import %s: a user could not be processed (%s)", importId, FailureKind.name(e));
          try {
            if (inTransaction(s -> fail(s, importId, work, key, e)) == null) {
              return Step.STOP;
            }
          } catch (JobLease.Lost lost) {
            return Step.STOP;
          }
          continue;
        }
        deferred.get(w).add(key);
        LOG.infof(
            "Bulk import %s: a %s of one user failed (%s); tried again later",
            importId, work.name(), FailureKind.name(e));
      }
    }
    return Step.MORE;
  }

  /**
   * Takes keys up: those whose attempts are used up are given up at once; the others are counted,
   * now, in this transaction of its own. With {@code asBatch}, keys never taken up before are
   * returned to run together (when there are several) and the others to run one at a time, each
   * counted when its turn comes. Returns null when the import is no longer this node's.
   */
  private Taken take(
      KeycloakSession session,
      String importId,
      RoundWork work,
      List<Integer> keys,
      boolean asBatch) {
    EntityManager em = em(session);
    BulkImportEntity job = em.find(BulkImportEntity.class, importId);
    if (!lease.holds(job)) {
      return null;
    }
    List<RoundWork.Open> exhausted = new ArrayList<>();
    List<Integer> fresh = new ArrayList<>();
    List<Integer> retried = new ArrayList<>();
    for (RoundWork.Open open : work.open(em, importId, keys, System.currentTimeMillis())) {
      if (open.attempts() >= settings.maxAttempts()) {
        exhausted.add(open);
      } else if (open.attempts() == 0) {
        fresh.add(open.key());
      } else {
        retried.add(open.key());
      }
    }
    if (!exhausted.isEmpty()) {
      work.giveUp(session, job, exhausted);
      LOG.infof(
          "Bulk import %s: the %s of %d users failed %d times in a row and is given up",
          importId, work.name(), exhausted.size(), settings.maxAttempts());
    }
    List<Integer> counted;
    Taken taken;
    if (asBatch && fresh.size() > 1) {
      counted = fresh;
      taken = new Taken(fresh, retried);
    } else {
      List<Integer> all = new ArrayList<>(fresh);
      all.addAll(retried);
      Collections.sort(all);
      counted = asBatch ? List.of() : all;
      taken = new Taken(List.of(), all);
    }
    if (!counted.isEmpty()) {
      work.countAttempt(em, importId, counted);
    }
    return taken;
  }

  /** One transaction of the work, under the lease; null when this node no longer holds it. */
  private RoundWork.Acted act(
      KeycloakSession session, String importId, RoundWork work, List<Integer> keys) {
    BulkImportEntity job = em(session).find(BulkImportEntity.class, importId);
    if (!lease.holds(job)) {
      return null;
    }
    RealmModel realm = session.realms().getRealm(job.getRealmId());
    if (realm == null) {
      return RoundWork.Acted.NOTHING; // the realm is being removed; the next round stops
    }
    session.getContext().setRealm(realm);
    return work.act(session, job, realm, keys);
  }

  /** Resolves a key that failed for a reason of its own, under the lease; null when lost. */
  private Boolean fail(
      KeycloakSession session, String importId, RoundWork work, int key, RuntimeException e) {
    BulkImportEntity job = em(session).find(BulkImportEntity.class, importId);
    if (!lease.holds(job)) {
      return null;
    }
    work.fail(session, job, key, e);
    return Boolean.TRUE;
  }

  private void afterCommit(String importId, RoundWork.Acted acted) {
    if (acted.afterCommit() == null) {
      return;
    }
    try {
      acted.afterCommit().run();
    } catch (RuntimeException e) {
      LOG.warnf(
          "Bulk import %s: work after a committed batch failed (%s)",
          importId, FailureKind.name(e));
    }
  }

  /** Records the failure on the keys, in a transaction of its own; best effort. */
  private void noteFailure(
      String importId, RoundWork work, List<Integer> keys, RuntimeException cause) {
    try {
      inTransaction(
          s -> {
            work.noteFailure(em(s), importId, keys, FailureKind.name(cause));
            return null;
          });
    } catch (RuntimeException e) {
      LOG.debugf("Bulk import %s: could not record a failure (%s)", importId, FailureKind.name(e));
    }
  }

  /**
   * One transaction, tried again when the database gave up on it for a reason that is not the
   * users' (a lock wait timed out, a deadlock victim, a serialization failure): parallel batches
   * touch the same import row, and now and then the same shared Keycloak rows.
   */
  private <T> T inTransaction(Function<KeycloakSession, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, work::apply);
      } catch (RuntimeException e) {
        if (attempt >= 3 || !FailureKind.isContention(e)) {
          throw e;
        }
        LOG.debugf(
            "A transaction collided with another (%s); attempt %d",
            FailureKind.name(e), attempt + 1);
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
