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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulk imports acting on learners of a real LDAP server (OpenLDAP, see {@link LdapServer}) through
 * Keycloak's LDAP user federation (import on, writable): a delete removes the learner from Keycloak
 * and from LDAP and takes its academy rows; a deactivation keeps both; an e-mail shared by a local
 * user and an LDAP learner, imported or not yet, is ambiguous and nobody is touched. Every test
 * checks that the bystanders (local users, the other LDAP learners) keep their users, their LDAP
 * entries and their academy rows.
 */
@ExtendWith({KeycloakServerExtension.class, LdapServerExtension.class})
class FederatedLearnersIT {

  private static final String LDAP_PASSWORD = "learner-secret";

  private KeycloakServer kc;
  private LdapServer ldap;
  private TestRealm realm;
  private BulkFlow flow;
  private String unit;

  @BeforeEach
  void setUp(KeycloakServer kc, LdapServer ldap) {
    this.kc = kc;
    this.ldap = ldap;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    // One organizational unit per test keeps the tests' learners apart on the shared server.
    unit = realm.name();
    ldap.createUnit(unit);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void bulkDeleteRemovesLdapLearnersFromKeycloakAndLdapWithTheirRows() {
    Map<String, String> leavers = addLdapLearners("leaver", 3);
    Map<String, String> stayers = addLdapLearners("stayer", 2);
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(5);
    Map<String, String> leaverIds = LdapFederation.importedIds(realm, leavers.keySet());
    Map<String, String> stayerIds = LdapFederation.importedIds(realm, stayers.keySet());
    String local = realm.createUser("local-0", "local-0@example.org");
    leaverIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    stayerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    flow.addAcademyData(realm.master(), local);

    JsonNode preview = flow.preview(realm.admin(), "DELETE", emails(leavers.keySet()));
    assertThat(preview.at("/summary/toProcess").asInt()).as(preview.toString()).isEqualTo(3);
    assertThat(preview.at("/summary/learningRecords").asLong()).isEqualTo(3);
    assertThat(preview.at("/summary/certificates").asLong()).isEqualTo(3);
    JsonNode done = commitAndAwait(preview);

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    // Each learner is removed in a transaction of its own, and counted once.
    assertThat(done.at("/progress/succeeded").asInt()).as(done.toString()).isEqualTo(3);
    assertThat(done.at("/progress/failed").asInt()).isZero();
    assertThat(done.at("/outcomes/DELETED").asInt()).isEqualTo(3);
    assertThat(flow.rows(done.get("id").asText()))
        .hasSize(3)
        .allSatisfy(
            r -> assertThat(r.get("outcome").asText()).as(r.toString()).isEqualTo("DELETED"));
    AdminClient master = realm.master();
    for (Map.Entry<String, String> leaver : leaverIds.entrySet()) {
      assertThat(master.get(realm.path("/users/" + leaver.getValue())).status()).isEqualTo(404);
      assertThat(ldap.exists(leavers.get(leaver.getKey())))
          .as("LDAP entry of %s", leaver.getKey())
          .isFalse();
      // A search reaches LDAP too: the learner is not imported again.
      assertThat(realm.usersNamed(leaver.getKey())).isEmpty();
      assertThat(kc.database().academyRows(leaver.getValue())).isZero();
    }
    assertBystandersKeepEverything(stayers, stayerIds, local);
  }

  @Test
  void bulkDeactivateDisablesLdapLearnersAndKeepsTheirEntriesAndRows() {
    Map<String, String> leavers = addLdapLearners("leaver", 3);
    Map<String, String> stayers = addLdapLearners("stayer", 2);
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(5);
    Map<String, String> leaverIds = LdapFederation.importedIds(realm, leavers.keySet());
    Map<String, String> stayerIds = LdapFederation.importedIds(realm, stayers.keySet());
    String local = realm.createUser("local-0", "local-0@example.org");
    leaverIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    stayerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    flow.addAcademyData(realm.master(), local);

    JsonNode preview = flow.preview(realm.admin(), "DEACTIVATE", emails(leavers.keySet()));
    assertThat(preview.at("/summary/toProcess").asInt()).as(preview.toString()).isEqualTo(3);
    JsonNode done = commitAndAwait(preview);

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(flow.rows(done.get("id").asText()))
        .hasSize(3)
        .allSatisfy(
            r -> assertThat(r.get("outcome").asText()).as(r.toString()).isEqualTo("DEACTIVATED"));
    AdminClient master = realm.master();
    for (Map.Entry<String, String> leaver : leaverIds.entrySet()) {
      JsonNode user = master.get(realm.path("/users/" + leaver.getValue())).json();
      assertThat(user.get("enabled").asBoolean()).as(user.toString()).isFalse();
      assertThat(user.get("federationLink").asText()).isEqualTo(federation.id());
      assertThat(ldap.exists(leavers.get(leaver.getKey()))).isTrue();
      assertThat(kc.database().academyRows(leaver.getValue())).isEqualTo(2);
    }
    // A disabled learner cannot log in, even with the right LDAP password.
    assertThat(passwordLogin(leaverIds.keySet().iterator().next())).isEqualTo(400);
    assertBystandersKeepEverything(stayers, stayerIds, local);
    assertThat(passwordLogin(stayerIds.keySet().iterator().next())).isEqualTo(200);
  }

  /**
   * Issue 19: an LDAP learner removed from the directory during the restore window. At the due time
   * the purge looks the learners up before it takes their marks: Keycloak finds the entry gone and
   * removes the local copy in a transaction of its own, whose cascade resolves the mark; the purge
   * must not hold that mark's lock meanwhile (it did: the nested removal waited for it). The
   * learner ends GONE, the others DELETED, and the purge is not held up.
   */
  @Test
  void aLearnerGoneFromLdapDuringTheWindowEndsGoneAndThePurgeGoesOn() {
    Map<String, String> leavers = addLdapLearners("leaver", 3);
    Map<String, String> stayers = addLdapLearners("stayer", 2);
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(5);
    Map<String, String> leaverIds = LdapFederation.importedIds(realm, leavers.keySet());
    Map<String, String> stayerIds = LdapFederation.importedIds(realm, stayers.keySet());
    leaverIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    stayerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    JsonNode scheduled =
        flow.scheduleDelete("EMAIL", emails(leavers.keySet()), "P1D", Duration.ofMinutes(2));
    assertThat(scheduled.get("status").asText()).as(scheduled.toString()).isEqualTo("SCHEDULED");
    String id = scheduled.get("id").asText();

    // HR's directory drops one of them during the window.
    String goneUid = leavers.keySet().iterator().next();
    ldap.delete(leavers.get(goneUid));
    long start = System.nanoTime();
    assertThat(flow.deleteNow(realm.admin(), id).status()).isEqualTo(202);
    JsonNode done = flow.awaitStatus(id, "COMPLETED", Duration.ofMinutes(1));
    System.out.printf(
        "purge of 3 LDAP learners, one gone from the directory: %.1f s%n",
        (System.nanoTime() - start) / 1e9);

    assertThat(done.at("/outcomes/DELETED").asInt()).as(done.toString()).isEqualTo(2);
    assertThat(done.at("/outcomes/GONE").asInt()).as(done.toString()).isEqualTo(1);
    assertThat(done.get("pendingDeletions").asInt()).isZero();
    AdminClient master = realm.master();
    for (Map.Entry<String, String> leaver : leaverIds.entrySet()) {
      assertThat(master.get(realm.path("/users/" + leaver.getValue())).status()).isEqualTo(404);
      assertThat(ldap.exists(leavers.get(leaver.getKey()))).isFalse();
      assertThat(kc.database().academyRows(leaver.getValue()))
          .as("rows of " + leaver.getKey())
          .isZero();
    }
    assertThat(realm.admin().get(realm.path("/bulk-users/needs-attention")).json()).isEmpty();
    assertBystandersKeepEverything(stayers, stayerIds, null);
  }

  @Test
  void anEmailSharedByALocalUserAndAnLdapLearnerIsAmbiguousImportedOrNot() {
    TestResponse allow = realm.master().put(realm.path(""), Map.of("duplicateEmailsAllowed", true));
    assertThat(allow.status()).as(allow.toString()).isEqualTo(204);
    // Shared with an imported LDAP learner.
    String sharedLocal = realm.createUser("local-shared", "shared@example.org");
    ldap.addLearner(unit, "ldap-shared", "shared@example.org", LDAP_PASSWORD);
    // Two LDAP learners sharing an e-mail, both imported.
    ldap.addLearner(unit, "ldap-twin-a", "twins@example.org", LDAP_PASSWORD);
    ldap.addLearner(unit, "ldap-twin-b", "twins@example.org", LDAP_PASSWORD);
    Map<String, String> stayers = addLdapLearners("stayer", 1);
    Map<String, String> leavers = addLdapLearners("leaver", 1);
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(5);
    // Shared with an LDAP learner created after the sync: found only through the federation.
    String lateLocal = realm.createUser("local-late", "late@example.org");
    String lateDn = ldap.addLearner(unit, "ldap-late", "late@example.org", LDAP_PASSWORD);
    assertThat(
            kc.database().count("select count(*) from USER_ENTITY where USERNAME = ?", "ldap-late"))
        .as("the late learner is not imported yet")
        .isZero();

    Map<String, String> ids = new LinkedHashMap<>();
    ids.putAll(
        LdapFederation.importedIds(realm, List.of("ldap-shared", "ldap-twin-a", "ldap-twin-b")));
    ids.putAll(LdapFederation.importedIds(realm, leavers.keySet()));
    Map<String, String> stayerIds = LdapFederation.importedIds(realm, stayers.keySet());
    ids.put("local-shared", sharedLocal);
    ids.put("local-late", lateLocal);
    ids.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    stayerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));

    List<String> identifiers = new ArrayList<>();
    identifiers.add("shared@example.org");
    identifiers.add("twins@example.org");
    identifiers.add("late@example.org");
    identifiers.addAll(emails(leavers.keySet()));
    JsonNode preview = flow.preview(realm.admin(), "DELETE", identifiers);
    String importId = preview.get("id").asText();
    assertThat(preview.at("/summary/ambiguous").asInt()).as(preview.toString()).isEqualTo(3);
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(1);
    // Only the unambiguous leaver's rows are counted.
    assertThat(preview.at("/summary/learningRecords").asLong()).isEqualTo(1);
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows).hasSize(4);
    for (JsonNode row : rows.subList(0, 3)) {
      assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("AMBIGUOUS");
      assertThat(row.get("matchCount").asInt()).as(row.toString()).isEqualTo(2);
      assertThat(row.path("userId").isMissingNode() || row.get("userId").isNull())
          .as("no user id in %s", row)
          .isTrue();
    }
    assertThat(rows.get(3).get("status").asText()).isEqualTo("MATCHED");

    JsonNode done = commitAndAwait(preview);

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(1);
    String leaverUid = leavers.keySet().iterator().next();
    assertThat(ldap.exists(leavers.get(leaverUid))).isFalse();
    assertThat(kc.database().academyRows(ids.remove(leaverUid))).isZero();
    AdminClient master = realm.master();
    for (Map.Entry<String, String> kept : ids.entrySet()) {
      assertThat(master.get(realm.path("/users/" + kept.getValue())).status())
          .as("user %s", kept.getKey())
          .isEqualTo(200);
      assertThat(kc.database().academyRows(kept.getValue()))
          .as("rows of %s", kept.getKey())
          .isEqualTo(2);
    }
    for (String uid : List.of("ldap-shared", "ldap-twin-a", "ldap-twin-b")) {
      assertThat(ldap.exists(LdapServer.learnerDn(unit, uid))).as("LDAP entry of " + uid).isTrue();
    }
    assertThat(ldap.exists(lateDn)).isTrue();
    assertBystandersKeepEverything(stayers, stayerIds, null);
  }

  /**
   * A batch mixing LDAP learners and local users, where one local user cannot be removed (a row of
   * another table refers to it, so the database refuses the delete) and the batch rolls back. An
   * LDAP entry, once deleted, cannot be rolled back: every learner the report calls {@code DELETED}
   * must be gone from Keycloak and LDAP, every other one must still be in both, with its rows.
   */
  @Test
  void aBatchRolledBackAfterItsLdapDeletionsReportsEachLearnerAsItReallyIs() {
    Map<String, String> learners = addLdapLearners("leaver", 3);
    Map<String, String> stayers = addLdapLearners("stayer", 1);
    LdapFederation federation = LdapFederation.add(kc, realm, ldap, unit);
    assertThat(federation.syncAll().get("added").asInt()).isEqualTo(4);
    Map<String, String> learnerIds = LdapFederation.importedIds(realm, learners.keySet());
    Map<String, String> stayerIds = LdapFederation.importedIds(realm, stayers.keySet());
    List<String> locals = flow.createUsers("local", 3);
    String blocked = locals.get(1);
    learnerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    stayerIds.values().forEach(id -> flow.addAcademyData(realm.master(), id));
    locals.forEach(id -> flow.addAcademyData(realm.master(), id));
    String bystander = realm.createUser("local-bystander", "local-bystander@example.org");
    flow.addAcademyData(realm.master(), bystander);
    // LDAP learners and local users alternate in the file, so that they share a batch.
    List<String> identifiers = new ArrayList<>();
    List<String> learnerUids = new ArrayList<>(learners.keySet());
    for (int i = 0; i < 3; i++) {
      identifiers.add(learnerUids.get(i) + "@example.org");
      identifiers.add(BulkFlow.email("local", i));
    }
    JsonNode preview = flow.preview(realm.admin(), "DELETE", identifiers);
    assertThat(preview.at("/summary/toProcess").asInt()).as(preview.toString()).isEqualTo(6);

    String blocker = "ACADEMY_IT_BLOCK_" + realm.name().substring(3).replace("-", "");
    kc.database()
        .update(
            "create table "
                + blocker
                + " (USER_ID varchar(36) not null, constraint FK_"
                + blocker
                + " foreign key (USER_ID) references USER_ENTITY (ID))");
    JsonNode done;
    try {
      kc.database().update("insert into " + blocker + " (USER_ID) values (?)", blocked);
      done = commitAndAwait(preview);
    } finally {
      kc.database().update("drop table " + blocker);
    }

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/succeeded").asInt()).as(done.toString()).isEqualTo(5);
    assertThat(done.at("/progress/failed").asInt()).isEqualTo(1);
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (JsonNode row : flow.rows(done.get("id").asText())) {
      outcomes.put(row.get("identifier").asText(), row.get("outcome").asText());
    }
    assertThat(outcomes.get(BulkFlow.email("local", 1)))
        .as(outcomes.toString())
        .isEqualTo("FAILED");
    assertThat(outcomes.get(BulkFlow.email("local", 0))).isEqualTo("DELETED");
    assertThat(outcomes.get(BulkFlow.email("local", 2))).isEqualTo("DELETED");
    AdminClient master = realm.master();
    for (String uid : learnerUids) {
      String outcome = outcomes.get(uid + "@example.org");
      String id = learnerIds.get(uid);
      boolean inKeycloak = master.get(realm.path("/users/" + id)).status() == 200;
      boolean inLdap = ldap.exists(learners.get(uid));
      if (outcome.equals("DELETED")) {
        assertThat(inKeycloak).as("%s reported DELETED, still in Keycloak", uid).isFalse();
        assertThat(inLdap).as("%s reported DELETED, still in LDAP", uid).isFalse();
        assertThat(kc.database().academyRows(id)).as("rows of %s", uid).isZero();
      } else {
        assertThat(inLdap).as("%s reported %s, but its LDAP entry is gone", uid, outcome).isTrue();
        assertThat(inKeycloak).as("%s reported %s, but it is gone", uid, outcome).isTrue();
        assertThat(kc.database().academyRows(id)).as("rows of %s", uid).isEqualTo(2);
      }
    }
    // The database refused only the blocked user: every learner is removed.
    assertThat(learnerUids)
        .allSatisfy(uid -> assertThat(outcomes.get(uid + "@example.org")).isEqualTo("DELETED"));
    assertThat(master.get(realm.path("/users/" + blocked)).status()).isEqualTo(200);
    assertThat(kc.database().academyRows(blocked)).isEqualTo(2);
    assertBystandersKeepEverything(stayers, stayerIds, bystander);
  }

  /** LDAP learners {@code prefix-0 …} with e-mail {@code prefix-i@example.org}: uid to DN. */
  private Map<String, String> addLdapLearners(String prefix, int count) {
    Map<String, String> dns = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String uid = prefix + "-" + i;
      dns.put(uid, ldap.addLearner(unit, uid, uid + "@example.org", LDAP_PASSWORD));
    }
    return dns;
  }

  private static List<String> emails(Iterable<String> uids) {
    List<String> emails = new ArrayList<>();
    uids.forEach(uid -> emails.add(uid + "@example.org"));
    return emails;
  }

  private JsonNode commitAndAwait(JsonNode preview) {
    String id = preview.get("id").asText();
    TestResponse commit = flow.commit(realm.admin(), id);
    assertThat(commit.status()).as(commit.toString()).isEqualTo(202);
    return flow.awaitEnd(id, Duration.ofMinutes(2));
  }

  private int passwordLogin(String username) {
    try {
      AdminClient.password(kc, realm.name(), username, LDAP_PASSWORD);
      return 200;
    } catch (IllegalStateException e) {
      assertThat(e.getMessage()).contains("failed: 400");
      return 400;
    }
  }

  /** The other LDAP learners and the local user keep their users, entries and academy rows. */
  private void assertBystandersKeepEverything(
      Map<String, String> stayerDns, Map<String, String> stayerIds, String localId) {
    AdminClient master = realm.master();
    for (Map.Entry<String, String> stayer : stayerIds.entrySet()) {
      JsonNode user = master.get(realm.path("/users/" + stayer.getValue())).json();
      assertThat(user.get("enabled").asBoolean()).as(user.toString()).isTrue();
      assertThat(ldap.exists(stayerDns.get(stayer.getKey()))).isTrue();
      assertThat(kc.database().academyRows(stayer.getValue()))
          .as("rows of " + stayer.getKey())
          .isEqualTo(2);
    }
    if (localId != null) {
      JsonNode user = master.get(realm.path("/users/" + localId)).json();
      assertThat(user.get("enabled").asBoolean()).as(user.toString()).isTrue();
      assertThat(kc.database().academyRows(localId)).isEqualTo(2);
    }
  }
}
