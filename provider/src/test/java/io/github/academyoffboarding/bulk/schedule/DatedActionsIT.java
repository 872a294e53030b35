package io.github.academyoffboarding.bulk.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.RealmDay;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dated rows carried out by the engine at their due time: a leave date (DEACTIVATE at the end of
 * the day), a DELETE whose restore window counts from its date, a first day back (REACTIVATE at the
 * start of the day), a long-term leave that ends ({@code until}), a later file moving a date,
 * cancel and deactivate-now.
 *
 * <p>Days end at midnight in the realm's zone; to have a day end within the test, each test gives
 * its realm a fixed-offset zone ({@code academy.time-zone}) in which "today" ends {@link #AHEAD}
 * from now. The server's poll interval is one second.
 */
@ExtendWith(KeycloakServerExtension.class)
class DatedActionsIT {

  /** How far ahead "today" ends in the realm's zone: room for a preview and a commit. */
  private static final Duration AHEAD = Duration.ofSeconds(14);

  private static final Duration WAIT = Duration.ofSeconds(60);

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;

  /** Today in the realm's zone, and the instant it ends. */
  private LocalDate today;

  private Instant endOfToday;

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
  void aLeaveDateDeactivatesAtTheEndOfThatDayAndNotBefore() {
    List<String> ids = flow.createUsers("ld", 2);
    dayEndsSoon();
    String importId =
        commit(
            "DEACTIVATE",
            List.of(row("ld-0", today.toString(), null), row("ld-1", null, null)),
            null);
    JsonNode scheduled = flow.awaitEnd(importId, WAIT);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(enabled(ids.get(1))).as("no date: at commit").isFalse();
    assertThat(enabled(ids.get(0))).as("not before the end of its day").isTrue();
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.get(0).get("outcome").asText()).isEqualTo("WAITING");
    assertThat(Instant.parse(rows.get(0).get("dueAt").asText())).isEqualTo(endOfToday);
    assertThat(rows.get(1).get("outcome").asText()).isEqualTo("DEACTIVATED");

    JsonNode listed = scheduled("?action=DEACTIVATE");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("userId").asText()).isEqualTo(ids.get(0));
    assertThat(listed.get(0).get("kind").asText()).isEqualTo("DATED");
    assertThat(listed.get(0).get("importId").asText()).isEqualTo(importId);
    assertThat(Instant.parse(listed.get(0).get("dueAt").asText())).isEqualTo(endOfToday);

    JsonNode done = flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(enabled(ids.get(0))).isFalse();
    assertThat(Instant.now()).isAfterOrEqualTo(endOfToday);
    assertThat(flow.rows(importId).get(0).get("outcome").asText()).isEqualTo("DEACTIVATED");
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(2);
    assertThat(updates(ids.get(0))).as("deactivated once").isEqualTo(1);
    assertThat(scheduled("")).isEmpty();
    String report =
        realm
            .admin()
            .get(realm.path("/bulk-users/imports/" + importId + "/report?format=csv"))
            .text();
    assertThat(report)
        .as("the report has the date and the due time")
        .contains("ld-0,MATCHED,DEACTIVATED,,")
        .contains("," + today + ",," + endOfToday);
  }

  @Test
  void aDatedDeleteIsDeactivatedOnItsDateAndDeletedWhenItsWindowFromThenEnds() {
    List<String> ids = flow.createUsers("dd", 1);
    flow.addAcademyData(realm.admin(), ids.get(0));
    dayEndsSoon();
    String importId =
        commit(
            "DELETE", List.of(row("dd-0", today.toString(), null)), Map.of("deleteAfter", "PT6S"));
    assertThat(flow.awaitEnd(importId, WAIT).get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(enabled(ids.get(0))).isTrue();
    JsonNode listed = scheduled("?userId=" + ids.get(0));
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("kind").asText()).isEqualTo("DATED");
    assertThat(listed.get(0).get("action").asText()).isEqualTo("DELETE");
    assertThat(Instant.parse(listed.get(0).get("deleteAt").asText()))
        .isEqualTo(endOfToday.plusSeconds(6));

    JsonNode pending =
        BulkFlow.await(
            () -> {
              JsonNode l = scheduled("?userId=" + ids.get(0));
              return l.size() == 1 && l.get(0).get("kind").asText().equals("PENDING_DELETION")
                  ? l.get(0)
                  : null;
            },
            WAIT,
            "the dated delete to deactivate");
    assertThat(Instant.parse(pending.get("dueAt").asText()))
        .as("the window counts from the date")
        .isEqualTo(endOfToday.plusSeconds(6));
    assertThat(enabled(ids.get(0))).isFalse();
    assertThat(kc.database().academyRows(ids.get(0))).as("kept in the window").isEqualTo(2);

    flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(realm.admin().get(realm.path("/users/" + ids.get(0))).status()).isEqualTo(404);
    assertThat(kc.database().academyRows(ids.get(0))).as("the cascade").isZero();
    assertThat(flow.rows(importId).get(0).get("outcome").asText()).isEqualTo("DELETED");
  }

  @Test
  void aFirstDayBackReactivatesAtTheStartOfThatDay() {
    List<String> ids = flow.createUsers("fb", 1);
    flow.runByUsername("DEACTIVATE", List.of("fb-0"));
    dayEndsSoon();
    String importId =
        commit("REACTIVATE", List.of(row("fb-0", today.plusDays(1).toString(), null)), null);
    assertThat(flow.awaitEnd(importId, WAIT).get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(flow.rows(importId).get(0).get("dueAt").asText()))
        .as("the start of the next day is the end of today")
        .isEqualTo(endOfToday);
    assertThat(enabled(ids.get(0))).isFalse();
    flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(enabled(ids.get(0))).isTrue();
    assertThat(flow.rows(importId).get(0).get("outcome").asText()).isEqualTo("REACTIVATED");
  }

  @Test
  void aLongTermLeaveEndsWithAReturnUnlessAnAdminEnabledTheUserMeanwhile() {
    List<String> ids = flow.createUsers("lt", 2);
    dayEndsSoon();
    String yesterday = today.minusDays(1).toString();
    String importId =
        commit(
            "DEACTIVATE",
            List.of(
                row("lt-0", yesterday, today.toString()), row("lt-1", yesterday, today.toString())),
            null);
    assertThat(flow.awaitEnd(importId, WAIT).get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(enabled(ids.get(0))).as("the leave began yesterday: at commit").isFalse();
    assertThat(enabled(ids.get(1))).isFalse();
    JsonNode returns = scheduled("?action=REACTIVATE");
    assertThat(returns).hasSize(2);
    assertThat(returns.get(0).get("kind").asText()).isEqualTo("RETURN");
    assertThat(Instant.parse(returns.get(0).get("dueAt").asText())).isEqualTo(endOfToday);

    // An admin brings one back early, as the console's switch does.
    setEnabled(ids.get(1), true);

    flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(enabled(ids.get(0))).isTrue();
    assertThat(enabled(ids.get(1))).isTrue();
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.get(0).get("outcome").asText()).isEqualTo("RETURNED");
    assertThat(rows.get(1).get("outcome").asText()).isEqualTo("KEPT");
    assertThat(rows.get(1).get("messageKey").asText())
        .isEqualTo("bulk.outcome.return-already-active");
    assertThat(updates(ids.get(0))).as("deactivated, then reactivated").isEqualTo(2);
  }

  @Test
  void aLaterFileMovesTheDateAndTheEarlierImportEnds() {
    List<String> ids = flow.createUsers("mv", 1);
    dayEndsSoon();
    String first =
        commit("DEACTIVATE", List.of(row("mv-0", today.plusDays(20).toString(), null)), null);
    assertThat(flow.awaitEnd(first, WAIT).get("status").asText()).isEqualTo("SCHEDULED");

    JsonNode preview = preview("DEACTIVATE", List.of(row("mv-0", today.toString(), null)));
    String second = preview.get("id").asText();
    JsonNode previewRow = flow.rows(second).get(0);
    assertThat(previewRow.get("replacesImportId").asText()).isEqualTo(first);
    assertThat(Instant.parse(previewRow.get("replacesDueAt").asText()))
        .isEqualTo(endOfToday.plus(Duration.ofDays(20)));
    assertThat(flow.get(second).at("/summary/moves").asInt()).isEqualTo(1);
    assertThat(flow.commit(realm.admin(), second).status()).isEqualTo(202);

    JsonNode moved = flow.awaitStatus(first, "COMPLETED", WAIT);
    assertThat(moved.get("status").asText()).isEqualTo("COMPLETED");
    JsonNode firstRow = flow.rows(first).get(0);
    assertThat(firstRow.get("outcome").asText()).isEqualTo("MOVED");
    assertThat(firstRow.get("messageKey").asText()).isEqualTo("bulk.row.schedule-moved");
    assertThat(scheduled("")).hasSize(1);
    assertThat(scheduled("").get(0).get("importId").asText()).isEqualTo(second);

    flow.awaitStatus(second, "COMPLETED", WAIT);
    assertThat(enabled(ids.get(0))).isFalse();
    assertThat(updates(ids.get(0))).as("deactivated once").isEqualTo(1);
  }

  @Test
  void cancelAndDeactivateNowPerUserAndPerImport() {
    List<String> ids = flow.createUsers("cn", 4);
    dayEndsSoon();
    String later = today.plusDays(30).toString();
    String importId =
        commit(
            "DEACTIVATE",
            List.of(
                row("cn-0", later, null),
                row("cn-1", later, null),
                row("cn-2", later, null),
                row("cn-3", later, null)),
            null);
    assertThat(flow.awaitEnd(importId, WAIT).get("status").asText()).isEqualTo("SCHEDULED");
    AdminClient admin = realm.admin();

    TestResponse cancelled =
        admin.post(
            realm.path("/bulk-users/scheduled/" + ids.get(0) + "/cancel"),
            Map.of("action", "DEACTIVATE"));
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    assertThat(cancelled.json().get("result").asText()).isEqualTo("CANCELLED");
    TestResponse again =
        admin.post(realm.path("/bulk-users/scheduled/" + ids.get(0) + "/cancel"), null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("error").asText()).isEqualTo("bulk.scheduled-not-found");

    TestResponse now =
        admin.post(
            realm.path("/bulk-users/imports/" + importId + "/deactivate-now"),
            Map.of("userIds", List.of(ids.get(1))));
    assertThat(now.status()).as(now.toString()).isEqualTo(202);
    assertThat(now.json().get("changed").asInt()).isEqualTo(1);
    TestResponse userNow =
        admin.post(realm.path("/bulk-users/scheduled/" + ids.get(2) + "/now"), null);
    assertThat(userNow.status()).as(userNow.toString()).isEqualTo(202);
    BulkFlow.await(
        () -> !enabled(ids.get(1)) && !enabled(ids.get(2)) ? true : null, WAIT, "deactivate-now");
    assertThat(enabled(ids.get(3))).isTrue();

    TestResponse cancelImport = flow.cancel(admin, importId);
    assertThat(cancelImport.status()).as(cancelImport.toString()).isEqualTo(202);
    JsonNode done = flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.stream().map(r -> r.get("outcome").asText()).toList())
        .containsExactly("CANCELLED", "DEACTIVATED", "DEACTIVATED", "CANCELLED");
    assertThat(enabled(ids.get(0))).isTrue();
    assertThat(enabled(ids.get(3))).isTrue();
    assertThat(scheduled("")).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Gives the realm a fixed-offset zone in which today ends {@link #AHEAD} from now, and notes
   * today's date there and the instant it ends.
   */
  private void dayEndsSoon() {
    RealmDay day = RealmDay.endingIn(realm, AHEAD);
    endOfToday = day.end();
    today = day.today();
  }

  private static Map<String, Object> row(String identifier, String date, String until) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("identifier", identifier);
    if (date != null) {
      row.put("date", date);
    }
    if (until != null) {
      row.put("until", until);
    }
    return row;
  }

  private JsonNode preview(String action, List<Map<String, Object>> rows) {
    TestResponse created =
        realm
            .admin()
            .post(
                realm.path("/bulk-users/imports"),
                Map.of("action", action, "matchBy", "USERNAME", "rows", rows));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  private String commit(String action, List<Map<String, Object>> rows, Object commitBody) {
    String id = preview(action, rows).get("id").asText();
    TestResponse committed =
        realm.admin().post(realm.path("/bulk-users/imports/" + id + "/commit"), commitBody);
    assertThat(committed.status()).as(committed.toString()).isEqualTo(202);
    return id;
  }

  private JsonNode scheduled(String query) {
    TestResponse r = realm.admin().get(realm.path("/bulk-users/scheduled" + query));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(Long.parseLong(r.header("X-Total-Count"))).isEqualTo(r.json().size());
    return r.json();
  }

  private boolean enabled(String userId) {
    return realm.admin().get(realm.path("/users/" + userId)).json().get("enabled").asBoolean();
  }

  private void setEnabled(String userId, boolean enabled) {
    AdminClient admin = realm.admin();
    JsonNode user = admin.get(realm.path("/users/" + userId)).json();
    @SuppressWarnings("unchecked")
    Map<String, Object> body =
        new com.fasterxml.jackson.databind.ObjectMapper().convertValue(user, HashMap.class);
    body.put("enabled", enabled);
    TestResponse put = admin.put(realm.path("/users/" + userId), body);
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
  }

  /** The admin events UPDATE of a user that the engine recorded (not the test's own). */
  private long updates(String userId) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : flow.adminEvents("USER")) {
      if (e.get("operationType").asText().equals("UPDATE")
          && e.get("resourcePath").asText().equals("users/" + userId)) {
        found.add(e);
      }
    }
    return found.size();
  }
}
