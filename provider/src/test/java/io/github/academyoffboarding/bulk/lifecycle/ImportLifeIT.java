package io.github.academyoffboarding.bulk.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestDatabase;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The import's life against a real Keycloak ({@link ImportLife}): a SCHEDULED import that a race
 * left without pending users ends by itself; a job that failed with users pending stays FAILED once
 * they are resolved; delete-now on a job still running does not move the import's own due time.
 * Where a state cannot be reached on demand through the API (a race's outcome, a job caught
 * mid-run), the test puts the database in that state over JDBC, as the race or the job leaves it,
 * and lets the server go on from there (the test server's scheduler polls every second).
 */
@ExtendWith(KeycloakServerExtension.class)
class ImportLifeIT {

  private static final Duration JOB = Duration.ofMinutes(2);

  private KeycloakServer kc;
  private TestDatabase db;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    db = kc.database();
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  /**
   * The race: the job's end counts the marks while a restore resolves the last one, in a
   * transaction that does not see the job's end yet; neither ends the import. Its outcome is forced
   * here: the import SCHEDULED, its rows RESTORED and its marks gone, nobody to end it.
   */
  @Test
  void raceOutcomeForcedScheduledWithoutMarksEndsCompletedByItself() {
    flow.createUsers("rc", 2);
    JsonNode scheduled = flow.scheduleDelete(usernames("rc", 2), "P1D", JOB);
    String importId = scheduled.get("id").asText();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scheduled.get("pendingDeletions").asLong()).isEqualTo(2);

    long forced = System.currentTimeMillis();
    db.update(
        "update ACADEMY_BULK_IMPORT_ROW set OUTCOME = 'RESTORED' where IMPORT_ID = ? and"
            + " OUTCOME = 'SCHEDULED'",
        importId);
    assertThat(db.update("delete from ACADEMY_PENDING_DELETION where IMPORT_ID = ?", importId))
        .isEqualTo(2);

    JsonNode done = flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(10));
    assertThat(System.currentTimeMillis() - forced).isLessThan(10_000);
    assertThat(done.hasNonNull("finishedAt")).as("the history retention counts from here").isTrue();
    assertThat(Instant.parse(done.get("finishedAt").asText()).toEpochMilli())
        .isGreaterThanOrEqualTo(forced - 1_000);
    assertThat(done.hasNonNull("errorMessage")).isFalse();
  }

  /**
   * A job that fails ("The admin who started the import no longer exists.") while users it
   * scheduled are pending stays SCHEDULED until they are resolved, then ends FAILED, not COMPLETED.
   * The job is caught mid-run by putting the scheduled import back to RUNNING with no lease, after
   * removing the admin who committed it: the scheduler claims it and the job's next round finds its
   * admin gone.
   */
  @Test
  void aJobThatFailedWithUsersPendingEndsFailedOnceTheyAreRestored() {
    flow.createUsers("fa", 2);
    String importId = flow.scheduleDelete(usernames("fa", 2), "P1D", JOB).get("id").asText();
    String adminId = realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();
    TestResponse removed = realm.master().delete(realm.path("/users/" + adminId));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertThat(
            db.update(
                "update ACADEMY_BULK_IMPORT set STATUS = 'RUNNING', ENDS_AS = null,"
                    + " LEASE_OWNER = null, LEASE_UNTIL = null where ID = ? and STATUS ="
                    + " 'SCHEDULED'",
                importId))
        .isEqualTo(1);

    JsonNode failing =
        BulkFlow.await(
            () -> {
              JsonNode imp = get(importId);
              return imp.hasNonNull("errorMessage") ? imp : null;
            },
            Duration.ofSeconds(30),
            "the job to fail");
    assertThat(failing.get("status").asText()).as("users still pending").isEqualTo("SCHEDULED");
    assertThat(failing.get("errorMessage").asText())
        .isEqualTo("The admin who started the import no longer exists.");
    assertThat(failing.get("pendingDeletions").asLong()).isEqualTo(2);
    assertThat(failing.hasNonNull("finishedAt")).isFalse();

    JsonNode restored = flow.restore(realm.master(), importId, null, Duration.ofSeconds(60));
    assertThat(restored.get("restored").asInt()).isEqualTo(2);

    JsonNode ended =
        BulkFlow.await(
            () -> {
              JsonNode imp = get(importId);
              return imp.get("status").asText().equals("SCHEDULED") ? null : imp;
            },
            Duration.ofSeconds(10),
            "the import to end");
    assertThat(ended.get("status").asText()).as("FAILED is never overwritten").isEqualTo("FAILED");
    assertThat(ended.get("errorMessage").asText())
        .isEqualTo("The admin who started the import no longer exists.");
    assertThat(ended.hasNonNull("finishedAt")).isTrue();
    // Nothing turns it into anything else later (the scheduler's sweep included).
    BulkFlow.sleep(2_500);
    assertThat(get(importId).get("status").asText()).isEqualTo("FAILED");
  }

  /**
   * delete-now while the job still schedules users makes due the users already scheduled, not the
   * import's own due time, which the job gives the users it schedules later. The job is held
   * RUNNING by a lease of a node that does not exist, so that nothing runs it meanwhile.
   */
  @Test
  void deleteNowOnARunningImportKeepsTheImportsDueTime() {
    List<String> ids = flow.createUsers("dr", 2);
    JsonNode scheduled = flow.scheduleDelete(usernames("dr", 2), "P1D", JOB);
    String importId = scheduled.get("id").asText();
    Instant dueAt = Instant.parse(scheduled.get("deletionDueAt").asText());
    assertThat(dueAt).isAfter(Instant.now().plus(Duration.ofHours(23)));
    assertThat(
            db.update(
                "update ACADEMY_BULK_IMPORT set STATUS = 'RUNNING', LEASE_OWNER ="
                    + " 'it-no-such-node', LEASE_UNTIL = ? where ID = ?",
                System.currentTimeMillis() + Duration.ofMinutes(10).toMillis(),
                importId))
        .isEqualTo(1);

    long asked = System.currentTimeMillis();
    TestResponse now = flow.deleteNow(realm.admin(), importId);
    assertThat(now.status()).as(now.toString()).isEqualTo(202);
    assertThat(now.json().get("deleting").asInt()).isEqualTo(2);
    JsonNode running = flow.get(importId);
    assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    assertThat(Instant.parse(running.get("deletionDueAt").asText()))
        .as("what the job gives the users it schedules from now on")
        .isEqualTo(dueAt);
    assertThat(
            db.count(
                "select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ? and DUE_AT <= ?",
                importId,
                System.currentTimeMillis()))
        .as("the users already scheduled are due")
        .isEqualTo(2);
    assertThat(
            db.count(
                "select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ? and DUE_AT >= ?",
                importId,
                asked - 1_000))
        .isEqualTo(2);

    // The job ends (its lease given back as its end would): the purge deletes the due users.
    db.update(
        "update ACADEMY_BULK_IMPORT set STATUS = 'SCHEDULED', LEASE_OWNER = null,"
            + " LEASE_UNTIL = null where ID = ?",
        importId);
    JsonNode done = flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(30));
    assertThat(Instant.parse(done.get("deletionDueAt").asText())).isEqualTo(dueAt);
    for (String id : ids) {
      assertThat(realm.admin().get(realm.path("/users/" + id)).status()).isEqualTo(404);
    }
  }

  private JsonNode get(String importId) {
    TestResponse r = realm.master().get(realm.path("/bulk-users/imports/" + importId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static List<String> usernames(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + i);
    }
    return names;
  }
}
