package io.github.academyoffboarding.bulk.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where an import comes from ({@code origin}), and the console's doors as the user list uses them:
 * a JSON body of chosen user ids with {@code origin: USER_LIST}, a preview with the counts, then a
 * commit (with or without a restore window) or a cancel. The shared server runs with {@code
 * restore-window=PT0S}, so every DELETE here that should be restorable names its window.
 */
@ExtendWith(KeycloakServerExtension.class)
class ImportOriginIT {

  private static final Duration WAIT = Duration.ofMinutes(1);

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient admin;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    admin = realm.admin();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void eachImportSaysWhereItCameFromInTheListAndTheItem() {
    realm.createUser("alice", "alice@example.org");
    String file =
        admin
            .postMultipart(
                realm.path("/bulk-users/imports"),
                Map.of("action", "DEACTIVATE"),
                "file",
                "leavers.csv",
                "email\nalice@example.org\n".getBytes(StandardCharsets.UTF_8),
                "text/csv")
            .json()
            .get("id")
            .asText();
    TestResponse api =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE", "identifiers", List.of("alice@example.org")));
    assertThat(api.status()).as(api.toString()).isEqualTo(201);
    assertThat(api.json().get("origin").asText()).isEqualTo("API");
    TestResponse explicitApi =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "identifiers",
                List.of("alice@example.org"),
                "origin",
                "API"));
    TestResponse userList =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DEACTIVATE",
                "identifiers",
                List.of("alice@example.org"),
                "origin",
                "USER_LIST"));
    assertThat(userList.status()).as(userList.toString()).isEqualTo(201);
    assertThat(userList.json().get("origin").asText()).isEqualTo("USER_LIST");

    assertThat(flow.get(file).get("origin").asText()).isEqualTo("FILE");
    assertThat(flow.get(api.json().get("id").asText()).get("origin").asText()).isEqualTo("API");
    assertThat(flow.get(explicitApi.json().get("id").asText()).get("origin").asText())
        .isEqualTo("API");
    Map<String, String> listed = new HashMap<>();
    for (JsonNode imp : admin.get(realm.path("/bulk-users/imports")).json()) {
      listed.put(imp.get("id").asText(), imp.get("origin").asText());
    }
    assertThat(listed)
        .containsEntry(file, "FILE")
        .containsEntry(api.json().get("id").asText(), "API")
        .containsEntry(userList.json().get("id").asText(), "USER_LIST")
        .hasSize(4);
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_BULK_IMPORT where REALM_ID = ? and ORIGIN = ?",
                    realm.id(),
                    "USER_LIST"))
        .isEqualTo(1);
  }

  @Test
  void anOriginAClientMayNotSendIsRefusedAndCreatesNothing() {
    realm.createUser("alice", "alice@example.org");
    List<Object> refused = new ArrayList<>(List.of("ATTRIBUTE", "FILE", "", "user list", 3, true));
    refused.add(List.of("USER_LIST"));
    refused.add(Map.of("name", "USER_LIST"));
    for (Object origin : refused) {
      TestResponse r =
          admin.post(
              realm.path("/bulk-users/imports"),
              Map.of(
                  "action",
                  "DELETE",
                  "identifiers",
                  List.of("alice@example.org"),
                  "origin",
                  origin));
      assertThat(r.status()).as(origin + ": " + r).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isEqualTo("bulk.invalid-origin");
      assertThat(r.json().get("errorDescription").asText()).contains("API").contains("USER_LIST");
    }
    assertThat(flow.importsInDatabase()).isZero();
    assertThat(admin.get(realm.path("/bulk-users/imports")).json()).isEmpty();
  }

  @Test
  void deleteFromTheUserListGoesThroughTheWindowOrDeletesNowOrIsCancelled() {
    List<String> ids = flow.createUsers("leaver", 4);
    ids.forEach(id -> flow.addAcademyData(admin, id));
    String self = realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();

    // Three ticked users and, by mistake, the admin itself: protected, never acted on.
    JsonNode preview = userList("DELETE", List.of(ids.get(0), ids.get(1), ids.get(2), self));
    assertThat(preview.get("origin").asText()).isEqualTo("USER_LIST");
    assertThat(preview.get("status").asText()).isEqualTo("PREVIEW");
    assertThat(preview.at("/summary/totalRows").asInt()).isEqualTo(4);
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(3);
    assertThat(preview.at("/summary/protected").asInt()).isEqualTo(1);
    assertThat(preview.at("/summary/learningRecords").asLong()).isEqualTo(3);
    assertThat(preview.at("/summary/certificates").asLong()).isEqualTo(3);
    assertThat(enabled(ids.get(0))).isTrue();

    String id = preview.get("id").asText();
    TestResponse commit =
        admin.post(
            realm.path("/bulk-users/imports/" + id + "/commit"), Map.of("deleteAfter", "P30D"));
    assertThat(commit.status()).as(commit.toString()).isEqualTo(202);
    JsonNode scheduled = flow.awaitEnd(id, WAIT);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scheduled.get("deletionDueAt").isNull()).isFalse();
    assertThat(scheduled.get("pendingDeletions").asLong()).isEqualTo(3);
    for (String pending : ids.subList(0, 3)) {
      assertThat(enabled(pending)).isFalse();
    }
    assertThat(enabled(self)).isTrue();
    assertThat(flow.academyRowsOfRealm()).isEqualTo(8);
    TestResponse listed = admin.get(realm.path("/bulk-users/pending-deletions"));
    assertThat(listed.header("X-Total-Count")).isEqualTo("3");

    // One user from the row's kebab, "Delete now": the commit says PT0S.
    JsonNode now = userList("DELETE", List.of(ids.get(3)));
    assertThat(now.at("/summary/learningRecords").asLong()).isEqualTo(1);
    assertThat(now.at("/summary/certificates").asLong()).isEqualTo(1);
    String nowId = now.get("id").asText();
    assertThat(
            admin
                .post(
                    realm.path("/bulk-users/imports/" + nowId + "/commit"),
                    Map.of("deleteAfter", "PT0S"))
                .status())
        .isEqualTo(202);
    JsonNode deleted = flow.awaitEnd(nowId, WAIT);
    assertThat(deleted.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(deleted.at("/outcomes/DELETED").asLong()).isEqualTo(1);
    assertThat(admin.get(realm.path("/users/" + ids.get(3))).status()).isEqualTo(404);
    assertThat(flow.academyRowsOfRealm()).isEqualTo(6);

    // The dialog closed without confirming: the preview is discarded, nobody changes.
    String kept = realm.createUser("kept", "kept@example.org");
    String cancelled = userList("DELETE", List.of(kept)).get("id").asText();
    assertThat(flow.cancel(admin, cancelled).status()).isEqualTo(202);
    assertThat(flow.get(cancelled).get("status").asText()).isEqualTo("CANCELLED");
    assertThat(enabled(kept)).isTrue();
  }

  @Test
  void deactivateAndReactivateFromTheUserList() {
    List<String> ids = flow.createUsers("ticked", 3);
    ids.forEach(id -> flow.addAcademyData(admin, id));
    admin.put(realm.path("/users/" + ids.get(2)), Map.of("enabled", false));

    JsonNode preview = userList("DEACTIVATE", ids);
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/unchanged").asInt()).isEqualTo(1);
    String id = preview.get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, WAIT);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(2);
    ids.forEach(u -> assertThat(enabled(u)).isFalse());
    assertThat(flow.academyRowsOfRealm()).isEqualTo(6);

    JsonNode back = userList("REACTIVATE", ids.subList(0, 2));
    assertThat(back.at("/summary/toProcess").asInt()).isEqualTo(2);
    String backId = back.get("id").asText();
    assertThat(flow.commit(admin, backId).status()).isEqualTo(202);
    assertThat(flow.awaitEnd(backId, WAIT).at("/outcomes/REACTIVATED").asLong()).isEqualTo(2);
    assertThat(enabled(ids.get(0))).isTrue();
    assertThat(enabled(ids.get(1))).isTrue();
    assertThat(enabled(ids.get(2))).isFalse();
    assertThat(flow.academyRowsOfRealm()).isEqualTo(6);
  }

  private JsonNode userList(String action, List<String> userIds) {
    TestResponse r =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action", action, "matchBy", "ID", "identifiers", userIds, "origin", "USER_LIST"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private boolean enabled(String userId) {
    return admin.get(realm.path("/users/" + userId)).json().get("enabled").asBoolean();
  }
}
