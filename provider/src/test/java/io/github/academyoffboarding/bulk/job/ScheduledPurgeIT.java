package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deletion at the end of the restore window: a DELETE with a window of a few seconds
 * deactivates at once and keeps the users' academy data, then the scheduler's purge deletes them
 * with the cascade, Keycloak's admin events and row outcomes; users re-enabled or removed meanwhile
 * are KEPT or GONE; {@code delete-now} ends the window at once.
 */
@ExtendWith(KeycloakServerExtension.class)
class ScheduledPurgeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration JOB = Duration.ofMinutes(2);

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    flow.enableAdminEvents();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aWindowDeactivatesAtOnceThenThePurgeDeletesWithTheCascade() {
    List<String> ids = flow.createUsers("sp", 6);
    String bystander = flow.createUsers("by", 1).get(0);
    for (String id : concat(ids, List.of(bystander))) {
      flow.addAcademyData(realm.admin(), id);
    }
    long committed = System.currentTimeMillis();
    JsonNode scheduled = flow.scheduleDelete(usernames("sp", 6), "PT5S", JOB);
    String importId = scheduled.get("id").asText();

    if (System.currentTimeMillis() - committed < 4_000) { // still inside the window
      assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
      assertThat(scheduled.get("deleteAfter").asText()).isEqualTo("PT5S");
      assertThat(scheduled.get("pendingDeletions").asLong()).isEqualTo(6);
      assertThat(scheduled.hasNonNull("finishedAt")).isFalse();
      for (String id : ids) {
        JsonNode user = realm.admin().get(realm.path("/users/" + id)).json();
        assertThat(user.get("enabled").asBoolean()).as("deactivated at commit").isFalse();
        assertThat(kc.database().academyRows(id))
            .as("academy rows kept in the window")
            .isEqualTo(2);
      }
      assertThat(outcomes(importId)).containsOnly("SCHEDULED");
    }

    JsonNode done = flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(60));
    assertThat(done.hasNonNull("finishedAt")).isTrue();
    assertThat(Instant.parse(done.get("finishedAt").asText()).toEpochMilli())
        .as("deleted after the window, not before")
        .isGreaterThanOrEqualTo(committed + 5_000);
    assertThat(done.get("pendingDeletions").asLong()).isZero();
    assertThat(outcomes(importId)).hasSize(6).containsOnly("DELETED");
    for (String id : ids) {
      assertThat(realm.admin().get(realm.path("/users/" + id)).status()).isEqualTo(404);
      assertThat(kc.database().academyRows(id)).as("the cascade").isZero();
      List<JsonNode> deletes = userEvents(id, "DELETE");
      assertThat(deletes).hasSize(1);
      JsonNode rep = representation(deletes.get(0));
      assertThat(rep.get("id").asText()).isEqualTo(id);
      assertThat(rep.get("username").asText()).startsWith("sp-");
      assertThat(deletes.get(0).get("authDetails").get("userId").asText())
          .as("as the admin who committed")
          .isEqualTo(adminId());
    }
    assertThat(kc.database().academyRows(bystander)).isEqualTo(2);
    assertThat(realm.admin().get(realm.path("/users/" + bystander)).status()).isEqualTo(200);
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_PENDING_DELETION where IMPORT_ID = ?", importId))
        .isZero();
  }

  @Test
  void aUserReEnabledInTheWindowIsKeptAndOneRemovedElsewhereIsGone() {
    List<String> ids = flow.createUsers("ke", 3);
    for (String id : ids) {
      flow.addAcademyData(realm.admin(), id);
    }
    JsonNode scheduled = flow.scheduleDelete(usernames("ke", 3), "PT8S", JOB);
    String importId = scheduled.get("id").asText();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");

    // As the admin console's switch: GET the user, PUT it back enabled (Keycloak's own endpoint).
    AdminClient admin = realm.admin();
    JsonNode user = admin.get(realm.path("/users/" + ids.get(0))).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> body = JSON.convertValue(user, HashMap.class);
    body.put("enabled", true);
    TestResponse put = admin.put(realm.path("/users/" + ids.get(0)), body);
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
    TestResponse removed = admin.delete(realm.path("/users/" + ids.get(1)));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);

    flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(60));
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.get(0).get("outcome").asText()).isEqualTo("KEPT");
    assertThat(rows.get(0).get("messageKey").asText()).isEqualTo("bulk.outcome.re-enabled");
    // The other helper's listener may resolve the removed user's mark first: GONE either way.
    assertThat(rows.get(1).get("outcome").asText()).isEqualTo("GONE");
    assertThat(rows.get(2).get("outcome").asText()).isEqualTo("DELETED");

    JsonNode kept = admin.get(realm.path("/users/" + ids.get(0))).json();
    assertThat(kept.get("enabled").asBoolean()).isTrue();
    assertThat(kc.database().academyRows(ids.get(0))).as("kept with its data").isEqualTo(2);
    assertThat(userEvents(ids.get(0), "DELETE")).isEmpty();
    assertThat(kc.database().academyRows(ids.get(2))).isZero();
    assertThat(userEvents(ids.get(2), "DELETE")).hasSize(1);
  }

  /**
   * HR gives a leaver a new e-mail address, or a new username, during the window: the purge acts on
   * the user the commit resolved, by id, not on the file's identifier.
   */
  @Test
  void aLeaverRenamedInTheWindowIsDeletedByIdWithTheirData() {
    AdminClient admin = realm.admin();
    TestResponse allowRenames =
        realm.master().put(realm.path(""), Map.of("editUsernameAllowed", true));
    assertThat(allowRenames.status()).as(allowRenames.toString()).isEqualTo(204);
    List<String> byEmail = flow.createUsers("rm", 3);
    List<String> byUsername = flow.createUsers("ru", 2);
    for (String id : concat(byEmail, byUsername)) {
      flow.addAcademyData(admin, id);
    }
    String emailImport =
        flow.scheduleDelete("EMAIL", BulkFlow.emails("rm", 3), "PT10S", JOB).get("id").asText();
    String usernameImport =
        flow.scheduleDelete("USERNAME", usernames("ru", 2), "PT10S", JOB).get("id").asText();
    assertThat(flow.get(emailImport).get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(flow.get(usernameImport).get("status").asText()).isEqualTo("SCHEDULED");

    rename(byEmail.get(1), "email", "rm-1-renamed@example.org");
    rename(byUsername.get(0), "username", "ru-0-renamed");

    flow.awaitStatus(emailImport, "COMPLETED", Duration.ofSeconds(60));
    flow.awaitStatus(usernameImport, "COMPLETED", Duration.ofSeconds(60));
    assertThat(outcomes(emailImport)).containsExactly("DELETED", "DELETED", "DELETED");
    assertThat(outcomes(usernameImport)).containsExactly("DELETED", "DELETED");
    for (String id : concat(byEmail, byUsername)) {
      assertThat(admin.get(realm.path("/users/" + id)).status()).isEqualTo(404);
      assertThat(kc.database().academyRows(id)).as("the cascade").isZero();
      assertThat(userEvents(id, "DELETE")).hasSize(1);
    }
    TestResponse attention = admin.get(realm.path("/bulk-users/needs-attention"));
    assertThat(attention.json()).isEmpty();
  }

  /** As the admin console's user form: GET the user, PUT it back with one field changed. */
  private void rename(String userId, String field, String value) {
    JsonNode user = realm.master().get(realm.path("/users/" + userId)).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> body = JSON.convertValue(user, HashMap.class);
    body.put(field, value);
    TestResponse put = realm.master().put(realm.path("/users/" + userId), body);
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
    assertThat(realm.master().get(realm.path("/users/" + userId)).json().get(field).asText())
        .isEqualTo(value);
  }

  @Test
  void deleteNowEndsALongWindowAtOnceAndIsSafeTwice() {
    List<String> ids = flow.createUsers("dn", 4);
    JsonNode scheduled = flow.scheduleDelete(usernames("dn", 4), "P1D", JOB);
    String importId = scheduled.get("id").asText();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(scheduled.get("deletionDueAt").asText()))
        .isAfter(Instant.now().plus(Duration.ofHours(23)));

    long asked = System.currentTimeMillis();
    TestResponse first = flow.deleteNow(realm.admin(), importId);
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    assertThat(first.json().get("deleting").asInt()).isEqualTo(4);
    assertThat(first.json().get("notAllowed").asInt()).isZero();
    TestResponse second = flow.deleteNow(realm.admin(), importId);
    assertThat(second.status()).as(second.toString()).isEqualTo(202);
    assertThat(second.json().get("deleting").asInt()).isBetween(0, 4);
    assertThat(second.json().get("notAllowed").asInt()).isZero();

    JsonNode done = flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(30));
    long took = System.currentTimeMillis() - asked;
    assertThat(took).as("deleted within seconds, not a day").isLessThan(15_000);
    assertThat(Instant.parse(done.get("deletionDueAt").asText()).toEpochMilli())
        .as("the import's due time moved too")
        .isLessThanOrEqualTo(System.currentTimeMillis());
    assertThat(outcomes(importId)).hasSize(4).containsOnly("DELETED");
    for (String id : ids) {
      assertThat(realm.admin().get(realm.path("/users/" + id)).status()).isEqualTo(404);
      assertThat(userEvents(id, "DELETE")).hasSize(1);
    }

    TestResponse afterwards = flow.deleteNow(realm.admin(), importId);
    assertThat(afterwards.status()).isEqualTo(202);
    assertThat(afterwards.json().get("deleting").asInt()).isZero();
    assertThat(afterwards.json().get("notAllowed").asInt()).isZero();

    List<JsonNode> actions = new ArrayList<>();
    for (JsonNode e : flow.adminEvents("ACADEMY_BULK_IMPORT")) {
      if (e.get("operationType").asText().equals("ACTION")
          && e.get("resourcePath").asText().endsWith(importId + "/delete-now")) {
        actions.add(e);
      }
    }
    assertThat(actions).as("one ACTION event per call").hasSize(3);
  }

  @Test
  void deleteNowOnAPreviewIsAConflict() {
    flow.createUsers("pv", 1);
    JsonNode preview = flow.preview(realm.admin(), "DELETE", List.of("pv-0@example.org"));
    TestResponse r = flow.deleteNow(realm.admin(), preview.get("id").asText());
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.json().get("error").asText()).isEqualTo("bulk.import-not-scheduled");
  }

  private List<String> outcomes(String importId) {
    return flow.rows(importId).stream().map(r -> r.get("outcome").asText()).toList();
  }

  private List<JsonNode> userEvents(String userId, String operation) {
    return flow.adminEvents("USER").stream()
        .filter(e -> e.get("resourcePath").asText().equals("users/" + userId))
        .filter(e -> e.get("operationType").asText().equals(operation))
        .toList();
  }

  private static JsonNode representation(JsonNode event) {
    try {
      return JSON.readTree(event.get("representation").asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String adminId() {
    return realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();
  }

  private static List<String> usernames(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + i);
    }
    return names;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
