package io.github.academyoffboarding.bulk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.RealmDay;
import io.github.academyoffboarding.testing.TestDatabase;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine's metrics on Keycloak's own {@code /metrics} (management port): registered from the
 * extension in Micrometer's global registry, exposed by Quarkus' Prometheus registry. Each test has
 * its realm, and reads the series tagged with it: counters change by exactly what the test did; the
 * database-wide gauges follow within a few scheduler ticks (the server polls every second).
 */
@ExtendWith(KeycloakServerExtension.class)
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PROCESSED = "academy_offboarding_rows_processed_total";
  private static final String FAILED = "academy_offboarding_rows_failed_total";
  private static final String PENDING = "academy_offboarding_users_pending";
  private static final String OVERDUE = "academy_offboarding_users_overdue";
  private static final String IMPORTS = "academy_offboarding_imports";

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aJobCountsItsRowsByActionAndTheImportsByStatus() {
    flow.createUsers("mj", 3);
    long start = System.nanoTime();
    MetricsScrape before = scrape();
    assertThat(before.value(PROCESSED, "realm", realm.name()))
        .as("a realm without a job has no row series")
        .isNull();

    JsonNode done = flow.runByUsername("DEACTIVATE", List.of("mj-0", "mj-1", "mj-2"));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    JsonNode back = flow.runByUsername("REACTIVATE", List.of("mj-0", "mj-2"));
    assertThat(back.get("status").asText()).isEqualTo("COMPLETED");

    MetricsScrape after = scrape();
    assertThat(after.count(PROCESSED, "realm", realm.name(), "action", "DEACTIVATE")).isEqualTo(3);
    assertThat(after.count(PROCESSED, "realm", realm.name(), "action", "REACTIVATE")).isEqualTo(2);
    assertThat(after.value(FAILED, "realm", realm.name(), "action", "DEACTIVATE"))
        .as("registered with the processed rows: a failure rate reads 0, not no data")
        .isEqualTo(0.0);
    assertThat(after.value(FAILED, "realm", realm.name(), "action", "REACTIVATE")).isEqualTo(0.0);
    assertThat(after.value(PROCESSED, "realm", realm.name(), "action", "DELETE")).isNull();

    MetricsScrape gauges =
        awaitScrape(
            s -> s.count(IMPORTS, "realm", realm.name(), "status", "COMPLETED") == 2,
            "two COMPLETED imports");
    assertThat(gauges.value(IMPORTS, "realm", realm.name(), "status", "RUNNING")).isEqualTo(0.0);
    assertThat(gauges.value(IMPORTS, "realm", realm.name(), "status", "SCHEDULED")).isEqualTo(0.0);
    assertThat(gauges.value(IMPORTS, "realm", realm.name(), "status", "EXPIRED")).isNull();
    assertThat(
            gauges.value(
                "academy_offboarding_oldest_running_job_age_seconds", "realm", realm.name()))
        .isEqualTo(0.0);
    assertThat(gauges.value("academy_offboarding_gauges_age_seconds"))
        .as("refreshed every poll interval (1 s)")
        .isNotNull()
        .isLessThan(10.0);
    System.out.printf(
        "MetricsIT job: counters and gauges read in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void aDatedImportCountsItsUsersPendingDeactivationUntilTheirDay() {
    flow.createUsers("md", 3);
    long start = System.nanoTime();
    LocalDate today = RealmDay.endingIn(realm, Duration.ofSeconds(14)).today();
    String importId =
        commitRows(
            "DEACTIVATE",
            List.of(
                Map.of("identifier", "md-0", "date", today.toString()),
                Map.of("identifier", "md-1", "date", today.toString()),
                Map.of("identifier", "md-2", "date", today.toString())));
    assertThat(flow.awaitEnd(importId, WAIT).get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scrape().count(PROCESSED, "realm", realm.name(), "action", "DEACTIVATE"))
        .as("the job took the rows (WAITING)")
        .isEqualTo(3);
    MetricsScrape waiting =
        awaitScrape(
            s -> s.count(PENDING, "realm", realm.name(), "kind", "deactivation") == 3,
            "3 users pending deactivation");
    assertThat(waiting.value(PENDING, "realm", realm.name(), "kind", "deletion")).isEqualTo(0.0);
    assertThat(waiting.value(OVERDUE, "realm", realm.name(), "kind", "deactivation"))
        .isEqualTo(0.0);
    assertThat(waiting.value(IMPORTS, "realm", realm.name(), "status", "SCHEDULED")).isEqualTo(1.0);

    flow.awaitStatus(importId, "COMPLETED", WAIT);
    MetricsScrape done =
        awaitScrape(
            s -> s.count(PENDING, "realm", realm.name(), "kind", "deactivation") == 0,
            "none pending deactivation");
    assertThat(done.value(OVERDUE, "realm", realm.name(), "kind", "deactivation")).isEqualTo(0.0);
    assertThat(done.value(FAILED, "realm", realm.name(), "action", "DEACTIVATE")).isEqualTo(0.0);
    System.out.printf(
        "MetricsIT dated: %d ms (the realm's day ended 14 s after the start)%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void restoreAndPurgeCountTheirUsersAndEmptyThePendingDeletions() {
    List<String> ids = flow.createUsers("mp", 4);
    long start = System.nanoTime();
    String importId =
        flow.scheduleDelete(List.of("mp-0", "mp-1", "mp-2", "mp-3"), "PT1H", WAIT)
            .get("id")
            .asText();
    MetricsScrape scheduled =
        awaitScrape(
            s -> s.count(PENDING, "realm", realm.name(), "kind", "deletion") == 4,
            "4 users pending deletion");
    assertThat(scheduled.count(PROCESSED, "realm", realm.name(), "action", "DELETE")).isEqualTo(4);
    assertThat(scheduled.value(OVERDUE, "realm", realm.name(), "kind", "deletion"))
        .as("due in an hour")
        .isEqualTo(0.0);
    double restoredBefore =
        scheduled.count("academy_offboarding_users_restored_total", "realm", realm.name());
    double purgedBefore =
        scheduled.count("academy_offboarding_users_purged_total", "realm", realm.name());
    assertThat(restoredBefore).as("a fresh realm").isZero();
    assertThat(purgedBefore).isZero();

    JsonNode restore =
        flow.restore(realm.admin(), importId, Map.of("userIds", ids.subList(0, 2)), WAIT);
    assertThat(restore.get("restored").asInt()).isEqualTo(2);
    MetricsScrape restored = scrape();
    assertThat(restored.count("academy_offboarding_users_restored_total", "realm", realm.name()))
        .isEqualTo(2);
    assertThat(
            restored.count(
                "academy_offboarding_restore_batch_seconds_count", "realm", realm.name()))
        .isGreaterThanOrEqualTo(1);
    awaitScrape(
        s -> s.count(PENDING, "realm", realm.name(), "kind", "deletion") == 2,
        "2 users pending deletion after the restore");

    TestResponse now = flow.deleteNow(realm.admin(), importId);
    assertThat(now.status()).as(now.toString()).isEqualTo(202);
    flow.awaitStatus(importId, "COMPLETED", WAIT);
    MetricsScrape purged = scrape();
    assertThat(purged.count("academy_offboarding_users_purged_total", "realm", realm.name()))
        .isEqualTo(2);
    assertThat(purged.count("academy_offboarding_purge_batch_seconds_count", "realm", realm.name()))
        .isGreaterThanOrEqualTo(1);
    assertThat(purged.count(FAILED, "realm", realm.name(), "action", "DELETE")).isZero();
    MetricsScrape settled =
        awaitScrape(
            s ->
                s.count(PENDING, "realm", realm.name(), "kind", "deletion") == 0
                    && s.count(IMPORTS, "realm", realm.name(), "status", "COMPLETED") == 1,
            "none pending deletion");
    assertThat(settled.value(OVERDUE, "realm", realm.name(), "kind", "deletion")).isEqualTo(0.0);
    assertThat(settled.value(IMPORTS, "realm", realm.name(), "status", "SCHEDULED")).isEqualTo(0.0);
    System.out.printf(
        "MetricsIT restore and purge: %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * A row that fails is counted failed as well as processed. The failure is real: a trigger on
   * Keycloak's {@code USER_ENTITY} refuses to delete users named {@code mheld…} (as
   * BoundedRetriesIT does), so it needs PostgreSQL or MariaDB.
   */
  @Test
  void aRowThatFailsCountsAsProcessedAndFailed() throws SQLException {
    TestDatabase db = kc.database();
    assumeFalse(db.kind().equals("h2"), "needs a database trigger: -Ppostgres or -Pmariadb");
    realm.createUser("mok0", "mok0@example.org");
    realm.createUser("mheld0", "mheld0@example.org");
    realm.createUser("mok1", "mok1@example.org");
    trigger(db, true);
    JsonNode done;
    try {
      done = flow.runByUsername("DELETE", List.of("mok0", "mheld0", "mok1"));
    } finally {
      trigger(db, false);
    }
    assertThat(done.at("/progress/failed").asInt()).as(done.toString()).isEqualTo(1);
    MetricsScrape after = scrape();
    assertThat(after.count(PROCESSED, "realm", realm.name(), "action", "DELETE")).isEqualTo(3);
    assertThat(after.count(FAILED, "realm", realm.name(), "action", "DELETE")).isEqualTo(1);
  }

  private static void trigger(TestDatabase db, boolean on) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      if (db.kind().equals("postgres")) {
        if (on) {
          st.execute(
              "CREATE OR REPLACE FUNCTION academy_it_metrics_held() RETURNS trigger LANGUAGE"
                  + " plpgsql AS $$ BEGIN IF OLD.username LIKE 'mheld%' THEN RAISE EXCEPTION"
                  + " '% is on hold (test trigger)', OLD.username; END IF; RETURN OLD; END $$");
          st.execute(
              "CREATE TRIGGER academy_it_metrics_held BEFORE DELETE ON user_entity FOR EACH ROW"
                  + " EXECUTE FUNCTION academy_it_metrics_held()");
        } else {
          st.execute("DROP TRIGGER IF EXISTS academy_it_metrics_held ON user_entity");
          st.execute("DROP FUNCTION IF EXISTS academy_it_metrics_held()");
        }
      } else if (on) {
        st.execute(
            "CREATE TRIGGER academy_it_metrics_held BEFORE DELETE ON USER_ENTITY FOR EACH ROW"
                + " BEGIN IF OLD.USERNAME LIKE 'mheld%' THEN SIGNAL SQLSTATE '45000' SET"
                + " MESSAGE_TEXT = 'on hold (test trigger)'; END IF; END");
      } else {
        st.execute("DROP TRIGGER IF EXISTS academy_it_metrics_held");
      }
    }
  }

  // ---- helpers ----

  private MetricsScrape scrape() {
    return MetricsScrape.of(kc.managementUrl());
  }

  private MetricsScrape awaitScrape(
      java.util.function.Predicate<MetricsScrape> ready, String what) {
    MetricsScrape[] last = new MetricsScrape[1];
    try {
      return BulkFlow.await(
          () -> {
            last[0] = scrape();
            return published(last[0]) && ready.test(last[0]) ? last[0] : null;
          },
          Duration.ofSeconds(30),
          what + " in /metrics");
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; our series:\n" + ours(last[0] == null ? "" : last[0].text()), e);
    }
  }

  /**
   * Whether every gauge series of the realm is in the scrape. A scrape is not atomic: one taken
   * while a refresh adds a new realm's rows, meter after meter, may hold some of them only; the
   * next one holds all.
   */
  private boolean published(MetricsScrape s) {
    String r = realm.name();
    for (var status : GaugeSnapshot.STORED) {
      if (s.value(IMPORTS, "realm", r, "status", status.name()) == null) {
        return false;
      }
    }
    for (var kind : GaugeSnapshot.PendingKind.values()) {
      if (s.value(PENDING, "realm", r, "kind", kind.tag()) == null
          || s.value(OVERDUE, "realm", r, "kind", kind.tag()) == null) {
        return false;
      }
    }
    return s.value("academy_offboarding_oldest_running_job_age_seconds", "realm", r) != null;
  }

  private String ours(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("academy_offboarding_")
          && (line.contains("\"" + realm.name() + "\"") || !line.contains("realm="))) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  private String commitRows(String action, List<Map<String, String>> rows) {
    TestResponse created =
        realm
            .admin()
            .post(
                realm.path("/bulk-users/imports"),
                Map.of("action", action, "matchBy", "USERNAME", "rows", rows));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    TestResponse committed =
        realm.admin().post(realm.path("/bulk-users/imports/" + id + "/commit"), null);
    assertThat(committed.status()).as(committed.toString()).isEqualTo(202);
    return id;
  }
}
