package io.github.academyoffboarding.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.LdapFederation;
import io.github.academyoffboarding.testing.LdapServer;
import io.github.academyoffboarding.testing.LdapServerExtension;
import io.github.academyoffboarding.testing.TestDatabase;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider's deletion whose academy clean-up fails loses nothing: the deletion is rolled back
 * whole — the provider, its imported users and their rows are all still there, never users gone
 * with rows left behind —; once the failure is gone, the same deletion goes through with the rows.
 *
 * <p>What the admin is answered is Keycloak's: {@code AdminEventBuilder} swallows a listener's
 * exception, so on MariaDB the request ends with {@code 204} and a rolled-back transaction (the
 * provider is still listed), while on PostgreSQL the failed statement aborts the transaction and
 * Keycloak's own next statement answers {@code 500}.
 *
 * <p>The failure is real: a trigger on {@code ACADEMY_LEARNING_RECORD} refuses to delete one
 * learner's rows. Needs PostgreSQL or MariaDB ({@code -Ppostgres}, {@code -Pmariadb}; CI runs
 * both): an H2 trigger is a Java class on Keycloak's classpath.
 */
@ExtendWith({KeycloakServerExtension.class, LdapServerExtension.class})
class ProviderRemovalFailureIT {

  private KeycloakServer kc;
  private TestDatabase db;
  private LdapServer ldap;
  private TestRealm realm;

  @BeforeEach
  void setUp(KeycloakServer kc, LdapServer ldap) {
    this.kc = kc;
    this.ldap = ldap;
    db = kc.database();
    assumeFalse(
        db.kind().equals("h2"),
        "the failing clean-up needs a database trigger: run it with -Ppostgres or -Pmariadb");
    realm = TestRealm.create(kc);
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
  void aFailedCleanUpRollsTheProviderDeletionBackWhole() throws SQLException {
    BulkFlow flow = new BulkFlow(kc, realm);
    String unit = realm.name();
    ldap.createUnit(unit);
    List<String> uids = List.of("held-0", "learner-1");
    for (String uid : uids) {
      ldap.addLearner(unit, uid, uid + "@example.org", "learner-secret");
    }
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(2);
    Map<String, String> ids = LdapFederation.importedIds(realm, uids);
    ids.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    createTrigger(ids.get("held-0"));

    TestResponse refused = realm.master().delete(realm.path("/components/" + federation.id()));

    if (db.kind().equals("postgres")) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
    }
    assertThat(realm.master().get(realm.path("/components/" + federation.id())).status())
        .as("the provider is still there")
        .isEqualTo(200);
    for (Map.Entry<String, String> learner : ids.entrySet()) {
      assertThat(db.count("select count(*) from USER_ENTITY where ID = ?", learner.getValue()))
          .as("imported user %s", learner.getKey())
          .isEqualTo(1);
      assertThat(db.academyRows(learner.getValue()))
          .as("rows of %s", learner.getKey())
          .isEqualTo(2);
    }

    dropTrigger();
    TestResponse deleted = realm.master().delete(realm.path("/components/" + federation.id()));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    for (String id : ids.values()) {
      assertThat(db.count("select count(*) from USER_ENTITY where ID = ?", id)).isZero();
      assertThat(db.academyRows(id)).isZero();
    }
  }

  private void createTrigger(String userId) throws SQLException {
    // The id is Keycloak's UUID, safe to inline in the trigger's body.
    assertThat(userId).matches("[0-9a-f-]{36}");
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      if (db.kind().equals("postgres")) {
        st.execute(
            "CREATE OR REPLACE FUNCTION academy_it_held() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF OLD.user_id = '"
                + userId
                + "' THEN RAISE EXCEPTION 'learning records on hold (test trigger)'; END IF;"
                + " RETURN OLD; END $$");
        st.execute(
            "CREATE TRIGGER academy_it_held BEFORE DELETE ON academy_learning_record FOR EACH ROW"
                + " EXECUTE FUNCTION academy_it_held()");
      } else {
        st.execute(
            "CREATE TRIGGER academy_it_held BEFORE DELETE ON ACADEMY_LEARNING_RECORD FOR EACH ROW"
                + " BEGIN IF OLD.USER_ID = '"
                + userId
                + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT ="
                + " 'learning records on hold (test trigger)'; END IF; END");
      }
    }
  }

  private void dropTrigger() throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      if (db.kind().equals("postgres")) {
        st.execute("DROP TRIGGER IF EXISTS academy_it_held ON academy_learning_record");
        st.execute("DROP FUNCTION IF EXISTS academy_it_held()");
      } else {
        st.execute("DROP TRIGGER IF EXISTS academy_it_held");
      }
    }
  }
}
