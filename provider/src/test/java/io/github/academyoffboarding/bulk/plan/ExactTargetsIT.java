package io.github.academyoffboarding.bulk.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview acts on exactly the users the admin meant, against a real Keycloak: rows hidden in
 * the spreadsheet (files written by LibreOffice and by POI) are left out, an e-mail shared by two
 * users names neither, and users the caller may not view do not show through.
 */
@ExtendWith(KeycloakServerExtension.class)
class ExactTargetsIT {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private KeycloakServer kc;
  private TestRealm realm;
  private AdminClient admin;
  private BulkFlow flow;
  @TempDir Path temp;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    admin = realm.admin();
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void aLibreOfficeFilterAndCollapsedGroupLeaveTheirRowsOut() throws IOException {
    List<String> ids = flow.createUsers("lo", HiddenRowWorkbooks.USERS);
    byte[] xlsx = HiddenRowWorkbooks.libreOffice(BulkFlow.emails("lo", ids.size()), temp);

    // What LibreOffice wrote: its autoFilter, and hidden rows for the filter and the group.
    HiddenRowWorkbooks.SheetXml sheet = HiddenRowWorkbooks.SheetXml.of(xlsx);
    assertThat(sheet.autoFilter()).as("autoFilter in the sheet").isTrue();
    assertThat(sheet.hiddenRows()).isEqualTo(HiddenRowWorkbooks.HIDDEN_ROWS);
    assertThat(sheet.outlinedRows()).containsExactly(18, 19, 20, 21);

    deletesOnlyTheVisibleLeavers(ids, xlsx, "leavers-libreoffice.xlsx");
  }

  @Test
  void rowsHiddenByHandByAFilterAndByAGroupInAPoiWorkbookAreLeftOut() throws IOException {
    List<String> ids = flow.createUsers("poi", HiddenRowWorkbooks.USERS);
    byte[] xlsx = HiddenRowWorkbooks.poi(BulkFlow.emails("poi", ids.size()));

    HiddenRowWorkbooks.SheetXml sheet = HiddenRowWorkbooks.SheetXml.of(xlsx);
    assertThat(sheet.autoFilter()).as("autoFilter in the sheet").isTrue();
    assertThat(sheet.hiddenRows()).isEqualTo(HiddenRowWorkbooks.HIDDEN_ROWS);
    assertThat(sheet.outlinedRows()).containsExactly(18, 19, 20, 21);

    deletesOnlyTheVisibleLeavers(ids, xlsx, "leavers-poi.xlsx");
  }

  /**
   * The 20-row file filtered down to 2 visible leavers: a preview with includeHidden=true plans all
   * 20; the default leaves 18 HIDDEN, and committing it deletes only the 2.
   */
  private void deletesOnlyTheVisibleLeavers(List<String> ids, byte[] xlsx, String fileName) {
    JsonNode all = upload(xlsx, fileName, Map.of("action", "DELETE", "includeHidden", "TRUE"));
    assertThat(all.get("includeHidden").asBoolean()).isTrue();
    assertThat(all.at("/summary/totalRows").asInt()).isEqualTo(20);
    assertThat(all.at("/summary/toProcess").asInt()).isEqualTo(20);
    assertThat(all.at("/summary/hidden").asInt()).isZero();
    assertThat(flow.cancel(admin, all.get("id").asText()).status()).isEqualTo(202);

    JsonNode preview = upload(xlsx, fileName, Map.of("action", "DELETE"));
    String id = preview.get("id").asText();
    assertThat(preview.get("includeHidden").asBoolean()).isFalse();
    assertThat(preview.at("/summary/totalRows").asInt()).isEqualTo(20);
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/hidden").asInt()).isEqualTo(18);
    assertThat(preview.at("/summary/notFound").asInt()).isZero();

    TestResponse hidden =
        admin.get(realm.path("/bulk-users/imports/" + id + "/rows?status=HIDDEN&max=100"));
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
    assertThat(hidden.header("X-Total-Count")).isEqualTo("18");
    List<Integer> hiddenRows = new ArrayList<>();
    for (JsonNode row : hidden.json()) {
      hiddenRows.add(row.get("rowNumber").asInt());
      assertThat(row.get("status").asText()).isEqualTo("HIDDEN");
      assertThat(absent(row, "userId")).as("userId of a hidden row").isTrue();
      assertThat(row.get("messageKey").asText()).isEqualTo("bulk.row.hidden");
      assertThat(row.get("message").asText()).contains("hidden in the spreadsheet");
    }
    assertThat(hiddenRows).containsExactlyInAnyOrderElementsOf(HiddenRowWorkbooks.HIDDEN_ROWS);
    JsonNode matched =
        admin.get(realm.path("/bulk-users/imports/" + id + "/rows?status=MATCHED")).json();
    assertThat(matched)
        .extracting(r -> r.get("userId").asText())
        .containsExactlyInAnyOrder(ids.get(3), ids.get(11));

    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(2));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    for (int i = 0; i < ids.size(); i++) {
      int status = realm.master().get(realm.path("/users/" + ids.get(i))).status();
      assertThat(status)
          .as("user %d (%s)", i, HiddenRowWorkbooks.VISIBLE.contains(i) ? "visible" : "hidden")
          .isEqualTo(HiddenRowWorkbooks.VISIBLE.contains(i) ? 404 : 200);
    }
    // The hidden rows kept their status: the job did not touch them.
    assertThat(
            admin
                .get(realm.path("/bulk-users/imports/" + id + "/rows?status=HIDDEN"))
                .header("X-Total-Count"))
        .isEqualTo("18");
  }

  @Test
  void includeHiddenIsTrueOrFalseAndNothingElse() {
    byte[] csv = "email\nnobody@example.org\n".getBytes(StandardCharsets.UTF_8);
    for (String bad : List.of("yes", "1", "", "true,false")) {
      TestResponse r =
          admin.postMultipart(
              realm.path("/bulk-users/imports"),
              Map.of("action", "DEACTIVATE", "includeHidden", bad),
              "file",
              "users.csv",
              csv,
              "text/csv");
      assertThat(r.status()).as("includeHidden=%s: %s", bad, r).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isEqualTo("bulk.invalid-include-hidden");
    }
    for (Object bad : List.of("yes", 1, List.of(true))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("action", "DEACTIVATE");
      body.put("identifiers", List.of("nobody@example.org"));
      body.put("includeHidden", bad);
      TestResponse r = admin.post(realm.path("/bulk-users/imports"), body);
      assertThat(r.status()).as("includeHidden=%s: %s", bad, r).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isEqualTo("bulk.invalid-include-hidden");
    }
    assertThat(flow.importsInDatabase()).isZero();

    for (Object good : List.of(true, "True", "FALSE", false)) {
      TestResponse r =
          admin.post(
              realm.path("/bulk-users/imports"),
              Map.of(
                  "action",
                  "DEACTIVATE",
                  "identifiers",
                  List.of("nobody@example.org"),
                  "includeHidden",
                  good));
      assertThat(r.status()).as("includeHidden=%s: %s", good, r).isEqualTo(201);
      assertThat(r.json().get("includeHidden").asBoolean())
          .isEqualTo(Boolean.parseBoolean(good.toString()));
    }
    // CSV has no hidden rows: includeHidden changes nothing there.
    TestResponse r =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DEACTIVATE", "includeHidden", "false"),
            "file",
            "users.csv",
            csv,
            "text/csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().at("/summary/notFound").asInt()).isEqualTo(1);
    assertThat(r.json().at("/summary/hidden").asInt()).isZero();
  }

  @Test
  void anEmailSharedByTwoUsersIsAmbiguousAndNeitherIsTouched() {
    allowDuplicateEmails();
    String twinA = realm.createUser("twin-a", "shared@example.org");
    String twinB = realm.createUser("twin-b", "shared@example.org");
    String alice = realm.createUser("alice", "alice@example.org");
    String rene = realm.createUser("rene", "rene@example.org");

    byte[] csv =
        String.join(
                "\n",
                "email",
                "shared@example.org",
                "Shared@Example.ORG",
                "alice@example.org",
                // Not rene: MariaDB's default collation would call these equal; Keycloak does not.
                "René@example.org",
                "RENE@EXAMPLE.ORG",
                "")
            .getBytes(StandardCharsets.UTF_8);
    JsonNode preview = upload(csv, "shared.csv", Map.of("action", "DELETE"));
    String id = preview.get("id").asText();
    assertThat(preview.at("/summary/ambiguous").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/toProcess").asInt()).isEqualTo(2);
    assertThat(preview.at("/summary/notFound").asInt()).isEqualTo(1);
    assertThat(preview.at("/summary/duplicate").asInt()).isZero();
    List<JsonNode> rows = flow.rows(id);
    assertThat(rows)
        .extracting(r -> r.get("status").asText())
        .containsExactly("AMBIGUOUS", "AMBIGUOUS", "MATCHED", "NOT_FOUND", "MATCHED");
    for (JsonNode row : rows.subList(0, 2)) {
      assertThat(row.get("matchCount").asInt()).isEqualTo(2);
      assertThat(absent(row, "userId")).as("userId of an ambiguous row").isTrue();
      assertThat(row.get("messageKey").asText()).isEqualTo("bulk.row.ambiguous");
      assertThat(row.get("messageParams")).extracting(JsonNode::asText).containsExactly("2");
      assertThat(row.get("message").asText())
          .isEqualTo("The identifier matches 2 users; none of them is acted on.");
    }
    assertThat(rows.get(2).get("userId").asText()).isEqualTo(alice);
    assertThat(absent(rows.get(3), "userId")).isTrue();
    assertThat(rows.get(4).get("userId").asText()).isEqualTo(rene);
    assertThat(absent(rows.get(2), "matchCount")).isTrue();

    // The JSON variant, and DEACTIVATE, alike.
    JsonNode json = flow.preview(admin, "DEACTIVATE", List.of("shared@example.org"));
    assertThat(json.at("/summary/ambiguous").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/toProcess").asInt()).isZero();
    assertThat(flow.cancel(admin, json.get("id").asText()).status()).isEqualTo(202);

    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(2));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(realm.master().get(realm.path("/users/" + alice)).status()).isEqualTo(404);
    assertThat(realm.master().get(realm.path("/users/" + rene)).status()).isEqualTo(404);
    for (String twin : List.of(twinA, twinB)) {
      TestResponse user = realm.master().get(realm.path("/users/" + twin));
      assertThat(user.status()).as("twin " + twin).isEqualTo(200);
      assertThat(user.json().get("enabled").asBoolean()).isTrue();
    }
    assertThat(flow.rows(id).subList(0, 2))
        .allSatisfy(r -> assertThat(absent(r, "outcome")).isTrue());
  }

  /**
   * Fine-grained admin permissions (v2): an admin with query-users and view/manage on a few users
   * only. A user outside their reach reads exactly like an unknown identifier (no id, no reason, no
   * academy counts); an ambiguous identifier counts only the users they may view.
   */
  @Test
  void usersTheCallerMayNotViewReadLikeUnknownIdentifiers() {
    allowDuplicateEmails();
    expectStatus(realm.master().put(realm.path(""), Map.of("adminPermissionsEnabled", true)), 204);
    String helper = realm.createUserWithRoles("helper", "helper@example.org", "query-users");
    String seen = realm.createUser("seen", "seen@example.org");
    String unseen = realm.createUser("unseen", "unseen@example.org");
    realm.createUserWithRoles("boss", "boss@example.org", "realm-admin");
    String pairSeen = realm.createUser("pair-seen", "pair@example.org");
    realm.createUser("pair-unseen", "pair@example.org");
    String trio1 = realm.createUser("trio-1", "trio@example.org");
    String trio2 = realm.createUser("trio-2", "trio@example.org");
    realm.createUser("trio-3", "trio@example.org");
    permit(helper, List.of(seen, pairSeen, trio1, trio2));
    addLearningRecord(seen);
    addLearningRecord(unseen);

    AdminClient restricted = realm.login("helper");
    TestResponse created =
        restricted.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "identifiers",
                List.of(
                    "seen@example.org",
                    "unseen@example.org",
                    "nobody@example.org",
                    "boss@example.org",
                    "pair@example.org",
                    "trio@example.org")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode summary = created.json().get("summary");
    assertThat(summary.get("toProcess").asInt()).isEqualTo(1);
    assertThat(summary.get("notFound").asInt()).isEqualTo(3);
    assertThat(summary.get("protected").asInt()).isZero();
    assertThat(summary.get("ambiguous").asInt()).isEqualTo(2);
    assertThat(summary.get("learningRecords").asLong()).isEqualTo(1);
    String id = created.json().get("id").asText();

    JsonNode rows = restricted.get(realm.path("/bulk-users/imports/" + id + "/rows")).json();
    assertThat(rows).hasSize(6);
    JsonNode unknown = withoutPosition(rows.get(2));
    assertThat(unknown.get("status").asText()).isEqualTo("NOT_FOUND");
    assertThat(withoutPosition(rows.get(1))).as("unseen user's row").isEqualTo(unknown);
    assertThat(withoutPosition(rows.get(3))).as("realm admin's row").isEqualTo(unknown);
    assertThat(rows.get(0).get("userId").asText()).isEqualTo(seen);
    assertThat(rows.get(4).get("status").asText()).isEqualTo("AMBIGUOUS");
    assertThat(absent(rows.get(4), "userId")).isTrue();
    assertThat(absent(rows.get(4), "matchCount")).isTrue();
    assertThat(rows.get(4).get("messageKey").asText()).isEqualTo("bulk.row.ambiguous-uncounted");
    assertThat(rows.get(5).get("status").asText()).isEqualTo("AMBIGUOUS");
    assertThat(rows.get(5).get("matchCount").asInt()).isEqualTo(2);
    assertThat(absent(rows.get(5), "userId")).isTrue();
    String body = rows.toString();
    TestResponse report =
        restricted.get(realm.path("/bulk-users/imports/" + id + "/report?format=csv"));
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    for (String text : List.of(body, report.text())) {
      assertThat(text).doesNotContain(unseen).doesNotContain("administrator");
    }
  }

  private JsonNode upload(byte[] file, String fileName, Map<String, String> fields) {
    // deleteAfter=PT0S: where a restore window exists, this upload deletes at once all the same.
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.putIfAbsent("deleteAfter", "PT0S");
    TestResponse r =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            all,
            "file",
            fileName,
            file,
            fileName.endsWith(".csv") ? "text/csv" : XLSX);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private void allowDuplicateEmails() {
    expectStatus(
        realm
            .master()
            .put(
                realm.path(""),
                Map.of(
                    "duplicateEmailsAllowed",
                    true,
                    "loginWithEmailAllowed",
                    false,
                    "registrationEmailAsUsername",
                    false)),
        204);
    assertThat(realm.master().get(realm.path("")).json().get("duplicateEmailsAllowed").asBoolean())
        .isTrue();
  }

  /** FGAP v2: a user policy for {@code adminId} and a view/manage permission on {@code users}. */
  private void permit(String adminId, List<String> users) {
    AdminClient m = realm.master();
    String client = m.get(realm.path("")).json().at("/adminPermissionsClient/id").asText();
    assertThat(client).as("admin-permissions client").isNotBlank();
    String server = realm.path("/clients/" + client + "/authz/resource-server");
    expectStatus(
        m.post(server + "/policy/user", Map.of("name", "helper-policy", "users", List.of(adminId))),
        201);
    expectStatus(
        m.post(
            server + "/permission/scope",
            Map.of(
                "name",
                "helper-on-some-users",
                "resourceType",
                "Users",
                "resources",
                users,
                "scopes",
                List.of("view", "manage"),
                "policies",
                List.of("helper-policy"))),
        201);
  }

  private void addLearningRecord(String userId) {
    expectStatus(
        admin.post(
            realm.path("/academy/users/" + userId + "/learning-records"),
            Map.of("courseId", "java-101", "courseName", "Java basics", "status", "ENROLLED")),
        201);
  }

  /** Keycloak's JSON leaves out null fields. */
  private static boolean absent(JsonNode row, String field) {
    return row.get(field) == null || row.get(field).isNull();
  }

  private static JsonNode withoutPosition(JsonNode row) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = row.deepCopy();
    copy.remove("rowNumber");
    copy.remove("identifier");
    return copy;
  }

  private static void expectStatus(TestResponse r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
  }
}
