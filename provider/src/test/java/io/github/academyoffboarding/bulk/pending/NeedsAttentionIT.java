package io.github.academyoffboarding.bulk.pending;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nobody stranded: a user the restore window disabled whom the purge skips (it became a realm
 * administrator during the window) stays disabled with its data and is listed by {@code GET
 * bulk-users/needs-attention} with the reason and the import, until an admin restores it or deletes
 * it from there (with the usual protections), or it is removed by another path. The users whose
 * purge fails are in {@code BoundedRetriesIT}, which needs a database trigger.
 */
@ExtendWith(KeycloakServerExtension.class)
class NeedsAttentionIT {

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
  void usersWhoBecameProtectedAreListedThenRestoredOrDeletedFromThere() {
    AdminClient admin = realm.admin();
    List<String> ids = flow.createUsers("na", 3);
    for (String id : ids) {
      flow.addAcademyData(admin, id);
    }
    String importId = flow.scheduleDelete(usernames("na", 3), "PT5S", JOB).get("id").asText();
    assertThat(flow.get(importId).get("status").asText()).isEqualTo("SCHEDULED");
    // During the window: na-0 becomes a realm administrator directly, na-1 through a group.
    AdminClient master = realm.master();
    String management = realmManagement();
    JsonNode realmAdmin =
        master.get(realm.path("/clients/" + management + "/roles/realm-admin")).json();
    expect(
        master.post(
            realm.path("/users/" + ids.get(0) + "/role-mappings/clients/" + management),
            List.of(realmAdmin)),
        204);
    TestResponse group = master.post(realm.path("/groups"), Map.of("name", "admins"));
    expect(group, 201);
    String groupId = group.location().substring(group.location().lastIndexOf('/') + 1);
    expect(
        master.post(
            realm.path("/groups/" + groupId + "/role-mappings/clients/" + management),
            List.of(realmAdmin)),
        204);
    expect(master.put(realm.path("/users/" + ids.get(1) + "/groups/" + groupId), null), 204);

    flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(60));
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.get(0).get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(rows.get(0).get("messageKey").asText()).isEqualTo("bulk.outcome.became-admin");
    assertThat(rows.get(1).get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(rows.get(2).get("outcome").asText()).isEqualTo("DELETED");

    TestResponse listed = admin.get(realm.path("/bulk-users/needs-attention"));
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.header("X-Total-Count")).isEqualTo("2");
    Map<String, JsonNode> byUser = new HashMap<>();
    listed.json().forEach(u -> byUser.put(u.get("userId").asText(), u));
    assertThat(byUser).containsOnlyKeys(ids.get(0), ids.get(1));
    JsonNode first = byUser.get(ids.get(0));
    assertThat(first.get("username").asText()).isEqualTo("na-0");
    assertThat(first.get("email").asText()).isEqualTo("na-0@example.org");
    assertThat(first.get("importId").asText()).isEqualTo(importId);
    assertThat(first.get("reason").asText()).isEqualTo("bulk.outcome.became-admin");
    assertThat(first.get("message").asText()).contains("realm administrator");
    assertThat(first.get("enabledBefore").asBoolean()).isTrue();
    assertThat(first.get("requestedBy").asText()).isEqualTo(TestRealm.ADMIN_USERNAME);
    assertThat(first.hasNonNull("since")).isTrue();
    TestResponse paged = admin.get(realm.path("/bulk-users/needs-attention?first=1&max=1"));
    assertThat(paged.json()).hasSize(1);
    assertThat(paged.header("X-Total-Count")).isEqualTo("2");
    for (String id : ids.subList(0, 2)) {
      assertThat(admin.get(realm.path("/users/" + id)).json().get("enabled").asBoolean())
          .as("left disabled by the purge")
          .isFalse();
      assertThat(kc.database().academyRows(id)).isEqualTo(2);
    }

    // Delete now keeps the protections: na-0 is still a realm administrator.
    TestResponse refused = needsAttention(admin, ids.get(0), "delete-now");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).isEqualTo("bulk.row.protected-admin");
    assertThat(admin.get(realm.path("/users/" + ids.get(0))).status()).isEqualTo(200);

    TestResponse restored = needsAttention(admin, ids.get(0), "restore");
    assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    assertThat(restored.json().get("outcome").asText()).isEqualTo("RESTORED");
    assertThat(restored.json().get("enabled").asBoolean()).isTrue();
    assertThat(admin.get(realm.path("/users/" + ids.get(0))).json().get("enabled").asBoolean())
        .isTrue();
    assertThat(kc.database().academyRows(ids.get(0))).as("data intact").isEqualTo(2);
    assertThat(userEvents(ids.get(0), "UPDATE")).isNotEmpty();
    assertThat(flow.rows(importId).get(0).get("outcome").asText())
        .as("the row says what became of the user")
        .isEqualTo("RESTORED");
    TestResponse again = needsAttention(admin, ids.get(0), "restore");
    assertThat(again.status()).as(again.toString()).isEqualTo(404);
    assertThat(again.json().get("error").asText()).isEqualTo("bulk.not-needing-attention");

    // na-1 leaves the group: no longer protected, deleted now through the removal path.
    expect(master.delete(realm.path("/users/" + ids.get(1) + "/groups/" + groupId)), 204);
    TestResponse deleted = needsAttention(admin, ids.get(1), "delete-now");
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(deleted.json().get("outcome").asText()).isEqualTo("DELETED");
    assertThat(admin.get(realm.path("/users/" + ids.get(1))).status()).isEqualTo(404);
    assertThat(kc.database().academyRows(ids.get(1))).as("the cascade").isZero();
    List<JsonNode> deletes = userEvents(ids.get(1), "DELETE");
    assertThat(deletes).hasSize(1);
    List<JsonNode> rowsAfter = flow.rows(importId);
    assertThat(rowsAfter.get(0).get("outcome").asText()).isEqualTo("RESTORED");
    assertThat(rowsAfter.get(1).get("outcome").asText()).isEqualTo("DELETED");
    assertThat(rowsAfter.get(2).get("outcome").asText()).isEqualTo("DELETED");
    assertThat(flow.get(importId).get("status").asText()).isEqualTo("COMPLETED");

    TestResponse empty = admin.get(realm.path("/bulk-users/needs-attention"));
    assertThat(empty.json()).isEmpty();
    assertThat(empty.header("X-Total-Count")).isEqualTo("0");
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_NEEDS_ATTENTION where REALM_ID = ?", realm.id()))
        .isZero();
  }

  @Test
  void aListedUserRemovedElsewhereLeavesTheListAndTheListNeedsViewUsers() {
    AdminClient admin = realm.admin();
    List<String> ids = flow.createUsers("ne", 1);
    String importId = flow.scheduleDelete(usernames("ne", 1), "PT4S", JOB).get("id").asText();
    String management = realmManagement();
    JsonNode realmAdmin =
        realm.master().get(realm.path("/clients/" + management + "/roles/realm-admin")).json();
    expect(
        realm
            .master()
            .post(
                realm.path("/users/" + ids.get(0) + "/role-mappings/clients/" + management),
                List.of(realmAdmin)),
        204);
    flow.awaitStatus(importId, "COMPLETED", Duration.ofSeconds(60));
    assertThat(admin.get(realm.path("/bulk-users/needs-attention")).json()).hasSize(1);

    realm.createUserWithRoles("nobody", "nobody@example.org");
    realm.createUserWithRoles("viewer", "viewer@example.org", "view-users");
    TestResponse forbidden = realm.login("nobody").get(realm.path("/bulk-users/needs-attention"));
    assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
    AdminClient viewer = realm.login("viewer");
    assertThat(viewer.get(realm.path("/bulk-users/needs-attention")).json()).hasSize(1);
    TestResponse notAllowed = needsAttention(viewer, ids.get(0), "restore");
    assertThat(notAllowed.status()).as(notAllowed.toString()).isEqualTo(403);
    assertThat(notAllowed.json().get("error").asText()).isEqualTo("bulk.forbidden");
    TestResponse unknown = needsAttention(admin, "no-such-user", "delete-now");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("bulk.not-needing-attention");

    // Keycloak's own DELETE /users/{id}: the entry goes with the user.
    expect(realm.master().delete(realm.path("/users/" + ids.get(0))), 204);
    TestResponse after = admin.get(realm.path("/bulk-users/needs-attention"));
    assertThat(after.json()).isEmpty();
    assertThat(after.header("X-Total-Count")).isEqualTo("0");
    assertThat(
            kc.database()
                .count(
                    "select count(*) from ACADEMY_NEEDS_ATTENTION where REALM_ID = ?", realm.id()))
        .isZero();
  }

  private TestResponse needsAttention(AdminClient client, String userId, String action) {
    return client.post(
        realm.path("/bulk-users/needs-attention/" + userId + "/" + action), Map.of());
  }

  private String realmManagement() {
    return realm
        .master()
        .get(realm.path("/clients?clientId=realm-management"))
        .json()
        .get(0)
        .get("id")
        .asText();
  }

  private List<JsonNode> userEvents(String userId, String operation) {
    return flow.adminEvents("USER").stream()
        .filter(e -> e.get("resourcePath").asText().equals("users/" + userId))
        .filter(e -> e.get("operationType").asText().equals(operation))
        .toList();
  }

  private static void expect(TestResponse r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
  }

  private static List<String> usernames(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + i);
    }
    return names;
  }
}
