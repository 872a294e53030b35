package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestDatabase;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user whose removal fails the same way on every try is given up after {@code max-attempts}
 * transactions, across the lease take-overs that a failure read as a database problem causes, and
 * the job goes on with the others. The failure is real: a trigger on Keycloak's {@code USER_ENTITY}
 * raises SQLSTATE 57014 (what PostgreSQL reports for a statement timeout, and which the job treats
 * as a database in trouble: it pauses and resumes) for users named {@code stuck…}, and an ordinary
 * error for users named {@code held…}. On PostgreSQL a deferred constraint trigger also fails the
 * commit of users named {@code late…} with SQLSTATE 08006 (a connection failure): the statements
 * went through and the commit is what fails, as when a connection is cut between the last statement
 * and the commit (Narayana then carries the driver's exception as a suppressed one, not as the
 * cause).
 *
 * <p>Needs PostgreSQL or MariaDB ({@code -Ppostgres}, {@code -Pmariadb}): an H2 trigger is a Java
 * class on Keycloak's own class path. With the test server's 10 s lease it takes about four lease
 * periods.
 */
@ExtendWith(KeycloakServerExtension.class)
class BoundedRetriesIT {

  private KeycloakServer kc;
  private TestDatabase db;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    db = kc.database();
    assumeFalse(
        db.kind().equals("h2"),
        "the bounded retries test needs a database trigger: run it with -Ppostgres or -Pmariadb");
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (realm == null) {
      return;
    }
    dropTrigger();
    realm.close();
  }

  @Test
  void aUserThatFailsEveryTimeIsGivenUpAfterMaxAttemptsAndTheJobGoesOn() throws SQLException {
    String keep0 = realm.createUser("keep0", "keep0@example.org");
    String stuck = realm.createUser("stuck0", "stuck0@example.org");
    String held = realm.createUser("held0", "held0@example.org");
    String keep1 = realm.createUser("keep1", "keep1@example.org");
    boolean postgres = db.kind().equals("postgres");
    List<String> names = new java.util.ArrayList<>(List.of("keep0", "stuck0", "held0", "keep1"));
    String late = null;
    if (postgres) {
      late = realm.createUser("late0", "late0@example.org");
      names.add("late0");
    }
    createTrigger();

    long start = System.nanoTime();
    JsonNode done = flow.runByUsername("DELETE", names, Duration.ofMinutes(4));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(names.size());
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(2);
    assertThat(done.at("/progress/failed").asInt()).isEqualTo(names.size() - 2);
    Map<String, JsonNode> byUser =
        flow.rows(done.get("id").asText()).stream()
            .collect(Collectors.toMap(r -> r.get("userId").asText(), r -> r));
    assertThat(byUser.get(keep0).get("outcome").asText()).isEqualTo("DELETED");
    assertThat(byUser.get(keep1).get("outcome").asText()).isEqualTo("DELETED");

    int maxAttempts = BulkSettings.defaults().maxAttempts();
    JsonNode given = byUser.get(stuck);
    assertThat(given.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(given.get("messageKey").asText()).isEqualTo("bulk.outcome.failed-repeatedly");
    assertThat(given.get("messageParams").get(0).asText()).isEqualTo(String.valueOf(maxAttempts));
    assertThat(given.get("messageParams").get(1).asText())
        .as("the failure's class and SQLSTATE")
        .matches("\\w+ 57014");
    assertThat(given.get("message").asText())
        .contains("failed " + maxAttempts + " times")
        .doesNotContain("test trigger");

    if (late != null) {
      // A commit that fails as a lost connection would is a database problem, not this user's: it
      // is tried again like the statement time-out, and named by the driver's exception.
      JsonNode lateRow = byUser.get(late);
      assertThat(lateRow.get("outcome").asText()).isEqualTo("FAILED");
      assertThat(lateRow.get("messageKey").asText())
          .as(lateRow.toString())
          .isEqualTo("bulk.outcome.failed-repeatedly");
      assertThat(lateRow.get("messageParams").get(1).asText()).isEqualTo("PSQLException 08006");
      assertThat(realm.master().get(realm.path("/users/" + late)).status()).isEqualTo(200);
    }

    JsonNode failed = byUser.get(held);
    assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(failed.get("messageKey").asText()).isEqualTo("bulk.outcome.failed");
    assertThat(failed.get("messageParams").get(0).asText()).matches("\\w+ (P0001|45000)");
    assertThat(failed.get("message").asText()).doesNotContain("test trigger");

    // Counted in the database: every transaction that took the row up, the last one included.
    assertThat(
            db.count(
                "select ATTEMPTS from ACADEMY_BULK_IMPORT_ROW where IMPORT_ID = ? and USER_ID = ?",
                done.get("id").asText(),
                stuck))
        .isEqualTo(maxAttempts);
    assertThat(kc.log()).contains("Bulk import " + done.get("id").asText() + " paused on node");
    // The users the trigger protects are still there; the others are gone.
    assertThat(realm.master().get(realm.path("/users/" + stuck)).status()).isEqualTo(200);
    assertThat(realm.master().get(realm.path("/users/" + held)).status()).isEqualTo(200);
    assertThat(realm.master().get(realm.path("/users/" + keep0)).status()).isEqualTo(404);
    assertThat(realm.master().get(realm.path("/users/" + keep1)).status()).isEqualTo(404);
    System.out.printf("BoundedRetriesIT: the job ended after %d s%n", seconds);
  }

  /**
   * The same failures at the end of a restore window. The purge tries every failure again up to
   * {@code max-attempts}, across runs (the statement time-out and the refusal alike: the refusal
   * may be an LDAP time-out or a lock that goes away), then gives the users up; they are not left
   * disabled and unlisted: {@code needs-attention} lists them with the reason, and a restore from
   * there enables them again with their academy data.
   */
  @Test
  void usersWhosePurgeFailsEveryTimeAreListedAsNeedingAttentionThenRestored() throws SQLException {
    String stuck = realm.createUser("stuck1", "stuck1@example.org");
    String held = realm.createUser("held1", "held1@example.org");
    String keep = realm.createUser("keep2", "keep2@example.org");
    for (String id : List.of(stuck, held, keep)) {
      flow.addAcademyData(realm.admin(), id);
    }
    createTrigger();
    String importId =
        flow.scheduleDelete(List.of("stuck1", "held1", "keep2"), "PT2S", Duration.ofMinutes(1))
            .get("id")
            .asText();
    JsonNode done = flow.awaitStatus(importId, "COMPLETED", Duration.ofMinutes(4));
    Map<String, JsonNode> byUser =
        flow.rows(done.get("id").asText()).stream()
            .collect(Collectors.toMap(r -> r.get("userId").asText(), r -> r));
    assertThat(byUser.get(keep).get("outcome").asText()).isEqualTo("DELETED");
    assertThat(byUser.get(stuck).get("messageKey").asText())
        .isEqualTo("bulk.outcome.failed-repeatedly");
    assertThat(byUser.get(held).get("messageKey").asText())
        .as("a refusal is tried again too, then given up")
        .isEqualTo("bulk.outcome.failed-repeatedly");

    TestResponse listed = realm.admin().get(realm.path("/bulk-users/needs-attention"));
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.header("X-Total-Count")).isEqualTo("2");
    Map<String, JsonNode> attention = new java.util.HashMap<>();
    listed.json().forEach(u -> attention.put(u.get("userId").asText(), u));
    assertThat(attention).containsOnlyKeys(stuck, held);
    assertThat(attention.get(stuck).get("reason").asText())
        .isEqualTo("bulk.outcome.failed-repeatedly");
    assertThat(attention.get(stuck).get("reasonParams").get(0).asText())
        .isEqualTo(String.valueOf(BulkSettings.defaults().maxAttempts()));
    assertThat(attention.get(stuck).get("importId").asText()).isEqualTo(importId);
    assertThat(attention.get(held).get("reason").asText())
        .isEqualTo("bulk.outcome.failed-repeatedly");
    assertThat(attention.get(held).get("reasonParams").get(0).asText())
        .isEqualTo(String.valueOf(BulkSettings.defaults().maxAttempts()));
    assertThat(attention.get(held).get("message").asText()).doesNotContain("test trigger");

    for (String id : List.of(stuck, held)) {
      assertThat(realm.master().get(realm.path("/users/" + id)).json().get("enabled").asBoolean())
          .isFalse();
      TestResponse restored =
          realm.admin().post(realm.path("/bulk-users/needs-attention/" + id + "/restore"), null);
      assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
      assertThat(restored.json().get("outcome").asText()).isEqualTo("RESTORED");
      assertThat(realm.master().get(realm.path("/users/" + id)).json().get("enabled").asBoolean())
          .as("enabled again, as it was before the import")
          .isTrue();
      assertThat(db.academyRows(id)).as("its academy data intact").isEqualTo(2);
    }
    TestResponse empty = realm.admin().get(realm.path("/bulk-users/needs-attention"));
    assertThat(empty.json()).isEmpty();
    assertThat(empty.header("X-Total-Count")).isEqualTo("0");
  }

  private void createTrigger() throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      if (db.kind().equals("postgres")) {
        st.execute(
            "CREATE OR REPLACE FUNCTION academy_it_stuck() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN"
                + " IF OLD.username LIKE 'stuck%' THEN RAISE EXCEPTION"
                + " 'canceling statement due to statement timeout (test trigger)' USING ERRCODE ="
                + " '57014'; END IF;"
                + " IF OLD.username LIKE 'held%' THEN RAISE EXCEPTION '% is on hold (test"
                + " trigger)', OLD.username; END IF;"
                + " RETURN OLD; END $$");
        st.execute(
            "CREATE TRIGGER academy_it_stuck BEFORE DELETE ON user_entity FOR EACH ROW"
                + " EXECUTE FUNCTION academy_it_stuck()");
        st.execute(
            "CREATE OR REPLACE FUNCTION academy_it_late() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN"
                + " IF OLD.username LIKE 'late%' THEN RAISE EXCEPTION"
                + " 'connection failure at commit (test trigger)' USING ERRCODE = '08006'; END IF;"
                + " RETURN OLD; END $$");
        st.execute(
            "CREATE CONSTRAINT TRIGGER academy_it_late AFTER DELETE ON user_entity"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION academy_it_late()");
      } else {
        st.execute(
            "CREATE TRIGGER academy_it_stuck BEFORE DELETE ON USER_ENTITY FOR EACH ROW BEGIN"
                + " IF OLD.USERNAME LIKE 'stuck%' THEN SIGNAL SQLSTATE '57014' SET MESSAGE_TEXT ="
                + " 'canceling statement due to statement timeout (test trigger)'; END IF;"
                + " IF OLD.USERNAME LIKE 'held%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT ="
                + " 'on hold (test trigger)'; END IF;"
                + " END");
      }
    }
  }

  private void dropTrigger() throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      if (db.kind().equals("postgres")) {
        st.execute("DROP TRIGGER IF EXISTS academy_it_stuck ON user_entity");
        st.execute("DROP FUNCTION IF EXISTS academy_it_stuck()");
        st.execute("DROP TRIGGER IF EXISTS academy_it_late ON user_entity");
        st.execute("DROP FUNCTION IF EXISTS academy_it_late()");
      } else {
        st.execute("DROP TRIGGER IF EXISTS academy_it_stuck");
      }
    }
  }
}
