package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.bulk.BulkSettings;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every outcome a committed import can give a row, each produced the real way (another admin
 * changes or removes the user between preview and commit, the committing admin loses manage-users
 * before the job reaches the users), the admin events the job records, and cancel of a preview and
 * of a running job.
 */
@ExtendWith(KeycloakServerExtension.class)
class JobOutcomesIT {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

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
  void deactivatedSkippedAndGoneThenReactivated() {
    String alice = realm.createUser("alice", "alice@example.org");
    String bob = realm.createUser("bob", "bob@example.org");
    String carol = realm.createUser("carol", "carol@example.org");
    AdminClient admin = realm.admin();
    String id =
        flow.preview(
                admin,
                "DEACTIVATE",
                List.of("alice@example.org", "bob@example.org", "carol@example.org"))
            .get("id")
            .asText();

    // Between preview and commit another admin changes carol's e-mail and deletes bob.
    AdminClient master = realm.master();
    assertThat(
            master
                .put(realm.path("/users/" + carol), Map.of("email", "carol.new@example.org"))
                .status())
        .isEqualTo(204);
    assertThat(master.delete(realm.path("/users/" + bob)).status()).isEqualTo(204);

    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, JOB_TIMEOUT);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(3);
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(1);
    assertThat(done.at("/progress/failed").asInt()).isZero();

    Map<String, JsonNode> byUser =
        flow.rows(id).stream().collect(Collectors.toMap(r -> r.get("userId").asText(), r -> r));
    assertThat(byUser.get(alice).get("outcome").asText()).isEqualTo("DEACTIVATED");
    assertThat(byUser.get(bob).get("outcome").asText()).isEqualTo("GONE");
    assertThat(byUser.get(bob).get("messageKey").asText()).isEqualTo("bulk.outcome.gone");
    assertThat(byUser.get(bob).get("message").asText()).contains("removed");
    assertThat(byUser.get(carol).get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(byUser.get(carol).get("messageKey").asText())
        .isEqualTo("bulk.outcome.identifier-changed");
    assertThat(byUser.get(carol).get("messageParams").get(0).asText()).isEqualTo("email");
    assertThat(byUser.get(carol).get("message").asText()).contains("email changed");
    assertThat(master.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean())
        .isFalse();
    // A skipped user is left alone.
    assertThat(master.get(realm.path("/users/" + carol)).json().get("enabled").asBoolean())
        .isTrue();

    String again =
        flow.preview(admin, "REACTIVATE", List.of("alice@example.org")).get("id").asText();
    flow.commit(admin, again);
    JsonNode reactivated = flow.awaitEnd(again, JOB_TIMEOUT);
    assertThat(reactivated.at("/outcomes/REACTIVATED").asLong()).isEqualTo(1);
    assertThat(master.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean())
        .isTrue();
  }

  @Test
  void oneAdminEventPerChangedUserAndForTheImport() {
    List<String> ids = flow.createUsers("ev", 5);
    List<String> more = flow.createUsers("dv", 2);
    AdminClient admin = realm.admin();
    String adminId =
        admin
            .get(realm.path("/users?exact=true&username=" + TestRealm.ADMIN_USERNAME))
            .json()
            .get(0)
            .get("id")
            .asText();
    flow.addAcademyData(admin, ids.get(0));
    flow.enableAdminEvents();

    List<String> identifiers = new java.util.ArrayList<>(BulkFlow.emails("ev", 5));
    identifiers.add("nobody@example.org");
    String id = flow.preview(admin, "DELETE", identifiers).get("id").asText();
    assertThat(flow.adminEvents("USER")).as("a preview changes no user").isEmpty();
    flow.commit(admin, id);
    JsonNode done = flow.awaitEnd(id, JOB_TIMEOUT);
    assertThat(done.at("/outcomes/DELETED").asLong()).isEqualTo(5);

    List<JsonNode> userEvents = flow.adminEvents("USER");
    assertThat(userEvents).hasSize(5);
    assertThat(userEvents)
        .allSatisfy(
            e -> {
              assertThat(e.get("operationType").asText()).isEqualTo("DELETE");
              assertThat(e.at("/authDetails/userId").asText()).isEqualTo(adminId);
              assertThat(e.at("/authDetails/realmId").asText()).isEqualTo(realm.id());
            });
    assertThat(userEvents.stream().map(e -> e.get("resourcePath").asText()).toList())
        .containsExactlyInAnyOrderElementsOf(ids.stream().map(u -> "users/" + u).toList());
    assertThat(flow.academyRowsOfRealm()).isZero();

    // The import itself: created (the preview) and committed, both under its own path.
    List<JsonNode> importEvents = flow.adminEvents("ACADEMY_BULK_IMPORT");
    assertThat(importEvents)
        .extracting(e -> e.get("operationType").asText())
        .containsExactlyInAnyOrder("CREATE", "ACTION");
    assertThat(importEvents)
        .allSatisfy(
            e -> assertThat(e.get("resourcePath").asText()).contains("bulk-users/imports/" + id));

    // Deactivation events carry the change, as the user endpoint's do.
    String deactivation =
        flow.preview(admin, "DEACTIVATE", BulkFlow.emails("dv", 2)).get("id").asText();
    flow.commit(admin, deactivation);
    flow.awaitEnd(deactivation, JOB_TIMEOUT);
    List<JsonNode> updates =
        flow.adminEvents("USER").stream()
            .filter(e -> e.get("operationType").asText().equals("UPDATE"))
            .toList();
    assertThat(updates)
        .extracting(e -> e.get("resourcePath").asText())
        .containsExactlyInAnyOrderElementsOf(more.stream().map(u -> "users/" + u).toList());
    assertThat(updates)
        .allSatisfy(
            e -> assertThat(e.get("representation").asText()).contains("\"enabled\":false"));
  }

  /**
   * The committing operator loses manage-users after the commit and before the job reaches the
   * users (the job queues behind another admin's job: a node runs one job at a time), so Keycloak's
   * permission check, run again per user, refuses every user: SKIPPED, with the reason's key.
   */
  @Test
  void skippedWhenTheCommittingAdminMayNoLongerManageUsers() {
    List<String> blockerUsers = flow.createUsers("blk", 1000);
    List<String> victims = flow.createUsers("vic", 3);
    String operatorId =
        realm.createUserWithRoles("operator", "operator@example.org", "manage-users", "view-users");
    AdminClient admin = realm.admin();
    AdminClient operator = realm.login("operator");

    String blocker =
        flow.preview(admin, "DEACTIVATE", BulkFlow.emails("blk", 1000)).get("id").asText();
    String id = flow.preview(operator, "DELETE", BulkFlow.emails("vic", 3)).get("id").asText();
    assertThat(flow.commit(admin, blocker).status()).isEqualTo(202);
    assertThat(flow.commit(operator, id).status()).isEqualTo(202);
    revokeRealmManagementRole(operatorId, "manage-users");
    assertThat(flow.get(id).at("/progress/processed").asInt())
        .as("the operator's job has not started yet")
        .isZero();
    assertThat(blockerUsers).hasSize(1000);

    JsonNode done = flow.awaitEnd(id, JOB_TIMEOUT);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/processed").asInt()).isEqualTo(3);
    assertThat(done.at("/progress/failed").asInt()).isZero();
    assertThat(done.at("/progress/succeeded").asInt()).isZero();
    assertThat(done.at("/outcomes/SKIPPED").asLong()).isEqualTo(3);
    assertThat(flow.rows(id))
        .allSatisfy(
            r -> {
              assertThat(r.get("outcome").asText()).isEqualTo("SKIPPED");
              assertThat(r.get("messageKey").asText())
                  .isEqualTo("bulk.outcome.no-longer-manageable");
              assertThat(r.get("message").asText()).contains("may not manage");
            });
    AdminClient master = realm.master();
    for (String v : victims) {
      assertThat(master.get(realm.path("/users/" + v)).status())
          .as("refused users stay")
          .isEqualTo(200);
    }
    assertThat(flow.awaitEnd(blocker, JOB_TIMEOUT).get("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aCancelledPreviewCannotBeCommitted() {
    String alice = realm.createUser("alice", "alice@example.org");
    AdminClient admin = realm.admin();
    String id = flow.preview(admin, "DELETE", List.of("alice@example.org")).get("id").asText();

    TestResponse cancel = flow.cancel(admin, id);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
    assertThat(cancel.json().get("status").asText()).isEqualTo("CANCELLED");
    TestResponse commit = flow.commit(admin, id);
    assertThat(commit.status()).as(commit.toString()).isEqualTo(409);
    assertThat(commit.json().get("error").asText()).isEqualTo("bulk.not-a-preview");
    TestResponse again = flow.cancel(admin, id);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error").asText()).isEqualTo("bulk.not-cancellable");

    BulkFlow.sleep(1500); // more than a scheduler tick: nothing may pick the cancelled import up
    assertThat(flow.get(id).get("status").asText()).isEqualTo("CANCELLED");
    assertThat(realm.master().get(realm.path("/users/" + alice)).status()).isEqualTo(200);
  }

  @Test
  void cancelStopsARunningJobAfterItsCurrentBatch() {
    int total = 1000;
    List<String> ids = flow.createUsers("run", total);
    AdminClient admin = realm.admin();
    String id = flow.preview(admin, "DEACTIVATE", BulkFlow.emails("run", total)).get("id").asText();

    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    TestResponse cancel = flow.cancel(admin, id);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);

    JsonNode done = flow.awaitEnd(id, JOB_TIMEOUT);
    assertThat(done.get("status").asText()).isEqualTo("CANCELLED");
    int processed = done.at("/progress/processed").asInt();
    // Whole batches only (job-batch-size: 50 users per transaction by default), and not all of
    // them.
    assertThat(processed).isLessThan(total);
    assertThat(processed % BulkSettings.defaults().jobBatchSize()).isZero();

    Map<String, Boolean> enabled = new HashMap<>();
    AdminClient master = realm.master();
    for (JsonNode u :
        master
            .get(realm.path("/users?briefRepresentation=true&search=run-&max=" + (total + 10)))
            .json()) {
      enabled.put(u.get("id").asText(), u.get("enabled").asBoolean());
    }
    List<JsonNode> rows = flow.rows(id);
    long withOutcome = rows.stream().filter(r -> r.hasNonNull("outcome")).count();
    assertThat(withOutcome).isEqualTo(processed);
    for (JsonNode r : rows) {
      boolean acted = r.hasNonNull("outcome");
      assertThat(enabled.get(r.get("userId").asText()))
          .as("row " + r.get("rowNumber"))
          .isEqualTo(!acted);
    }
    assertThat(ids).hasSize(total);
    assertThat(flow.cancel(admin, id).status())
        .as("an ended job cannot be cancelled again")
        .isEqualTo(409);
  }

  private void revokeRealmManagementRole(String userId, String role) {
    AdminClient master = realm.master();
    String clientUuid =
        master
            .get(realm.path("/clients?clientId=realm-management"))
            .json()
            .get(0)
            .get("id")
            .asText();
    JsonNode roleRep = master.get(realm.path("/clients/" + clientUuid + "/roles/" + role)).json();
    TestResponse r =
        master.send(
            master
                .request(realm.path("/users/" + userId + "/role-mappings/clients/" + clientUuid))
                .header("Content-Type", "application/json")
                .method(
                    "DELETE",
                    java.net.http.HttpRequest.BodyPublishers.ofString("[" + roleRep + "]")));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }
}
