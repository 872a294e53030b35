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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A realm's own restore window: the attribute {@code academy.restore-window} overrides the server's
 * {@code restore-window} (PT0S on the shared test server) for that realm only. Each test sets it on
 * a realm of its own, so the other tests on the server keep the server's window.
 */
@ExtendWith(KeycloakServerExtension.class)
class RealmRestoreWindowIT {

  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final String ATTRIBUTE = "academy.restore-window";

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
  void withoutTheAttributeTheServersWindowApplies() {
    JsonNode settings = settings();
    assertThat(settings.get("restoreWindow").asText()).isEqualTo("PT0S");
    assertThat(settings.get("restoreWindowSource").asText()).isEqualTo("SERVER");
    realm.createUser("alice", "alice@example.org");
    assertThat(deletePreview("alice").get("deleteAfter").asText()).isEqualTo("PT0S");
  }

  @Test
  void theRealmsAttributeIsTheDefaultWindowOfItsDeletes() {
    setAttribute("P7D");
    JsonNode settings = settings();
    assertThat(settings.get("restoreWindow").asText()).isEqualTo("P7D");
    assertThat(settings.get("restoreWindowSource").asText()).isEqualTo("REALM");

    String alice = realm.createUser("alice", "alice@example.org");
    flow.addAcademyData(admin, alice);
    JsonNode preview = deletePreview("alice");
    assertThat(preview.get("deleteAfter").asText()).isEqualTo("P7D");
    String id = preview.get("id").asText();
    long before = System.currentTimeMillis();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode scheduled = flow.awaitEnd(id, WAIT);
    long after = System.currentTimeMillis();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    long due = Instant.parse(scheduled.get("deletionDueAt").asText()).toEpochMilli();
    long week = Duration.ofDays(7).toMillis();
    assertThat(due).isBetween(before + week - 1000, after + week);
    assertThat(admin.get(realm.path("/users/" + alice)).json().get("enabled").asBoolean())
        .isFalse();
    assertThat(flow.academyRowsOfRealm()).isEqualTo(2);

    // An upload's own window still wins, and other actions have none.
    realm.createUser("bob", "bob@example.org");
    TestResponse own =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "matchBy",
                "USERNAME",
                "identifiers",
                List.of("bob"),
                "deleteAfter",
                "PT0S"));
    assertThat(own.json().get("deleteAfter").asText()).isEqualTo("PT0S");
    JsonNode deactivate = flow.preview(admin, "DEACTIVATE", List.of("bob@example.org"));
    assertThat(deactivate.hasNonNull("deleteAfter")).isFalse();

    // Another realm on the same server keeps the server's window.
    try (TestRealm other = TestRealm.create(kc)) {
      JsonNode otherSettings = other.admin().get(other.path("/bulk-users/settings")).json();
      assertThat(otherSettings.get("restoreWindow").asText()).isEqualTo("PT0S");
    }
  }

  @Test
  void anInvalidAttributeFallsBackToTheServerAndIsLoggedOnce() {
    String bad = "seven-days-" + UUID.randomUUID().toString().substring(0, 8);
    setAttribute(bad);
    JsonNode settings = settings();
    assertThat(settings.get("restoreWindow").asText()).isEqualTo("PT0S");
    assertThat(settings.get("restoreWindowSource").asText()).isEqualTo("SERVER");
    realm.createUser("alice", "alice@example.org");
    JsonNode preview = deletePreview("alice");
    assertThat(preview.get("deleteAfter").asText()).isEqualTo("PT0S");
    settings();
    String line = "attribute academy.restore-window is not an ISO-8601 duration";
    BulkFlow.await(() -> kc.log().contains(bad) ? true : null, WAIT, "the warning");
    List<String> warnings =
        kc.log().lines().filter(l -> l.contains(bad) && l.contains(line)).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("WARN").contains(realm.name());
  }

  private void setAttribute(String value) {
    TestResponse r = admin.put(realm.path(""), Map.of("attributes", Map.of(ATTRIBUTE, value)));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertThat(realm.master().get(realm.path("")).json().at("/attributes/" + ATTRIBUTE).asText())
        .isEqualTo(value);
  }

  private JsonNode settings() {
    TestResponse r = admin.get(realm.path("/bulk-users/settings"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private JsonNode deletePreview(String username) {
    TestResponse r =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE", "matchBy", "USERNAME", "identifiers", List.of(username)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }
}
