package io.github.academyoffboarding.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.LdapFederation;
import io.github.academyoffboarding.testing.LdapServer;
import io.github.academyoffboarding.testing.LdapServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ways Keycloak itself removes users of a real LDAP federation provider: a learner deleted in
 * LDAP and then looked up (Keycloak removes the local copy it can no longer validate, through
 * {@code UserManager}), "Remove imported users", and deleting the provider. The learners' academy
 * rows go: with the user where Keycloak publishes {@code UserRemovedEvent}, with the provider in
 * the transaction that deletes it (its admin event, {@code ProviderRemovalListener}), and with the
 * reconciliation where Keycloak publishes nothing ("Remove imported users"); the bystanders — a
 * local user and the learners of a second LDAP provider of the same realm — keep theirs.
 */
@ExtendWith({KeycloakServerExtension.class, LdapServerExtension.class})
class FederationRemovalPathsIT {

  private static final String LDAP_PASSWORD = "learner-secret";

  private KeycloakServer kc;
  private LdapServer ldap;
  private TestRealm realm;
  private BulkFlow flow;
  private String unit;
  private String otherUnit;
  private LdapFederation federation;
  private Map<String, String> learnerDns;
  private Map<String, String> learnerIds;
  private Map<String, String> otherDns;
  private Map<String, String> otherIds;
  private String local;

  @BeforeEach
  void setUp(KeycloakServer kc, LdapServer ldap) {
    this.kc = kc;
    this.ldap = ldap;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    unit = realm.name();
    otherUnit = realm.name() + "-other";
    ldap.createUnit(unit);
    ldap.createUnit(otherUnit);
    learnerDns = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      learnerDns.put(
          "learner-" + i,
          ldap.addLearner(unit, "learner-" + i, "learner-" + i + "@example.org", LDAP_PASSWORD));
    }
    otherDns = new LinkedHashMap<>();
    for (int i = 0; i < 2; i++) {
      otherDns.put(
          "other-" + i,
          ldap.addLearner(otherUnit, "other-" + i, "other-" + i + "@example.org", LDAP_PASSWORD));
    }
    federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(3);
    LdapFederation other = LdapFederation.add(kc, realm, ldap, otherUnit);
    assertThat(other.syncAll().get("added").asInt()).isEqualTo(2);
    learnerIds = LdapFederation.importedIds(realm, learnerDns.keySet());
    otherIds = LdapFederation.importedIds(realm, otherDns.keySet());
    local = realm.createUser("local-0", "local-0@example.org");
    learnerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    otherIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    flow.addAcademyData(realm.master(), local);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aLearnerDeletedInLdapGoesWithItsRowsWhenKeycloakLooksItUp() {
    String gone = "learner-1";
    ldap.delete(learnerDns.get(gone));
    // Keycloak validates an imported user against LDAP when it loads it, not when it serves it
    // from its cache.
    TestResponse cleared = realm.master().post(realm.path("/clear-user-cache"), null);
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(204);

    AdminClient master = realm.master();
    assertThat(master.get(realm.path("/users/" + learnerIds.get(gone))).status()).isEqualTo(404);
    assertThat(
            kc.database()
                .count("select count(*) from USER_ENTITY where ID = ?", learnerIds.get(gone)))
        .as("the local copy is removed")
        .isZero();
    // Keycloak removes the copy through UserManager, which publishes UserRemovedEvent: the rows go
    // in that transaction, with no reconciliation.
    assertThat(kc.database().academyRows(learnerIds.get(gone))).isZero();
    assertThat(realm.usersNamed(gone)).isEmpty();
    for (String uid : List.of("learner-0", "learner-2")) {
      assertThat(master.get(realm.path("/users/" + learnerIds.get(uid))).status()).isEqualTo(200);
      assertThat(kc.database().academyRows(learnerIds.get(uid))).isEqualTo(2);
    }
    assertBystandersKeepEverything();
  }

  @Test
  void removeImportedUsersTakesTheirRowsAtTheReconciliationAndLeavesLdapAlone() {
    federation.removeImportedUsers();

    for (Map.Entry<String, String> learner : learnerIds.entrySet()) {
      assertThat(
              kc.database()
                  .count("select count(*) from USER_ENTITY where ID = ?", learner.getValue()))
          .as("imported copy of %s", learner.getKey())
          .isZero();
      assertThat(ldap.exists(learnerDns.get(learner.getKey()))).isTrue();
    }
    // Keycloak publishes nothing here: the reconciliation is the safety net.
    JsonNode removed = reconcile();
    assertThat(removed.get("learningRecordsRemoved").asLong()).isEqualTo(3);
    assertThat(removed.get("certificatesRemoved").asLong()).isEqualTo(3);
    for (String id : learnerIds.values()) {
      assertThat(kc.database().academyRows(id)).isZero();
    }
    assertBystandersKeepEverything();
    // The learners are still in LDAP: the next look-up imports them again, as new users.
    List<JsonNode> again = realm.usersNamed("learner-0");
    assertThat(again).hasSize(1);
    assertThat(again.get(0).get("id").asText()).isNotEqualTo(learnerIds.get("learner-0"));
  }

  @Test
  void deletingTheProviderTakesItsLearnersAndTheirRowsInThatTransaction() {
    // One learner is pending deletion by an import with a restore window: the provider's deletion
    // takes it too, and its mark must not outlive it.
    JsonNode scheduled = flow.scheduleDelete(List.of("learner-2"), "P1D", Duration.ofSeconds(60));
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    String importId = scheduled.get("id").asText();
    assertThat(kc.database().academyRows(learnerIds.get("learner-2"))).isEqualTo(2);

    federation.delete();

    for (Map.Entry<String, String> learner : learnerIds.entrySet()) {
      assertThat(
              kc.database()
                  .count("select count(*) from USER_ENTITY where ID = ?", learner.getValue()))
          .as("imported copy of %s", learner.getKey())
          .isZero();
      // Keycloak forgets the provider; the directory keeps its people.
      assertThat(ldap.exists(learnerDns.get(learner.getKey()))).isTrue();
      // Keycloak removes a provider's users in bulk without a per-user event; the admin event of
      // the component's deletion comes first, in the same transaction, and takes their rows: no
      // reconciliation has run.
      assertThat(kc.database().academyRows(learner.getValue()))
          .as("rows of %s right after the provider's deletion", learner.getKey())
          .isZero();
    }
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ?", importId))
        .isZero();
    JsonNode ended = flow.get(importId);
    assertThat(ended.get("status").asText()).isEqualTo("COMPLETED");
    JsonNode row = flow.rows(importId).get(0);
    assertThat(row.get("outcome").asText()).isEqualTo("GONE");
    assertThat(row.get("messageKey").asText()).isEqualTo("bulk.outcome.removed-elsewhere");
    assertThat(reconcile().get("learningRecordsRemoved").asLong())
        .as("nothing left for the reconciliation")
        .isZero();
    assertThat(realm.usersNamed("learner-0")).isEmpty();
    assertBystandersKeepEverything();
  }

  @Test
  void deletingAnotherKindOfComponentLeavesEveryLearnerAlone() {
    // A key provider is a component too: its DELETE admin event must not touch any user's rows.
    TestResponse created =
        realm
            .master()
            .post(
                realm.path("/components"),
                Map.of(
                    "name",
                    "extra-hmac",
                    "providerId",
                    "hmac-generated",
                    "providerType",
                    "org.keycloak.keys.KeyProvider",
                    "parentId",
                    realm.id(),
                    "config",
                    Map.of("priority", List.of("10"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String location = created.header("Location");
    String keyId = location.substring(location.lastIndexOf('/') + 1);

    TestResponse deleted = realm.master().delete(realm.path("/components/" + keyId));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

    for (String id : learnerIds.values()) {
      assertThat(kc.database().academyRows(id)).isEqualTo(2);
    }
    assertBystandersKeepEverything();
  }

  private JsonNode reconcile() {
    TestResponse r = realm.admin().post(realm.path("/academy/reconciliation"), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private void assertBystandersKeepEverything() {
    AdminClient master = realm.master();
    for (Map.Entry<String, String> other : otherIds.entrySet()) {
      assertThat(master.get(realm.path("/users/" + other.getValue())).status())
          .as("user %s", other.getKey())
          .isEqualTo(200);
      assertThat(ldap.exists(otherDns.get(other.getKey()))).isTrue();
      assertThat(kc.database().academyRows(other.getValue()))
          .as("rows of %s", other.getKey())
          .isEqualTo(2);
    }
    assertThat(master.get(realm.path("/users/" + local)).status()).isEqualTo(200);
    assertThat(kc.database().academyRows(local)).isEqualTo(2);
  }
}
