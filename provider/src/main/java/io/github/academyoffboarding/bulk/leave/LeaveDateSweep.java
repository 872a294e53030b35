package io.github.academyoffboarding.bulk.leave;

import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.bulk.RealmTimeZone;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Leave dates from HR's data (SPI option {@code leave-date-attribute}): enabled users whose
 * attribute holds a date that has ended in the {@code time-zone} are deactivated, or with {@code
 * leave-date-action=DELETE} deactivated and deleted when the restore window ends, through an import
 * of origin ATTRIBUTE per realm and page ({@link AttributeImport}) that the engine runs as a job.
 * Each (realm, user, date) is acted on once ({@link LeaveDates}): a user an admin restores or
 * enables again keeps the date and is left alone; a new date acts anew.
 *
 * <p>Run from the job scheduler's tick, by one node at a time and at most once per poll interval
 * ({@link SweepTurn}); per realm, one indexed query when nobody is due ({@link LeaveDates#DUE}).
 */
public final class LeaveDateSweep {

  private static final Logger LOG = Logger.getLogger(LeaveDateSweep.class);

  /** Users per import (and per transaction). */
  static final int PAGE = 1000;

  /** A bound on the pages of one realm in one run; the next run goes on. */
  private static final int MAX_PAGES = 1000;

  private final KeycloakSessionFactory factory;
  private final BulkSettings settings;
  private final SweepTurn turn;

  public LeaveDateSweep(KeycloakSessionFactory factory, BulkSettings settings, String nodeId) {
    this.factory = factory;
    this.settings = settings;
    this.turn = new SweepTurn(nodeId);
  }

  /**
   * Sweeps every realm when the option is set and it is this node's turn; returns how many imports
   * it wrote.
   */
  public int runIfDue() {
    long now = System.currentTimeMillis();
    // Which realms sweep, and where their day is: read from Keycloak's realm cache, so a server
    // where no realm has a leave-date attribute writes nothing (not even the turn).
    List<RealmSweep> realms =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory,
            s ->
                s.realms()
                    .getRealmsStream()
                    .map(r -> RealmSweep.of(r, settings, now))
                    .filter(r -> r.leave().on())
                    .sorted(java.util.Comparator.comparing(RealmSweep::realmId))
                    .toList());
    if (realms.isEmpty()) {
      return 0;
    }
    boolean mine =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory, s -> turn.take(em(s), now, now + settings.lease().toMillis()));
    if (!mine) {
      return 0;
    }
    int imports = 0;
    try {
      for (RealmSweep realm : realms) {
        imports += sweep(realm.realmId(), realm.leave(), realm.notEndedFrom());
      }
    } finally {
      KeycloakModelUtils.runJobInTransaction(
          factory,
          s -> turn.end(em(s), System.currentTimeMillis() + settings.pollInterval().toMillis()));
    }
    return imports;
  }

  private int sweep(String realmId, LeaveDateSettings leave, String notEndedFrom) {
    int imports = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      Page done;
      try {
        done =
            KeycloakModelUtils.runJobInTransactionWithResult(
                factory, s -> page(s, realmId, leave, notEndedFrom));
      } catch (RuntimeException e) {
        // Another node's run wrote the same users first (the primary key), or the database failed:
        // nothing of this page was written; the next run looks again.
        LOG.infof(
            "Leave-date sweep of realm %s stopped for this run: %s",
            realmId, e.getClass().getName());
        LOG.debugf(e, "Leave-date sweep of realm %s", realmId);
        return imports;
      }
      imports += done.importId() == null ? 0 : 1;
      if (done.found() < PAGE) {
        return imports;
      }
    }
    return imports;
  }

  /**
   * One realm's sweep: its settings (the realm's attributes over the server's options) and the
   * first day that has not ended in its zone ({@code academy.time-zone} over {@code time-zone}).
   */
  private record RealmSweep(String realmId, LeaveDateSettings leave, String notEndedFrom) {
    static RealmSweep of(RealmModel realm, BulkSettings settings, long now) {
      return new RealmSweep(
          realm.getId(),
          LeaveDateSettings.forRealm(realm, settings.leaveDates()),
          AttributeDate.notEndedFrom(
              Instant.ofEpochMilli(now), RealmTimeZone.of(realm, settings.timeZone())));
    }
  }

  /** What one page did: the values found, the import written (or null). */
  private record Page(int found, String importId) {}

  private Page page(
      KeycloakSession session, String realmId, LeaveDateSettings leave, String notEndedFrom) {
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      return new Page(0, null);
    }
    LeaveDates dates = new LeaveDates(em(session));
    List<LeaveDates.Due> found = dates.due(realmId, leave.attribute(), notEndedFrom, PAGE);
    if (found.isEmpty()) {
      return new Page(0, null);
    }
    LocalDate today = LocalDate.parse(notEndedFrom);
    Map<String, LeaveDates.Due> users = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    List<String[]> acted = new ArrayList<>();
    List<LeaveDates.Acted> notDates = new ArrayList<>();
    for (LeaveDates.Due due : found) {
      String kept = AttributeDate.kept(due.value());
      if (!seen.add(due.userId() + '\n' + kept)) {
        continue; // the same date twice (a multi-valued attribute)
      }
      LocalDate date = AttributeDate.parse(due.value());
      if (date == null) {
        notDates.add(new LeaveDates.Acted(due.userId(), kept, null));
      } else if (date.isBefore(today)) {
        users.putIfAbsent(due.userId(), due);
        acted.add(new String[] {due.userId(), kept});
      }
    }
    long now = System.currentTimeMillis();
    String importId =
        users.isEmpty()
            ? null
            : AttributeImport.write(
                session, realm, settings, leave, List.copyOf(users.values()), now);
    List<LeaveDates.Acted> record = new ArrayList<>(notDates);
    for (String[] a : acted) {
      record.add(new LeaveDates.Acted(a[0], a[1], importId));
    }
    dates.record(realmId, record, now);
    if (!notDates.isEmpty()) {
      // Left alone, once per value: the sweep never guesses what 01/02/2027 means.
      LOG.warnf(
          "Leave-date sweep: realm %s has %d users whose attribute %s is not an ISO date"
              + " (YYYY-MM-DD); they are left alone",
          realm.getName(), notDates.size(), leave.attribute());
      notDates.forEach(
          n -> LOG.debugf("Realm %s, user %s: %s is not an ISO date", realmId, n.userId(), n));
    }
    if (importId != null) {
      LOG.infof(
          "Leave-date sweep: realm %s, %d users whose %s has ended: import %s (%s)",
          realm.getName(), users.size(), leave.attribute(), importId, leave.action());
    }
    return new Page(found.size(), importId);
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
