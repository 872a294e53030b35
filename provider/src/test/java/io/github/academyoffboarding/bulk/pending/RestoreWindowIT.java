package io.github.academyoffboarding.bulk.pending;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bulk DELETE through a restore window: the users are deactivated at once and kept, with their
 * academy data, until restored (or deleted at the due time, which {@code deleteAfter=P1D} keeps out
 * of this test). The shared server runs with {@code restore-window=PT0S}, so every import here
 * names its window.
 */
@ExtendWith(KeycloakServerExtension.class)
class RestoreWindowIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = Duration.ofDays(1).toMillis();

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
  void deleteThroughAWindowDeactivatesAndRestoreBringsBackExactlyThoseAsked() {
    String ann = realm.createUser("ann", "ann.smith@example.org");
    String bob = realm.createUser("bob", "bob.jones@example.org");
    String cid = realm.createUser("cid", "cid@example.org");
    String dan = realm.createUser("dan", "dan@example.org");
    disable(cid);
    flow.addAcademyData(admin, ann);
    flow.enableAdminEvents(); // after the set-up: the events checked below are the import's
    AdminClient annSession = AdminClient.password(kc, realm.name(), "ann", TestRealm.PASSWORD);

    long before = System.currentTimeMillis();
    String id = schedule(List.of("ann", "bob", "cid", "dan"), "P1D");
    JsonNode imp = flow.get(id);
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("deleteAfter").asText()).isEqualTo("P1D");
    assertThat(imp.get("pendingDeletions").asInt()).isEqualTo(4);
    assertThat(absent(imp, "finishedAt")).isTrue();
    long due = Instant.parse(imp.get("deletionDueAt").asText()).toEpochMilli();
    assertThat(due).isBetween(before + DAY, System.currentTimeMillis() + DAY);
    assertThat(flow.rows(id))
        .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("SCHEDULED"));

    // Deactivated at once: no password login, no refresh of an existing session; data kept.
    assertThat(enabled(ann)).isFalse();
    assertThat(login("ann").status()).isEqualTo(400);
    TestResponse refresh = annSession.tryRefresh();
    assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
    assertThat(kc.database().academyRows(ann)).isEqualTo(2);

    // The list: all four, by due time then username; cid was disabled before.
    TestResponse list = admin.get(realm.path("/bulk-users/pending-deletions"));
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.header("X-Total-Count")).isEqualTo("4");
    assertThat(usernames(list)).containsExactly("ann", "bob", "cid", "dan");
    JsonNode first = list.json().get(0);
    assertThat(first.get("userId").asText()).isEqualTo(ann);
    assertThat(first.get("email").asText()).isEqualTo("ann.smith@example.org");
    assertThat(first.get("firstName").asText()).isEqualTo("Test");
    assertThat(first.get("lastName").asText()).isEqualTo("ann");
    assertThat(first.get("importId").asText()).isEqualTo(id);
    assertThat(first.get("requestedBy").asText()).isEqualTo(TestRealm.ADMIN_USERNAME);
    assertThat(first.get("enabledBefore").asBoolean()).isTrue();
    assertThat(Instant.parse(first.get("dueAt").asText()).toEpochMilli()).isEqualTo(due);
    assertThat(list.json().get(2).get("enabledBefore").asBoolean()).as("cid").isFalse();

    // Another import of a pending user leaves it to the first one.
    JsonNode again = flow.awaitEnd(start(List.of("ann"), "P1D"), Duration.ofMinutes(1));
    assertThat(again.get("status").asText()).isEqualTo("COMPLETED");
    JsonNode skipped = flow.rows(again.get("id").asText()).get(0);
    assertThat(skipped.get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(skipped.get("messageKey").asText()).isEqualTo("bulk.outcome.already-pending");

    // Restore of some, by id: exactly those, an unknown id is not pending.
    JsonNode restored = restore(admin, id, Map.of("userIds", List.of(ann, cid, "no-such-user")));
    assertThat(counts(restored)).containsExactly(2, 1, 0);
    assertThat(enabled(ann)).isTrue();
    assertThat(login("ann").status()).isEqualTo(200);
    assertThat(enabled(cid)).as("disabled before, so still disabled").isFalse();
    assertThat(enabled(bob)).isFalse();
    assertThat(pendingIds()).containsExactlyInAnyOrder(bob, dan);
    assertThat(outcomes(id)).containsExactly("RESTORED", "SCHEDULED", "RESTORED", "SCHEDULED");
    imp = flow.get(id);
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("pendingDeletions").asInt()).isEqualTo(2);

    // Events: one UPDATE per user enabled again, naming the caller, as the console's PUT does
    // (same fields as the deactivation the job recorded, itself checked by AdminEventsIT).
    String adminId = realm.usersNamed(TestRealm.ADMIN_USERNAME).get(0).get("id").asText();
    List<JsonNode> annUpdates = userEvents(ann, "UPDATE");
    assertThat(annUpdates).hasSize(2);
    JsonNode off = representation(annUpdates.get(0));
    JsonNode on = representation(annUpdates.get(1));
    assertThat(off.get("enabled").asBoolean()).isFalse();
    assertThat(on.get("enabled").asBoolean()).isTrue();
    assertThat(fieldNames(on)).isEqualTo(fieldNames(off));
    assertThat(annUpdates.get(1).at("/authDetails/userId").asText()).isEqualTo(adminId);
    assertThat(userEvents(cid, "UPDATE")).as("cid stays as it was: no event").isEmpty();

    // The rest, without a body: the import completes.
    assertThat(counts(restore(admin, id, null))).containsExactly(2, 0, 0);
    assertThat(enabled(bob)).isTrue();
    assertThat(enabled(dan)).isTrue();
    imp = flow.awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    assertThat(imp.get("finishedAt").asText()).isNotBlank();
    assertThat(imp.get("pendingDeletions").asInt()).isZero();
    assertThat(outcomes(id)).containsOnly("RESTORED");

    // Twice is safe; a completed import has nothing pending.
    assertThat(counts(restore(admin, id, null))).containsExactly(0, 0, 0);
    assertThat(counts(restore(admin, id, Map.of("userIds", List.of(bob)))))
        .containsExactly(0, 1, 0);
    assertThat(userEvents(bob, "UPDATE")).hasSize(2);
    List<JsonNode> actions =
        flow.adminEvents("ACADEMY_BULK_IMPORT").stream()
            .filter(e -> e.get("resourcePath").asText().endsWith(id + "/restore"))
            .toList();
    assertThat(actions).hasSize(4);
    assertThat(actions)
        .allSatisfy(e -> assertThat(e.get("operationType").asText()).isEqualTo("ACTION"));
    assertThat(kc.database().academyRows(ann)).isEqualTo(2);
  }

  @Test
  void pendingDeletionsArePagedAndSearched() {
    List<String> ids = flow.createUsers("pager", 5);
    String id = schedule(List.of("pager-0", "pager-1", "pager-2", "pager-3", "pager-4"), "P1D");
    assertThat(flow.get(id).get("pendingDeletions").asInt()).isEqualTo(5);

    TestResponse page = pending("?first=2&max=2");
    assertThat(page.header("X-Total-Count")).isEqualTo("5");
    assertThat(usernames(page)).containsExactly("pager-2", "pager-3");
    assertThat(usernames(pending("?first=4&max=2"))).containsExactly("pager-4");
    assertThat(usernames(pending("?first=-1&max=0"))).as("as the list of imports").hasSize(5);

    TestResponse byMail = pending("?search=" + encode("R-3@EXAMPLE"));
    assertThat(byMail.header("X-Total-Count")).isEqualTo("1");
    assertThat(usernames(byMail)).containsExactly("pager-3");
    TestResponse byId = pending("?search=" + ids.get(1));
    assertThat(usernames(byId)).containsExactly("pager-1");
    TestResponse wildcard = pending("?search=" + encode("%"));
    assertThat(wildcard.header("X-Total-Count"))
        .as("a % is a character, not a wildcard")
        .isEqualTo("0");
    assertThat(pending("?search=" + encode("pager")).header("X-Total-Count")).isEqualTo("5");
  }

  @Test
  void anAdminRestoresAndSeesOnlyTheUsersTheirPermissionsReach() {
    expect(realm.master().put(realm.path(""), Map.of("adminPermissionsEnabled", true)), 204);
    String mine = realm.createUser("mine", "mine@example.org");
    String theirs = realm.createUser("theirs", "theirs@example.org");
    String other = realm.createUser("other", "other@example.org");
    String restorer = realm.createUserWithRoles("restorer", "restorer@example.org", "view-users");
    String viewer = realm.createUserWithRoles("viewer", "viewer@example.org", "query-users");
    permit("restorer", restorer, mine, List.of("view", "manage"));
    permit("viewer", viewer, theirs, List.of("view"));
    String id = schedule(List.of("mine", "theirs", "other"), "P1D");

    JsonNode result = restore(realm.login("restorer"), id, null);
    assertThat(counts(result)).containsExactly(1, 0, 2);
    assertThat(enabled(mine)).isTrue();
    assertThat(enabled(theirs)).isFalse();
    assertThat(pendingIds()).containsExactlyInAnyOrder(theirs, other);
    assertThat(flow.get(id).get("status").asText()).isEqualTo("SCHEDULED");

    // The list shows the viewer what Keycloak's own user endpoint lets them see, counted so.
    AdminClient viewing = realm.login("viewer");
    assertThat(viewing.get(path("/users/" + theirs)).status())
        .as("viewer reads theirs")
        .isEqualTo(200);
    assertThat(viewing.get(path("/users/" + other)).status()).isEqualTo(403);
    TestResponse seen = viewing.get(realm.path("/bulk-users/pending-deletions"));
    assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
    assertThat(seen.header("X-Total-Count"))
        .as("only the users the viewer may view")
        .isEqualTo("1");
    assertThat(usernames(seen)).containsExactly("theirs");
  }

  @Test
  void aPendingUserRemovedElsewhereIsGoneAndTheLastOneEndsTheImport() {
    String one = realm.createUser("one", "one@example.org");
    String two = realm.createUser("two", "two@example.org");
    flow.addAcademyData(admin, one);
    String id = schedule(List.of("one", "two"), "P1D");

    expect(admin.delete(realm.path("/users/" + one)), 204);
    JsonNode row = flow.rows(id).get(0);
    assertThat(row.get("outcome").asText()).isEqualTo("GONE");
    assertThat(row.get("messageKey").asText()).isEqualTo("bulk.outcome.removed-elsewhere");
    assertThat(marks(one)).isZero();
    assertThat(kc.database().academyRows(one)).isZero();
    JsonNode imp = flow.get(id);
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("pendingDeletions").asInt()).isEqualTo(1);

    // The job's batched removal of other users publishes removal events too: the pending user's
    // mark is left alone.
    flow.createUsers("others", 3);
    JsonNode others =
        flow.awaitEnd(
            start(List.of("others-0", "others-1", "others-2"), "PT0S"), Duration.ofMinutes(1));
    assertThat(others.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(kc.log()).contains("Removed 3 users of realm " + realm.id() + " together");
    assertThat(marks(two)).isEqualTo(1);

    expect(admin.delete(realm.path("/users/" + two)), 204);
    imp = flow.get(id);
    assertThat(imp.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(imp.get("finishedAt").asText()).isNotBlank();
    assertThat(outcomes(id)).containsOnly("GONE");
    assertThat(counts(restore(admin, id, null))).containsExactly(0, 0, 0);
  }

  @Test
  void theWindowIsChosenAtUploadOrCommitAndCheckedThere() {
    realm.createUser("win", "win@example.org");
    assertThat(admin.get(realm.path("/bulk-users/settings")).json().get("restoreWindow").asText())
        .as("the shared server's restore-window")
        .isEqualTo("PT0S");
    String json = path("/bulk-users/imports");

    TestResponse defaulted = admin.post(json, request("DELETE", null));
    assertThat(defaulted.json().get("deleteAfter").asText()).isEqualTo("PT0S");
    TestResponse deactivate = admin.post(json, request("DEACTIVATE", null));
    assertThat(absent(deactivate.json(), "deleteAfter")).isTrue();
    assertError(admin.post(json, request("DELETE", "soon")), 400, "bulk.invalid-delete-after");
    assertError(admin.post(json, request("DELETE", "-P1D")), 400, "bulk.invalid-delete-after");
    assertError(
        admin.post(json, request("DEACTIVATE", "P1D")), 400, "bulk.delete-after-not-delete");

    byte[] csv = "username\nwin\n".getBytes(StandardCharsets.UTF_8);
    TestResponse multipart =
        admin.postMultipart(
            json,
            Map.of("action", "DELETE", "matchBy", "USERNAME", "deleteAfter", "p2d"),
            "file",
            "users.csv",
            csv,
            "text/csv");
    assertThat(multipart.status()).as(multipart.toString()).isEqualTo(201);
    assertThat(multipart.json().get("deleteAfter").asText()).isEqualTo("P2D");
    assertError(
        admin.postMultipart(
            json,
            Map.of("action", "DELETE", "matchBy", "USERNAME", "deleteAfter", "two days"),
            "file",
            "users.csv",
            csv,
            "text/csv"),
        400,
        "bulk.invalid-delete-after");

    // The commit's window wins; a bad one is refused and the preview stays a preview.
    String id = multipart.json().get("id").asText();
    String commit = path("/bulk-users/imports/" + id + "/commit");
    assertError(
        admin.post(commit, Map.of("deleteAfter", "P-1D")), 400, "bulk.invalid-delete-after");
    assertError(admin.post(commit, "{not json"), 400, "bulk.invalid-json");
    assertThat(flow.get(id).get("status").asText()).isEqualTo("PREVIEW");
    String deactivation = deactivate.json().get("id").asText();
    assertError(
        admin.post(
            path("/bulk-users/imports/" + deactivation + "/commit"), Map.of("deleteAfter", "P1D")),
        400,
        "bulk.delete-after-not-delete");

    // Restore of a preview: nothing was scheduled.
    assertError(
        admin.post(path("/bulk-users/imports/" + id + "/restore"), null),
        409,
        "bulk.import-not-scheduled");

    long before = System.currentTimeMillis();
    TestResponse committed = admin.post(commit, Map.of("deleteAfter", "PT1H"));
    assertThat(committed.status()).as(committed.toString()).isEqualTo(202);
    JsonNode imp = flow.awaitEnd(id, Duration.ofMinutes(1));
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("deleteAfter").asText()).isEqualTo("PT1H");
    assertThat(Instant.parse(imp.get("deletionDueAt").asText()).toEpochMilli())
        .isBetween(before + 3_600_000, System.currentTimeMillis() + 3_600_000);

    // Bodies a restore refuses.
    String restore = path("/bulk-users/imports/" + id + "/restore");
    assertError(admin.post(restore, "{not json"), 400, "bulk.invalid-json");
    assertError(admin.post(restore, Map.of("userIds", "x")), 400, "bulk.invalid-json");
    assertError(admin.post(restore, Map.of("userIds", List.of(1))), 400, "bulk.invalid-json");
    assertError(admin.post(restore, List.of("x")), 400, "bulk.invalid-json");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      many.add("u" + i);
    }
    assertError(admin.post(restore, Map.of("userIds", many)), 400, "bulk.too-many-user-ids");
    assertThat(flow.get(id).get("pendingDeletions").asInt()).isEqualTo(1);
  }

  /**
   * Previews a DELETE of {@code usernames} with {@code deleteAfter}, commits it; returns its id.
   */
  private String start(List<String> usernames, String deleteAfter) {
    TestResponse created =
        admin.post(
            path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "matchBy",
                "USERNAME",
                "identifiers",
                usernames,
                "deleteAfter",
                deleteAfter));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    return id;
  }

  /** As {@link #start}, and waits until the job has scheduled every user. */
  private String schedule(List<String> usernames, String deleteAfter) {
    String id = start(usernames, deleteAfter);
    JsonNode imp = flow.awaitEnd(id, Duration.ofMinutes(1));
    assertThat(imp.get("status").asText()).as(imp.toString()).isEqualTo("SCHEDULED");
    return id;
  }

  private static Map<String, Object> request(String action, String deleteAfter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("matchBy", "USERNAME");
    body.put("identifiers", List.of("win"));
    if (deleteAfter != null) {
      body.put("deleteAfter", deleteAfter);
    }
    return body;
  }

  private JsonNode restore(AdminClient client, String importId, Object body) {
    return flow.restore(client, importId, body, Duration.ofMinutes(1));
  }

  private static List<Integer> counts(JsonNode result) {
    return List.of(
        result.get("restored").asInt(),
        result.get("notPending").asInt(),
        result.get("notAllowed").asInt());
  }

  private TestResponse pending(String query) {
    TestResponse r = admin.get(path("/bulk-users/pending-deletions" + query));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }

  private List<String> pendingIds() {
    List<String> ids = new ArrayList<>();
    pending("?max=500").json().forEach(p -> ids.add(p.get("userId").asText()));
    return ids;
  }

  private static List<String> usernames(TestResponse list) {
    List<String> names = new ArrayList<>();
    list.json().forEach(p -> names.add(p.get("username").asText()));
    return names;
  }

  private List<String> outcomes(String importId) {
    return flow.rows(importId).stream().map(r -> r.get("outcome").asText()).toList();
  }

  private long marks(String userId) {
    return kc.database()
        .count(
            "select count(*) from ACADEMY_PENDING_DELETION where REALM_ID = ? and USER_ID = ?",
            realm.id(),
            userId);
  }

  private boolean enabled(String userId) {
    TestResponse r = realm.master().get(path("/users/" + userId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("enabled").asBoolean();
  }

  private void disable(String userId) {
    com.fasterxml.jackson.databind.node.ObjectNode user =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            realm.master().get(path("/users/" + userId)).json();
    user.put("enabled", false);
    expect(realm.master().put(path("/users/" + userId), user.toString()), 204);
  }

  private TestResponse login(String username) {
    return AdminClient.tryPassword(kc, realm.name(), username, TestRealm.PASSWORD);
  }

  /** The admin events on {@code users/<id>} of one operation, oldest first. */
  private List<JsonNode> userEvents(String userId, String operation) {
    List<JsonNode> events = new ArrayList<>(flow.adminEvents("USER"));
    events.removeIf(
        e ->
            !e.get("resourcePath").asText().equals("users/" + userId)
                || !e.get("operationType").asText().equals(operation));
    events.sort((a, b) -> Long.compare(a.get("time").asLong(), b.get("time").asLong()));
    return events;
  }

  private static JsonNode representation(JsonNode event) {
    try {
      return JSON.readTree(event.get("representation").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** FGAP v2: a user policy for {@code adminId} and a permission with {@code scopes} on a user. */
  private void permit(String name, String adminId, String userId, List<String> scopes) {
    AdminClient m = realm.master();
    String client = m.get(path("")).json().at("/adminPermissionsClient/id").asText();
    assertThat(client).as("admin-permissions client").isNotBlank();
    String server = path("/clients/" + client + "/authz/resource-server");
    expect(
        m.post(
            server + "/policy/user", Map.of("name", name + "-policy", "users", List.of(adminId))),
        201);
    Map<String, Object> permission = new HashMap<>();
    permission.put("name", name + "-permission");
    permission.put("resourceType", "Users");
    permission.put("resources", List.of(userId));
    permission.put("scopes", scopes);
    permission.put("policies", List.of(name + "-policy"));
    expect(m.post(server + "/permission/scope", permission), 201);
  }

  private String path(String suffix) {
    return realm.path(suffix);
  }

  private static void assertError(TestResponse r, int status, String key) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).isEqualTo(key);
  }

  private static void expect(TestResponse r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Keycloak's JSON leaves out null fields. */
  private static boolean absent(JsonNode node, String field) {
    return node.get(field) == null || node.get(field).isNull();
  }
}
