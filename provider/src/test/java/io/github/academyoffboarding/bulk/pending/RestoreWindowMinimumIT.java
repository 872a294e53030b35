package io.github.academyoffboarding.bulk.pending;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakCluster;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operators' guard rail {@code restore-window-min}: no caller of the extension deletes sooner
 * than it allows. The option is the server's (operators own it), so this test starts a Keycloak of
 * its own with {@code restore-window-min=PT15S} and the default {@code restore-window} (P30D), and
 * leaves the shared test server (no minimum) alone. Each test works in a realm of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreWindowMinimumIT {

  private static final String MINIMUM = "PT15S";
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final Pattern FROM = Pattern.compile("from (\\S+Z)\\.");

  private KeycloakCluster standalone;
  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private AdminClient admin;

  @BeforeAll
  void start() {
    long started = System.nanoTime();
    standalone =
        KeycloakCluster.standalone(
            List.of(spi("restore-window-min", MINIMUM), spi("poll-interval", 1)));
    System.out.printf(
        Locale.ROOT,
        "RestoreWindowMinimumIT: own Keycloak ready after %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    kc = standalone.node(0);
  }

  @AfterAll
  void stop() {
    if (standalone != null) {
      standalone.close();
    }
  }

  @BeforeEach
  void setUp() {
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
    admin = realm.admin();
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void theSettingsReportTheMinimumBesideTheWindow() {
    JsonNode settings = settings();
    assertThat(settings.get("restoreWindowMin").asText()).isEqualTo(MINIMUM);
    assertThat(settings.get("restoreWindow").asText()).isEqualTo("P30D");
    assertThat(settings.get("restoreWindowSource").asText()).isEqualTo("SERVER");
  }

  @Test
  void aShorterDeleteAfterIsRefusedOnEveryDoorAndCreatesNothing() {
    realm.createUser("ann", "ann@example.org");
    for (String shorter : List.of("PT0S", "PT14S", "pt14.999s")) {
      // JSON body
      TestResponse json =
          admin.post(
              realm.path("/bulk-users/imports"),
              Map.of(
                  "action",
                  "DELETE",
                  "matchBy",
                  "USERNAME",
                  "identifiers",
                  List.of("ann"),
                  "deleteAfter",
                  shorter));
      assertBelowMinimum(json, shorter);
      // multipart upload
      TestResponse upload =
          admin.postMultipart(
              realm.path("/bulk-users/imports"),
              Map.of("action", "DELETE", "deleteAfter", shorter),
              "file",
              "leavers.csv",
              "email\nann@example.org\n".getBytes(StandardCharsets.UTF_8),
              "text/csv");
      assertBelowMinimum(upload, shorter);
    }
    assertThat(flow.importsInDatabase()).as("nothing created").isZero();

    // The minimum itself, and more, pass.
    TestResponse equal =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of(
                "action",
                "DELETE",
                "identifiers",
                List.of("ann@example.org"),
                "deleteAfter",
                "PT15S"));
    assertThat(equal.status()).as(equal.toString()).isEqualTo(201);
    assertThat(equal.json().get("deleteAfter").asText()).isEqualTo("PT15S");
    TestResponse longer =
        admin.postMultipart(
            realm.path("/bulk-users/imports"),
            Map.of("action", "DELETE", "deleteAfter", "P7D"),
            "file",
            "leavers.csv",
            "email\nann@example.org\n".getBytes(StandardCharsets.UTF_8),
            "text/csv");
    assertThat(longer.status()).as(longer.toString()).isEqualTo(201);
    assertThat(longer.json().get("deleteAfter").asText()).isEqualTo("P7D");
    // Other actions are not touched by the minimum.
    assertThat(flow.preview(admin, "DEACTIVATE", List.of("ann@example.org")).get("status").asText())
        .isEqualTo("PREVIEW");
  }

  @Test
  void aCommitWithAShorterWindowIsRefusedAndTheUsersStayAsTheyWere() {
    String ann = realm.createUser("ann", "ann@example.org");
    JsonNode preview = flow.preview(admin, "DELETE", List.of("ann@example.org"));
    assertThat(preview.get("deleteAfter").asText()).as("the server's window").isEqualTo("P30D");
    String id = preview.get("id").asText();
    String commit = realm.path("/bulk-users/imports/" + id + "/commit");

    assertBelowMinimum(admin.post(commit, Map.of("deleteAfter", "PT0S")), "PT0S");
    assertBelowMinimum(admin.post(commit, Map.of("deleteAfter", "PT10S")), "PT10S");
    JsonNode still = flow.get(id);
    assertThat(still.get("status").asText()).isEqualTo("PREVIEW");
    assertThat(still.has("committedAt") && !still.get("committedAt").isNull()).isFalse();
    assertThat(enabled(ann)).isTrue();

    TestResponse allowed = admin.post(commit, Map.of("deleteAfter", "P1D"));
    assertThat(allowed.status()).as(allowed.toString()).isEqualTo(202);
    JsonNode scheduled = flow.awaitEnd(id, WAIT);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scheduled.get("deleteAfter").asText()).isEqualTo("P1D");
    assertThat(enabled(ann)).isFalse();
  }

  @Test
  void deleteNowWaitsForTheMinimumAfterTheUsersWereScheduled() {
    String ann = realm.createUser("ann", "ann@example.org");
    String bob = realm.createUser("bob", "bob@example.org");
    long before = System.currentTimeMillis();
    JsonNode scheduled = flow.scheduleDelete(List.of("ann", "bob"), "P1D", WAIT);
    long after = System.currentTimeMillis();
    String id = scheduled.get("id").asText();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");

    TestResponse early = flow.deleteNow(admin, id);
    assertThat(early.status()).as(early.toString()).isEqualTo(409);
    assertThat(early.json().get("error").asText()).isEqualTo("bulk.delete-now-below-minimum");
    String description = early.json().get("errorDescription").asText();
    assertThat(description).contains(MINIMUM);
    Matcher from = FROM.matcher(description);
    assertThat(from.find()).as(description).isTrue();
    long possibleFrom = Instant.parse(from.group(1)).toEpochMilli();
    long minimum = Duration.parse(MINIMUM).toMillis();
    assertThat(possibleFrom).isBetween(before + minimum, after + minimum);
    // Nothing changed: both still pending, due in a day.
    JsonNode still = flow.get(id);
    assertThat(still.get("pendingDeletions").asInt()).isEqualTo(2);
    assertThat(still.get("deletionDueAt").asText())
        .isEqualTo(scheduled.get("deletionDueAt").asText());
    assertThat(realm.usersNamed("ann")).hasSize(1);

    BulkFlow.sleep(Math.max(0, possibleFrom - System.currentTimeMillis()) + 200);
    TestResponse allowed = flow.deleteNow(admin, id);
    assertThat(allowed.status()).as(allowed.toString()).isEqualTo(202);
    assertThat(allowed.json().get("deleting").asInt()).isEqualTo(2);
    JsonNode done = flow.awaitStatus(id, "COMPLETED", WAIT);
    assertThat(done.get("outcomes").get("DELETED").asInt()).isEqualTo(2);
    assertThat(realm.usersNamed("ann")).isEmpty();
    assertThat(realm.usersNamed("bob")).isEmpty();
    assertThat(kc.database().academyRows(ann) + kc.database().academyRows(bob)).isZero();
  }

  @Test
  void aRealmWindowBelowTheMinimumIsRaisedToIt() {
    TestResponse put =
        admin.put(realm.path(""), Map.of("attributes", Map.of("academy.restore-window", "PT5S")));
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
    JsonNode settings = settings();
    assertThat(settings.get("restoreWindow").asText()).isEqualTo(MINIMUM);
    assertThat(settings.get("restoreWindowSource").asText()).isEqualTo("REALM");
    realm.createUser("ann", "ann@example.org");
    assertThat(
            flow.preview(admin, "DELETE", List.of("ann@example.org")).get("deleteAfter").asText())
        .isEqualTo(MINIMUM);
  }

  private void assertBelowMinimum(TestResponse r, String asked) {
    assertThat(r.status()).as(asked + ": " + r).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("bulk.delete-after-below-minimum");
    assertThat(r.json().get("errorDescription").asText()).contains("at least " + MINIMUM);
  }

  private JsonNode settings() {
    TestResponse r = admin.get(realm.path("/bulk-users/settings"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private boolean enabled(String userId) {
    return admin.get(realm.path("/users/" + userId)).json().get("enabled").asBoolean();
  }

  private static String spi(String option, Object value) {
    return "--spi-admin-realm-restapi-extension--bulk-users--" + option + "=" + value;
  }
}
