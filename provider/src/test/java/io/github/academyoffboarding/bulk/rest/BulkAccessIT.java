package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what: automation with client credentials, read-only callers, no token, another realm's
 * admins.
 */
@ExtendWith(KeycloakServerExtension.class)
class BulkAccessIT {

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
  void aServiceAccountWithManageUsersDoesTheWholeFlow() {
    String alice = realm.createUser("alice", "alice@example.org");
    String bob = realm.createUser("bob", "bob@example.org");
    String secret = serviceAccount(realm, "offboarding-bot", "manage-users", "view-users");
    flow.enableAdminEvents();
    AdminClient bot = AdminClient.clientCredentials(kc, realm.name(), "offboarding-bot", secret);
    String botUser =
        realm
            .master()
            .get(
                realm.path(
                    "/clients/" + clientUuid(realm, "offboarding-bot") + "/service-account-user"))
            .json()
            .get("id")
            .asText();

    assertThat(bot.get(realm.path("/bulk-users/template?format=csv")).status()).isEqualTo(200);
    TestResponse created =
        bot.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "matchBy",
                "USERNAME",
                "identifiers",
                List.of("alice", "bob", "service-account-offboarding-bot")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(created.json().at("/summary/protected").asInt()).as("its own account").isEqualTo(1);
    assertThat(created.json().get("createdById").asText()).isEqualTo(botUser);
    assertThat(created.json().get("createdBy").asText())
        .isEqualTo("service-account-offboarding-bot");

    assertThat(bot.get(realm.path("/bulk-users/imports")).json())
        .extracting(j -> j.get("id").asText())
        .containsExactly(id);
    assertThat(
            bot.get(realm.path("/bulk-users/imports/" + id + "/rows?status=MATCHED"))
                .header("X-Total-Count"))
        .isEqualTo("2");
    TestResponse commit = bot.post(realm.path("/bulk-users/imports/" + id + "/commit"), Map.of());
    assertThat(commit.status()).as(commit.toString()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(2));
    assertThat(done.at("/outcomes/DELETED").asLong()).isEqualTo(2);
    assertThat(realm.master().get(realm.path("/users/" + alice)).status()).isEqualTo(404);
    assertThat(realm.master().get(realm.path("/users/" + bob)).status()).isEqualTo(404);
    TestResponse report = bot.get(realm.path("/bulk-users/imports/" + id + "/report?format=csv"));
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.text()).contains("DELETED").contains("PROTECTED");

    // The job's admin events name the service account, as Keycloak's own endpoints would.
    List<JsonNode> events = flow.adminEvents("USER");
    assertThat(events)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.at("/authDetails/userId").asText()).isEqualTo(botUser));
    assertThat(events)
        .allSatisfy(
            e ->
                assertThat(e.at("/authDetails/clientId").asText())
                    .isEqualTo(clientUuid(realm, "offboarding-bot")));
  }

  @Test
  void theMasterRealmAdminOffboardsUsersOfAnotherRealm() {
    // The most common caller of all: Keycloak's own `admin` of the master realm. The job must
    // evaluate that admin's permissions from the master realm, not from the target realm.
    String alice = realm.createUser("alice", "alice@example.org");
    String bob = realm.createUser("bob", "bob@example.org");
    flow.addAcademyData(realm.master(), alice);
    AdminClient master = realm.master();

    String deleteId =
        flow.preview(master, "DELETE", List.of("alice@example.org")).get("id").asText();
    assertThat(flow.commit(master, deleteId).status()).isEqualTo(202);
    JsonNode deleted = flow.awaitEnd(deleteId, Duration.ofMinutes(2));
    assertThat(deleted.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(flow.rows(deleteId))
        .singleElement()
        .satisfies(
            row -> assertThat(row.get("outcome").asText()).as(row.toString()).isEqualTo("DELETED"));
    assertThat(master.get(realm.path("/users/" + alice)).status()).isEqualTo(404);
    assertThat(flow.academyRowsOfRealm()).isZero();

    String deactivateId =
        flow.preview(master, "DEACTIVATE", List.of("bob@example.org")).get("id").asText();
    assertThat(flow.commit(master, deactivateId).status()).isEqualTo(202);
    flow.awaitEnd(deactivateId, Duration.ofMinutes(2));
    assertThat(flow.rows(deactivateId))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row.get("outcome").asText())
                    .as(row.toString())
                    .isEqualTo("DEACTIVATED"));
    assertThat(master.get(realm.path("/users/" + bob)).json().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void viewUsersAloneCanReadButNotCreateCommitOrCancel() {
    realm.createUser("alice", "alice@example.org");
    String secret = serviceAccount(realm, "reader-bot", "view-users");
    AdminClient reader = AdminClient.clientCredentials(kc, realm.name(), "reader-bot", secret);
    AdminClient admin = realm.admin();
    String id = flow.preview(admin, "DELETE", List.of("alice@example.org")).get("id").asText();

    assertThat(reader.get(realm.path("/bulk-users/template")).status()).isEqualTo(200);
    assertThat(reader.get(realm.path("/bulk-users/imports")).status()).isEqualTo(200);
    assertThat(reader.get(realm.path("/bulk-users/imports/" + id)).status()).isEqualTo(200);
    assertThat(reader.get(realm.path("/bulk-users/imports/" + id + "/rows")).status())
        .isEqualTo(200);
    assertForbidden(
        reader.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE", "identifiers", List.of("alice@example.org"))));
    assertForbidden(
        reader.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE"),
            "file",
            "u.csv",
            "email\nalice@example.org\n".getBytes(),
            "text/csv"));
    assertForbidden(reader.post(realm.path("/bulk-users/imports/" + id + "/commit"), null));
    assertForbidden(reader.post(realm.path("/bulk-users/imports/" + id + "/cancel"), null));

    assertThat(flow.get(id).get("status").asText()).isEqualTo("PREVIEW");
    assertThat(flow.importsInDatabase()).isEqualTo(1);
  }

  @Test
  void withoutATokenEverythingIs401() {
    AdminClient anonymous = AdminClient.anonymous(kc);
    String id = UUID.randomUUID().toString();
    List<TestResponse> answers = new ArrayList<>();
    answers.add(anonymous.get(realm.path("/bulk-users/template")));
    answers.add(anonymous.get(realm.path("/bulk-users/imports")));
    answers.add(
        anonymous.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE", "identifiers", List.of("a@b.org"))));
    answers.add(anonymous.get(realm.path("/bulk-users/imports/" + id)));
    answers.add(anonymous.post(realm.path("/bulk-users/imports/" + id + "/commit"), null));
    answers.add(AdminClient.withToken(kc, "not-a-token").get(realm.path("/bulk-users/imports")));
    assertThat(answers).extracting(TestResponse::status).containsOnly(401);
    assertThat(flow.importsInDatabase()).isZero();
  }

  @Test
  void anotherRealmsAdminsSeeAndTouchNothing() {
    realm.createUser("alice", "alice@example.org");
    String id =
        flow.preview(realm.admin(), "DELETE", List.of("alice@example.org")).get("id").asText();

    try (TestRealm other = TestRealm.create(kc)) {
      String secret = serviceAccount(other, "foreign-bot", "manage-users", "view-users");
      List<AdminClient> foreigners =
          List.of(
              other.admin(),
              AdminClient.clientCredentials(kc, other.name(), "foreign-bot", secret));
      for (AdminClient foreign : foreigners) {
        assertThat(foreign.get(realm.path("/bulk-users/imports")).status()).isEqualTo(403);
        assertThat(foreign.get(realm.path("/bulk-users/imports/" + id)).status()).isEqualTo(403);
        assertThat(foreign.post(realm.path("/bulk-users/imports/" + id + "/commit"), null).status())
            .isEqualTo(403);
        assertThat(foreign.post(realm.path("/bulk-users/imports/" + id + "/cancel"), null).status())
            .isEqualTo(403);
        assertThat(
                foreign
                    .post(
                        realm.path("/bulk-users/imports"),
                        Map.of("action", "DELETE", "identifiers", List.of("alice@example.org")))
                    .status())
            .isEqualTo(403);
        // Through their own realm the import does not exist.
        assertThat(foreign.get(other.path("/bulk-users/imports/" + id)).status()).isEqualTo(404);
        assertThat(foreign.post(other.path("/bulk-users/imports/" + id + "/commit"), null).status())
            .isEqualTo(404);
        assertThat(foreign.get(other.path("/bulk-users/imports")).json()).isEmpty();
      }
    }
    assertThat(flow.get(id).get("status").asText()).isEqualTo("PREVIEW");
  }

  private static void assertForbidden(TestResponse r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(403);
    assertThat(r.json().get("error").asText()).isEqualTo("bulk.forbidden");
  }

  /**
   * A confidential client with a service account holding the given realm-management roles; returns
   * its secret.
   */
  private static String serviceAccount(TestRealm realm, String clientId, String... roles) {
    AdminClient master = realm.master();
    String secret = UUID.randomUUID().toString();
    TestResponse r =
        master.post(
            realm.path("/clients"),
            Map.of(
                "clientId",
                clientId,
                "secret",
                secret,
                "publicClient",
                false,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false,
                "directAccessGrantsEnabled",
                false));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String userId =
        master
            .get(realm.path("/clients/" + clientUuid(realm, clientId) + "/service-account-user"))
            .json()
            .get("id")
            .asText();
    String management = clientUuid(realm, "realm-management");
    List<JsonNode> reps = new ArrayList<>();
    for (String role : roles) {
      reps.add(master.get(realm.path("/clients/" + management + "/roles/" + role)).json());
    }
    r = master.post(realm.path("/users/" + userId + "/role-mappings/clients/" + management), reps);
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    return secret;
  }

  private static String clientUuid(TestRealm realm, String clientId) {
    return realm
        .master()
        .get(realm.path("/clients?clientId=" + clientId))
        .json()
        .get(0)
        .get("id")
        .asText();
  }
}
