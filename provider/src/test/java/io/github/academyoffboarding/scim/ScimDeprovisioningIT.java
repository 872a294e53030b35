package io.github.academyoffboarding.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deprovisioning through Keycloak's SCIM API ({@code --features=scim-api}, on for the realm with
 * {@code scimApiEnabled}), as Entra ID, Okta or an HR system drives it: a confidential client with
 * a service account holding {@code realm-management/manage-users}, a client-credentials token whose
 * audience is the realm's SCIM base URL (Keycloak 26.7 refuses any other), {@code DELETE
 * /realms/{realm}/scim/v2/Users/{id}} to remove a leaver and {@code PATCH} with {@code
 * active=false} to suspend one.
 *
 * <p>In Keycloak 26.7 the SCIM delete calls {@code UserProvider.removeUser}, which publishes {@code
 * UserPreRemovedEvent} but not {@code UserRemovedEvent} (keycloak/keycloak#52642, fixed in 26.8).
 * The cascade listens to both, so the learner's rows go in the SCIM request's transaction: they are
 * gone when the 204 arrives, long before the reconciliation would run. A learner pending deletion
 * loses its mark in the same way, and its import ends when nothing is pending. Every test checks
 * that a bystander of the realm, and a user of the same name in a realm without SCIM, keep theirs.
 */
@ExtendWith(KeycloakServerExtension.class)
class ScimDeprovisioningIT {

  private static final String HR_CLIENT = "hr-sync";
  private static final String HR_SECRET = "hr-sync-secret";
  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KeycloakServer kc;
  private static TestRealm realm;
  private static TestRealm elsewhere;
  private static BulkFlow flow;
  private static String bystander;
  private static String namesake;

  @BeforeAll
  static void setUp(KeycloakServer server) {
    kc = server;
    realm = TestRealm.create(kc);
    elsewhere = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    // SCIM on for this realm only; its deletes through the console's doors wait an hour.
    expect(
        realm
            .master()
            .put(
                realm.path(""),
                Map.of(
                    "scimApiEnabled",
                    true,
                    "attributes",
                    Map.of("academy.restore-window", "PT1H"))),
        204,
        "turn on SCIM");
    createHrClient();
    bystander = learner(realm, flow, "bystander");
    // The same username as the leaver of scimDeleteRemovesTheLearnerWithTheirRows, in another
    // realm.
    namesake = learner(elsewhere, new BulkFlow(kc, elsewhere), "leaver");
  }

  @AfterAll
  static void tearDown() {
    realm.close();
    elsewhere.close();
  }

  @Test
  void scimDeleteRemovesTheLearnerWithTheirRows() {
    String leaver = learner(realm, flow, "leaver");
    // As a provisioning client finds the user: by userName.
    assertThat(scimIdOf("leaver")).isEqualTo(leaver);

    long start = System.nanoTime();
    TestResponse deleted = hr().delete(scim(realm, "/Users/" + leaver));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    // Gone together, in the SCIM request: the cascade ran on Keycloak's event, not later.
    assertGone(leaver);
    assertThat(kc.log()).contains("User " + leaver + " removed (UserPreRemovedEvent)");
    assertKept(realm, bystander);
    assertKept(elsewhere, namesake);
    TestResponse again = hr().delete(scim(realm, "/Users/" + leaver));
    assertThat(again.status()).as(again.toString()).isEqualTo(404);
    // The other realm has not turned SCIM on: no endpoint there, its user stays.
    TestResponse off = hr().delete(scim(elsewhere, "/Users/" + namesake));
    assertThat(off.status()).as(off.toString()).isEqualTo(404);
    assertKept(elsewhere, namesake);
    System.out.printf("SCIM DELETE of a learner with 2 academy rows: %d ms%n", millis);
  }

  @Test
  void scimPatchActiveFalseDisablesTheLearnerAndKeepsTheRows() {
    String suspended = learner(realm, flow, "suspended");

    TestResponse patched =
        patch(
            suspended,
            Map.of(
                "schemas",
                List.of(PATCH_OP),
                "Operations",
                List.of(Map.of("op", "replace", "path", "active", "value", false))));

    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("active").asBoolean()).isFalse();
    assertThat(enabled(suspended)).isFalse();
    assertThat(AdminClient.tryPassword(kc, realm.name(), "suspended", TestRealm.PASSWORD).status())
        .as("a disabled user cannot sign in")
        .isEqualTo(400);
    assertKept(realm, suspended);
    assertKept(realm, bystander);
    assertKept(elsewhere, namesake);
  }

  @Test
  void scimDeleteOfALearnerPendingDeletionResolvesTheMarkAndTheImportEndsWhenNothingIsPending() {
    String first = learner(realm, flow, "pending-1");
    String second = learner(realm, flow, "pending-2");
    AdminClient admin = realm.admin();
    TestResponse created =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "matchBy",
                "USERNAME",
                "identifiers",
                List.of("pending-1", "pending-2")));
    expect(created, 201, "preview");
    assertThat(created.json().get("deleteAfter").asText())
        .as("the realm's window")
        .isEqualTo("PT1H");
    String importId = created.json().get("id").asText();
    expect(flow.commit(admin, importId), 202, "commit");
    JsonNode imp = flow.awaitEnd(importId, WAIT);
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("pendingDeletions").asInt()).isEqualTo(2);
    assertThat(enabled(first)).isFalse();
    assertThat(enabled(second)).isFalse();
    assertThat(pendingIds()).containsExactlyInAnyOrder(first, second);
    assertThat(scheduledKinds(first)).containsExactly("PENDING_DELETION");
    assertKept(realm, first);

    TestResponse deleted = hr().delete(scim(realm, "/Users/" + first));

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertGone(first);
    assertThat(pendingIds()).containsExactly(second);
    assertThat(scheduledKinds(first)).isEmpty();
    List<JsonNode> rows = flow.rows(importId);
    assertThat(rows.get(0).get("userId").asText()).isEqualTo(first);
    assertThat(rows.get(0).get("outcome").asText()).isEqualTo("GONE");
    assertThat(rows.get(0).get("messageKey").asText()).isEqualTo("bulk.outcome.removed-elsewhere");
    // The other pending user waits for its due time, untouched.
    assertThat(rows.get(1).get("outcome").asText()).isEqualTo("SCHEDULED");
    imp = flow.get(importId);
    assertThat(imp.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(imp.get("pendingDeletions").asInt()).isEqualTo(1);
    assertThat(enabled(second)).isFalse();
    assertThat(scheduledKinds(second)).containsExactly("PENDING_DELETION");
    assertKept(realm, second);
    assertKept(realm, bystander);
    assertKept(elsewhere, namesake);

    // Due now: the purge deletes it, nothing is pending any more, the import completes.
    expect(flow.deleteNow(admin, importId), 202, "delete now");
    JsonNode done = flow.awaitStatus(importId, "COMPLETED", WAIT);
    assertThat(done.get("pendingDeletions").asInt()).isZero();
    assertThat(flow.rows(importId).stream().map(r -> r.get("outcome").asText()))
        .containsExactly("GONE", "DELETED");
    assertGone(second);
    assertThat(pendingIds()).isEmpty();
    assertKept(realm, bystander);
  }

  /**
   * The HR system's client: confidential, a service account with manage-users, and an audience
   * mapper naming the realm's SCIM base URL, which Keycloak's SCIM endpoint requires in the token.
   */
  private static void createHrClient() {
    AdminClient master = realm.master();
    Map<String, Object> audience =
        Map.of(
            "name",
            "scim-audience",
            "protocol",
            "openid-connect",
            "protocolMapper",
            "oidc-audience-mapper",
            "config",
            Map.of(
                "included.custom.audience",
                kc.baseUrl() + scim(realm, ""),
                "access.token.claim",
                "true"));
    TestResponse created =
        master.post(
            realm.path("/clients"),
            Map.of(
                "clientId",
                HR_CLIENT,
                "publicClient",
                false,
                "secret",
                HR_SECRET,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false,
                "protocolMappers",
                List.of(audience)));
    expect(created, 201, "create the HR client");
    String clientUuid = created.location().substring(created.location().lastIndexOf('/') + 1);
    String serviceAccount =
        master
            .get(realm.path("/clients/" + clientUuid + "/service-account-user"))
            .json()
            .get("id")
            .asText();
    String realmManagement =
        master
            .get(realm.path("/clients?clientId=realm-management"))
            .json()
            .get(0)
            .get("id")
            .asText();
    JsonNode manageUsers =
        master.get(realm.path("/clients/" + realmManagement + "/roles/manage-users")).json();
    expect(
        master.post(
            realm.path("/users/" + serviceAccount + "/role-mappings/clients/" + realmManagement),
            List.of(manageUsers)),
        204,
        "grant manage-users");
  }

  /** A fresh client-credentials token of the HR client (tokens live five minutes). */
  private static AdminClient hr() {
    return AdminClient.clientCredentials(kc, realm.name(), HR_CLIENT, HR_SECRET);
  }

  private static String scim(TestRealm r, String suffix) {
    return "/realms/" + r.name() + "/scim/v2" + suffix;
  }

  /** An enabled user with one learning record and one certificate; returns its id. */
  private static String learner(TestRealm r, BulkFlow f, String username) {
    String id = r.createUser(username, username + "@example.org");
    f.addAcademyData(r.admin(), id);
    assertKept(r, id);
    return id;
  }

  private static String scimIdOf(String username) {
    String filter =
        URLEncoder.encode("userName eq \"" + username + "\"", StandardCharsets.UTF_8)
            .replace("+", "%20");
    TestResponse found = hr().get(scim(realm, "/Users?filter=" + filter));
    expect(found, 200, "SCIM search");
    JsonNode resources = found.json().get("Resources");
    assertThat(resources).as(found.toString()).hasSize(1);
    return resources.get(0).get("id").asText();
  }

  private static TestResponse patch(String userId, Object body) {
    AdminClient hr = hr();
    try {
      return hr.send(
          hr.request(scim(realm, "/Users/" + userId))
              .header("Content-Type", "application/scim+json")
              .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static boolean enabled(String userId) {
    TestResponse r = realm.master().get(realm.path("/users/" + userId));
    expect(r, 200, "read user");
    return r.json().get("enabled").asBoolean();
  }

  private static List<String> pendingIds() {
    TestResponse r = realm.admin().get(realm.path("/bulk-users/pending-deletions?max=500"));
    expect(r, 200, "pending deletions");
    List<String> ids = new ArrayList<>();
    r.json().forEach(p -> ids.add(p.get("userId").asText()));
    assertThat(r.header("X-Total-Count")).isEqualTo(String.valueOf(ids.size()));
    return ids;
  }

  private static List<String> scheduledKinds(String userId) {
    TestResponse r = realm.admin().get(realm.path("/bulk-users/scheduled?userId=" + userId));
    expect(r, 200, "scheduled");
    List<String> kinds = new ArrayList<>();
    r.json().forEach(s -> kinds.add(s.get("kind").asText()));
    return kinds;
  }

  /**
   * The user and its rows are gone: Keycloak's admin API and the academy API answer 404, and the
   * database holds neither.
   */
  private static void assertGone(String userId) {
    assertThat(realm.master().get(realm.path("/users/" + userId)).status()).isEqualTo(404);
    TestResponse summary = realm.admin().get(realm.path("/academy/users/" + userId + "/summary"));
    assertThat(summary.status()).as(summary.toString()).isEqualTo(404);
    assertThat(kc.database().count("select count(*) from USER_ENTITY where ID = ?", userId))
        .isZero();
    assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isZero();
  }

  /** The user exists with exactly its one learning record and one certificate. */
  private static void assertKept(TestRealm r, String userId) {
    TestResponse summary = r.admin().get(r.path("/academy/users/" + userId + "/summary"));
    assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
    assertThat(summary.json().get("learningRecords").asLong()).as("records of %s", userId).isOne();
    assertThat(summary.json().get("certificates").asLong())
        .as("certificates of %s", userId)
        .isOne();
    assertThat(kc.database().academyRows(userId)).as("academy rows of %s", userId).isEqualTo(2);
  }

  private static void expect(TestResponse r, int status, String what) {
    assertThat(r.status()).as("%s: %s", what, r).isEqualTo(status);
  }
}
