package io.github.academyoffboarding.bulk.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestDatabase;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history purge against a real Keycloak, for a realm whose {@code academy.history-retention} is
 * seconds: the shared test server keeps its own (long) retention, so the reports other tests read
 * stay, and only this test's realm forgets.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRetentionIT {

  private static final Duration RETENTION = Duration.ofSeconds(40);

  private KeycloakServer kc;
  private TestDatabase db;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeAll
  void start(KeycloakServer kc) {
    this.kc = kc;
    db = kc.database();
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    TestResponse set =
        realm
            .master()
            .put(
                realm.path(""),
                Map.of(
                    "attributes",
                    Map.of(RealmHistoryRetention.REALM_ATTRIBUTE, RETENTION.toString())));
    assertThat(set.status()).as(set.toString()).isEqualTo(204);
  }

  @AfterAll
  void stop() {
    realm.close();
  }

  @Test
  void anEndedImportForgetsItsUsersAfterTheRetentionAndARecentOneKeepsThem() {
    AdminClient admin = realm.admin();
    List<String> leavers = flow.createUsers("rt-del", 3);
    List<String> sleepers = flow.createUsers("rt-off", 2);
    List<String> recent = flow.createUsers("rt-new", 2);
    String keeper = realm.createUser("rt-keep", "rt-keep@example.org");
    flow.addAcademyData(admin, leavers.get(0));

    // A DELETE from a file (with an unknown address, whose row names someone too), a DEACTIVATE
    // from JSON, and a preview that was cancelled.
    String csv =
        "email\n" + String.join("\n", BulkFlow.emails("rt-del", 3)) + "\nnobody-rt@example.org\n";
    TestResponse uploaded =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            // At once, whatever the server's restore window.
            Map.of("action", "DELETE", "deleteAfter", "PT0S"),
            "file",
            "leavers-december.csv",
            csv.getBytes(StandardCharsets.UTF_8),
            "text/csv");
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
    String deletion = uploaded.json().get("id").asText();
    assertThat(flow.commit(admin, deletion).status()).isEqualTo(202);
    String deactivation =
        flow.preview(admin, "DEACTIVATE", BulkFlow.emails("rt-off", 2)).get("id").asText();
    assertThat(flow.commit(admin, deactivation).status()).isEqualTo(202);
    JsonNode deletePreview = flow.preview(admin, "DELETE", List.of("rt-keep@example.org"));
    // The realm's retention is what its admins see.
    assertThat(
            admin.get(realm.path("/bulk-users/settings")).json().get("historyRetention").asText())
        .isEqualTo("PT40S");
    String cancelled = deletePreview.get("id").asText();
    assertThat(flow.cancel(admin, cancelled).status()).isEqualTo(202);
    JsonNode deleted = flow.awaitEnd(deletion, Duration.ofMinutes(2));
    JsonNode deactivated = flow.awaitEnd(deactivation, Duration.ofMinutes(2));
    JsonNode cancelledBefore = flow.get(cancelled);
    assertThat(deleted.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(deleted.at("/outcomes/DELETED").asLong()).isEqualTo(3);
    assertThat(deactivated.at("/outcomes/DEACTIVATED").asLong()).isEqualTo(2);
    assertThat(cancelledBefore.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(deleted.hasNonNull("historyErasedAt")).isFalse();
    List<JsonNode> deletedRowsBefore = flow.rows(deletion);
    // Before the retention the rows name the users: what the purge must take away is there.
    assertThat(deletedRowsBefore)
        .extracting(r -> r.get("identifier").asText())
        .containsAll(BulkFlow.emails("rt-del", 3));
    assertThat(deletedRowsBefore).extracting(r -> r.path("userId").asText()).containsAll(leavers);
    assertThat(report(deletion, "csv").text()).contains(BulkFlow.email("rt-del", 0));
    assertThat(personalColumnsSet(deletion)).isEqualTo(4);

    // Halfway through the retention, another import ends: it must still be whole when the first
    // ones are erased.
    BulkFlow.sleep(
        Math.max(
            0,
            Instant.parse(deleted.get("finishedAt").asText()).toEpochMilli()
                + RETENTION.toMillis() / 2
                - System.currentTimeMillis()));
    String later =
        flow.preview(admin, "DEACTIVATE", BulkFlow.emails("rt-new", 2)).get("id").asText();
    assertThat(flow.commit(admin, later).status()).isEqualTo(202);
    JsonNode laterDone = flow.awaitEnd(later, Duration.ofMinutes(2));
    long laterFinished = Instant.parse(laterDone.get("finishedAt").asText()).toEpochMilli();

    // Past the retention, the purge erases the three ended imports.
    long waitStart = System.nanoTime();
    for (String id : List.of(deletion, deactivation, cancelled)) {
      BulkFlow.await(
          () -> flow.get(id).hasNonNull("historyErasedAt") ? true : null,
          RETENTION.plusMinutes(1),
          "import " + id + " to be erased");
    }
    System.out.printf(
        Locale.ROOT,
        "HistoryRetentionIT: erased %.1f s after the retention began to wait%n",
        (System.nanoTime() - waitStart) / 1e9);
    long checkedAt = System.currentTimeMillis();
    // The recent import, which ended less than the retention ago, keeps everything.
    assertThat(checkedAt)
        .as("checked while the later import is within its retention")
        .isLessThan(laterFinished + RETENTION.toMillis());
    JsonNode laterNow = flow.get(later);
    assertThat(laterNow.hasNonNull("historyErasedAt")).isFalse();
    assertThat(flow.rows(later))
        .extracting(r -> r.get("identifier").asText())
        .containsExactlyElementsOf(BulkFlow.emails("rt-new", 2));
    assertThat(flow.rows(later))
        .extracting(r -> r.get("userId").asText())
        .containsExactlyElementsOf(recent);
    TestResponse laterReport = report(later, "csv");
    assertThat(laterReport.status()).isEqualTo(200);
    assertThat(laterReport.text()).contains(BulkFlow.email("rt-new", 1)).contains(recent.get(0));
    assertThat(personalColumnsSet(later)).isEqualTo(2);

    // The erased imports are still the record of what was done.
    JsonNode deletedNow = flow.get(deletion);
    for (String field :
        List.of(
            "id",
            "action",
            "matchBy",
            "status",
            "fileName",
            "createdBy",
            "createdById",
            "createdAt",
            "committedAt",
            "finishedAt",
            "summary",
            "progress",
            "outcomes")) {
      assertThat(deletedNow.get(field)).as(field).isEqualTo(deleted.get(field));
    }
    assertThat(deletedNow.get("action").asText()).isEqualTo("DELETE");
    assertThat(deletedNow.get("fileName").asText()).isEqualTo("leavers-december.csv");
    assertThat(deletedNow.get("createdBy").asText()).isEqualTo(TestRealm.ADMIN_USERNAME);
    assertThat(deletedNow.at("/summary/totalRows").asInt()).isEqualTo(4);
    assertThat(deletedNow.at("/summary/notFound").asInt()).isEqualTo(1);
    assertThat(deletedNow.at("/summary/learningRecords").asLong()).isEqualTo(1);
    assertThat(deletedNow.at("/outcomes/DELETED").asLong()).isEqualTo(3);
    Instant erasedAt = Instant.parse(deletedNow.get("historyErasedAt").asText());
    assertThat(erasedAt).isAfter(Instant.parse(deleted.get("finishedAt").asText()).plus(RETENTION));
    assertThat(flow.get(deactivation).get("outcomes")).isEqualTo(deactivated.get("outcomes"));
    assertThat(flow.get(cancelled).get("summary")).isEqualTo(cancelledBefore.get("summary"));

    // Its report is gone, in both formats.
    for (String format : List.of("csv", "xlsx")) {
      TestResponse gone = report(deletion, format);
      assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
      assertThat(gone.json().get("error").asText()).isEqualTo("bulk.report-expired");
      assertThat(gone.json().get("errorDescription").asText()).isNotBlank();
    }
    assertThat(report(deactivation, "csv").status()).isEqualTo(410);
    assertThat(report(cancelled, "csv").status()).isEqualTo(410);

    // Its rows keep their statuses and outcomes, and nothing that named anyone.
    List<JsonNode> deletedRowsNow = flow.rows(deletion);
    assertThat(deletedRowsNow).hasSameSizeAs(deletedRowsBefore);
    for (int i = 0; i < deletedRowsNow.size(); i++) {
      JsonNode now = deletedRowsNow.get(i);
      JsonNode before = deletedRowsBefore.get(i);
      assertThat(now.get("rowNumber")).isEqualTo(before.get("rowNumber"));
      assertThat(now.get("status")).isEqualTo(before.get("status"));
      assertThat(now.get("outcome")).isEqualTo(before.get("outcome"));
      assertThat(now.get("messageKey")).isEqualTo(before.get("messageKey"));
      assertThat(now.hasNonNull("identifier")).as("identifier of %s", now).isFalse();
      assertThat(now.hasNonNull("userId")).as("userId of %s", now).isFalse();
      assertThat(now.hasNonNull("message")).as("message of %s", now).isFalse();
      assertThat(now.get("messageParams")).as("messageParams of %s", now).isEmpty();
    }
    for (JsonNode row : flow.rows(deactivation)) {
      assertThat(row.hasNonNull("identifier")).isFalse();
      assertThat(row.hasNonNull("userId")).isFalse();
    }

    // In the database itself: the erased imports' rows keep no identifier, user id or message...
    for (String id : List.of(deletion, deactivation, cancelled)) {
      assertThat(personalColumnsSet(id)).as("personal columns left in the rows of %s", id).isZero();
      assertThat(db.count("select count(*) from ACADEMY_BULK_IMPORT_ROW where IMPORT_ID = ?", id))
          .as("rows kept as the record")
          .isPositive();
    }
    // ...and no column of any row of the extension's tables names a deleted learner, by e-mail,
    // username or id; nor the cancelled preview's user, nor the unknown address.
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add(BulkFlow.email("rt-del", i));
      names.add("rt-del-" + i);
      names.add(leavers.get(i));
    }
    names.add("nobody-rt@example.org");
    names.add("rt-keep@example.org");
    for (String table :
        List.of(
            "ACADEMY_BULK_IMPORT",
            "ACADEMY_BULK_IMPORT_ROW",
            "ACADEMY_LEARNING_RECORD",
            "ACADEMY_CERTIFICATE")) {
      assertThat(cellsNaming(table, names)).as("cells of %s naming a learner", table).isEmpty();
    }
    assertThat(keeper).isNotBlank();
    assertThat(kc.log()).contains("Erased the row history (identifiers, user ids, messages) of");

    anotherNodesClaimIsRespectedUntilItRunsOut(later, laterFinished);
  }

  /**
   * The later import as a node that died halfway through erasing it would leave it: one row erased,
   * the other not, and that node's claim still running past the retention. This node keeps off it
   * while the claim runs (the API hides the rows all the same), then takes it over and finishes.
   */
  private void anotherNodesClaimIsRespectedUntilItRunsOut(String later, long laterFinished) {
    long due = laterFinished + RETENTION.toMillis();
    long claimUntil = due + 15_000;
    assertThat(System.currentTimeMillis()).as("set up before the import is due").isLessThan(due);
    assertThat(
            db.update(
                "update ACADEMY_BULK_IMPORT set LEASE_OWNER = 'a-node-that-died', LEASE_UNTIL = ?"
                    + " where ID = ? and HISTORY_ERASED_AT is null",
                claimUntil,
                later))
        .isEqualTo(1);
    int firstRow =
        (int)
            db.count("select min(ROW_NO) from ACADEMY_BULK_IMPORT_ROW where IMPORT_ID = ?", later);
    db.update(
        "update ACADEMY_BULK_IMPORT_ROW set IDENTIFIER = null, USER_ID = null where IMPORT_ID = ?"
            + " and ROW_NO = ?",
        later,
        firstRow);

    // Past the retention, while the claim runs: left alone by this node's purge (a pass a second),
    // and yet the API shows no identifier and no report any more.
    BulkFlow.sleep(Math.max(0, due + 5_000 - System.currentTimeMillis()));
    assertThat(System.currentTimeMillis())
        .as("checked while the claim runs")
        .isLessThan(claimUntil);
    assertThat(personalColumnsSet(later)).isEqualTo(1);
    assertThat(
            db.count(
                "select count(*) from ACADEMY_BULK_IMPORT where ID = ? and HISTORY_ERASED_AT is null"
                    + " and LEASE_OWNER = 'a-node-that-died'",
                later))
        .isEqualTo(1);
    assertThat(flow.rows(later))
        .allMatch(r -> !r.hasNonNull("identifier") && !r.hasNonNull("userId"));
    assertThat(report(later, "csv").status()).isEqualTo(410);

    // Once the claim has run out, this node takes the import over and finishes it.
    BulkFlow.await(
        () -> flow.get(later).hasNonNull("historyErasedAt") ? true : null,
        Duration.ofMinutes(1),
        "the abandoned erasure to be taken over");
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(claimUntil);
    assertThat(personalColumnsSet(later)).isZero();
    assertThat(
            db.count(
                "select count(*) from ACADEMY_BULK_IMPORT where ID = ? and LEASE_OWNER is null"
                    + " and LEASE_UNTIL is null",
                later))
        .isEqualTo(1);
  }

  private TestResponse report(String id, String format) {
    return realm.admin().get(realm.path("/bulk-users/imports/" + id + "/report?format=" + format));
  }

  /** Rows of the import with an identifier, user id, message or message parameter. */
  private long personalColumnsSet(String importId) {
    return db.count(
        "select count(*) from ACADEMY_BULK_IMPORT_ROW where IMPORT_ID = ? and (IDENTIFIER is not"
            + " null or USER_ID is not null or MESSAGE is not null or MESSAGE_PARAM is not null)",
        importId);
  }

  /** Every text cell of {@code table} that contains one of {@code names}, as "column=value". */
  private List<String> cellsNaming(String table, List<String> names) {
    List<String> found = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select * from " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        for (int col = 1; col <= meta.getColumnCount(); col++) {
          Object value = rs.getObject(col);
          if (value instanceof String text) {
            for (String name : names) {
              if (text.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
                found.add(meta.getColumnName(col) + "=" + text);
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
