package io.github.academyoffboarding.bulk.retention;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.job.DatabaseOutage;
import io.github.academyoffboarding.bulk.jpa.BulkImportEntity;
import io.github.academyoffboarding.bulk.lifecycle.ImportLife;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Forgets who an import was about once it has ended for longer than {@code history-retention} (or
 * its realm's shorter {@link RealmHistoryRetention}): its rows lose their identifier, user id,
 * message and message parameter, and the import gets {@code HISTORY_ERASED_AT}. What stays is the
 * record of what was done: the import (action, who, when, file name, summary counts, the job's
 * error, which is a fixed sentence naming no user) and per row its number, status, outcome and
 * message key, so that outcome counts and the reasons behind them stay countable. A message key is
 * the name of a catalogue entry, never personal; its parameter is erased too, although it is meant
 * to be safe, because it is the one free-text part of a message.
 *
 * <p>Run by every node's scheduler tick. When there is nothing to do it costs one query on the
 * index {@code (HISTORY_ERASED_AT, FINISHED_AT)}. Cluster-safe: a node claims an import with a
 * conditional update of the lease columns (which an ended import no longer uses), erases its rows
 * in chunks of the primary key, one short transaction each, renewing its claim with every chunk,
 * and marks the import last, so a node that dies midway leaves an import that another node picks up
 * again once the claim has run out; erasing a row twice changes nothing.
 */
public final class HistoryRetention {

  private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

  /** Only these have ended; expired previews are not kept at all (the scheduler deletes them). */
  static final List<String> ENDED = ImportLife.ended();

  /** Imports looked at per pass. */
  static final int IMPORTS_PER_PASS = 10;

  /** Rows erased per transaction: short locks, a small undo log. */
  static final int ROWS_PER_TRANSACTION = 500;

  /**
   * Rows erased per pass at most (then the rest waits for the next tick): the pass runs on the
   * scheduler's thread, which also starts jobs.
   */
  static final int ROWS_PER_PASS = 20_000;

  /** A row that still has any of the columns the purge erases. */
  private static final String PERSONAL_LEFT =
      "r.identifier is not null or r.userId is not null or r.message is not null"
          + " or r.messageParam is not null";

  private final KeycloakSessionFactory factory;
  private final Duration retention;
  private final Duration claim;
  private final String nodeId;

  HistoryRetention(
      KeycloakSessionFactory factory, Duration retention, Duration claim, String nodeId) {
    this.factory = factory;
    this.retention = retention;
    this.claim = claim;
    this.nodeId = nodeId;
  }

  /**
   * One pass on behalf of node {@code nodeId}; throws only when the database is unreachable (the
   * scheduler logs the outage once); any other failure is logged and the next tick tries again.
   * Returns how many imports this pass erased.
   */
  public static int purge(KeycloakSessionFactory factory, BulkSettings settings, String nodeId) {
    try {
      return new HistoryRetention(factory, settings.historyRetention(), settings.lease(), nodeId)
          .pass(System.currentTimeMillis());
    } catch (RuntimeException e) {
      if (DatabaseOutage.isUnreachable(e)) {
        throw e; // the scheduler's poll logs a database outage once
      }
      LOG.warnf(
          e,
          "Node %s could not erase the history of ended bulk imports; the next poll tries again."
              + " If this repeats, report it with this stack trace.",
          nodeId);
      return 0;
    }
  }

  /**
   * Whether the import's rows are due for erasure, or erased: the REST API stops showing them from
   * that moment, even before a purge has run.
   */
  public static boolean isPastRetention(BulkImportEntity e, Duration retention, long now) {
    return e.getHistoryErasedAt() != null
        || (ENDED.contains(e.getStatus())
            && e.getFinishedAt() != null
            && e.getFinishedAt() < now - retention.toMillis());
  }

  /** {@code P90D} as "90 days", {@code PT12H} as "12 hours"; anything else as ISO-8601. */
  public static String describe(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toSeconds() % 3_600 == 0) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return d.toString();
  }

  int pass(long now) {
    int erased = 0;
    int budget = ROWS_PER_PASS;
    // Realms with a shorter retention of their own first, then every realm at the server's: what
    // is past the server's retention is past any realm's.
    List<Scope> scopes = new ArrayList<>(shorterRealms(now));
    scopes.add(new Scope(null, now - retention.toMillis()));
    for (Scope scope : scopes) {
      for (String id : due(scope, now)) {
        if (budget <= 0 || !claim(id, scope.cutoff())) {
          continue;
        }
        Erasure result = erase(id, budget);
        budget -= result.rows();
        if (result.complete() && markErased(id)) {
          erased++;
          LOG.debugf("Erased the row history of bulk import %s", id);
        }
      }
    }
    if (erased > 0) {
      LOG.infof(
          "Erased the row history (identifiers, user ids, messages) of %d bulk imports that ended"
              + " more than %s ago (or their realm's %s)",
          erased, describe(retention), RealmHistoryRetention.REALM_ATTRIBUTE);
    }
    return erased;
  }

  /** Imports of one realm ({@code realmId}) or of all ({@code null}) that ended before a cutoff. */
  private record Scope(String realmId, long cutoff) {}

  /**
   * The realms whose attribute {@value RealmHistoryRetention#REALM_ATTRIBUTE} shortens the
   * retention: one query on Keycloak's realm attributes, usually answering nothing.
   */
  private List<Scope> shorterRealms(long now) {
    List<Object[]> set =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory,
            s ->
                em(s)
                    .createQuery(
                        "select a.realm.id, a.realm.name, a.value from RealmAttributeEntity a"
                            + " where a.name = :name",
                        Object[].class)
                    .setParameter("name", RealmHistoryRetention.REALM_ATTRIBUTE)
                    .getResultList());
    List<Scope> scopes = new ArrayList<>();
    for (Object[] realm : set) {
      Duration own = RealmHistoryRetention.of((String) realm[1], (String) realm[2], retention);
      if (own.compareTo(retention) < 0) {
        scopes.add(new Scope((String) realm[0], now - own.toMillis()));
      }
    }
    return scopes;
  }

  private List<String> due(Scope scope, long now) {
    return KeycloakModelUtils.runJobInTransactionWithResult(
        factory,
        s -> {
          TypedQuery<String> q =
              em(s)
                  .createQuery(
                      "select i.id from BulkImportEntity i where i.historyErasedAt is null"
                          + " and i.finishedAt < :cutoff and i.status in :ended"
                          + (scope.realmId() == null ? "" : " and i.realmId = :realm")
                          + " and (i.leaseUntil is null or i.leaseUntil < :now"
                          + " or i.leaseOwner = :owner) order by i.finishedAt",
                      String.class)
                  .setParameter("cutoff", scope.cutoff())
                  .setParameter("ended", ENDED)
                  .setParameter("now", now)
                  .setParameter("owner", nodeId)
                  .setMaxResults(IMPORTS_PER_PASS);
          if (scope.realmId() != null) {
            q.setParameter("realm", scope.realmId());
          }
          return q.getResultList();
        });
  }

  private boolean claim(String id, long cutoff) {
    long now = System.currentTimeMillis();
    return KeycloakModelUtils.runJobInTransactionWithResult(
        factory,
        s ->
            em(s)
                    .createQuery(
                        "update BulkImportEntity i set i.leaseOwner = :owner, i.leaseUntil = :until,"
                            + " i.version = i.version + 1 where i.id = :id"
                            + " and i.historyErasedAt is null and i.finishedAt < :cutoff"
                            + " and i.status in :ended"
                            + " and (i.leaseUntil is null or i.leaseUntil < :now"
                            + " or i.leaseOwner = :owner)")
                    .setParameter("owner", nodeId)
                    .setParameter("until", now + claim.toMillis())
                    .setParameter("id", id)
                    .setParameter("cutoff", cutoff)
                    .setParameter("ended", ENDED)
                    .setParameter("now", now)
                    .executeUpdate()
                == 1);
  }

  /** How many rows were looked at, and whether all of the import's rows are done. */
  private record Erasure(int rows, boolean complete) {}

  private Erasure erase(String id, int budget) {
    // From the first row not yet erased (by this node's earlier pass, or by a node that died), so
    // that an import spread over several passes is not walked from its first row each time.
    Object[] range =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory,
            s ->
                em(s)
                    .createQuery(
                        "select min(r.rowNo), max(r.rowNo) from BulkImportRowEntity r"
                            + " where r.importId = :id and ("
                            + PERSONAL_LEFT
                            + ")",
                        Object[].class)
                    .setParameter("id", id)
                    .getSingleResult());
    if (range[0] == null) {
      return new Erasure(0, true); // nothing (left) to erase
    }
    int resume = ((Number) range[0]).intValue();
    int last = ((Number) range[1]).intValue();
    int rows = 0;
    for (int from = resume; from <= last; from += ROWS_PER_TRANSACTION) {
      if (rows >= budget) {
        return new Erasure(rows, false);
      }
      int lo = from;
      int hi = (int) Math.min((long) from + ROWS_PER_TRANSACTION - 1, last);
      boolean stillOurs =
          KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> chunk(s, id, lo, hi));
      if (!stillOurs) {
        return new Erasure(
            rows, false); // another node took over (our claim ran out), or it is done
      }
      rows += hi - lo + 1;
    }
    return new Erasure(rows, true);
  }

  /**
   * Renews the claim and erases the rows {@code lo..hi}; false when the claim is no longer ours.
   */
  private boolean chunk(KeycloakSession session, String id, int lo, int hi) {
    EntityManager em = em(session);
    int renewed =
        em.createQuery(
                "update BulkImportEntity i set i.leaseUntil = :until, i.version = i.version + 1"
                    + " where i.id = :id and i.leaseOwner = :owner and i.historyErasedAt is null")
            .setParameter("until", System.currentTimeMillis() + claim.toMillis())
            .setParameter("id", id)
            .setParameter("owner", nodeId)
            .executeUpdate();
    if (renewed == 0) {
      return false;
    }
    em.createQuery(
            "update BulkImportRowEntity r set r.identifier = null, r.userId = null,"
                + " r.message = null, r.messageParam = null"
                + " where r.importId = :id and r.rowNo between :lo and :hi and ("
                + PERSONAL_LEFT
                + ")")
        .setParameter("id", id)
        .setParameter("lo", lo)
        .setParameter("hi", hi)
        .executeUpdate();
    return true;
  }

  /** The import is erased, once, by the node that holds the claim; the claim is released. */
  private boolean markErased(String id) {
    return KeycloakModelUtils.runJobInTransactionWithResult(
        factory,
        s ->
            em(s)
                    .createQuery(
                        "update BulkImportEntity i set i.historyErasedAt = :now,"
                            + " i.leaseOwner = null, i.leaseUntil = null, i.version = i.version + 1"
                            + " where i.id = :id and i.leaseOwner = :owner"
                            + " and i.historyErasedAt is null")
                    .setParameter("now", System.currentTimeMillis())
                    .setParameter("id", id)
                    .setParameter("owner", nodeId)
                    .executeUpdate()
                == 1);
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
