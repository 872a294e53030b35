package io.github.academyoffboarding.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bulk API as the integration tests drive it: users in bulk, previews, commits, waiting, admin
 * events.
 */
public final class BulkFlow {

  private final KeycloakServer kc;
  private final TestRealm realm;

  public BulkFlow(KeycloakServer kc, TestRealm realm) {
    this.kc = kc;
    this.realm = realm;
  }

  /**
   * Creates {@code count} enabled users {@code prefix-0 … prefix-n} (e-mail {@code
   * prefix-i@example.org}) in one partial import, far faster than one request per user; returns
   * their ids in order.
   */
  public List<String> createUsers(String prefix, int count) {
    List<Map<String, Object>> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      users.add(
          Map.of(
              "username",
              prefix + "-" + i,
              "email",
              email(prefix, i),
              "enabled",
              true,
              "firstName",
              "Bulk",
              "lastName",
              prefix + i));
    }
    AdminClient master = realm.master();
    Map<String, String> ids = new HashMap<>();
    for (int from = 0; from < count; from += 1000) {
      TestResponse r =
          master.post(
              realm.path("/partialImport"),
              Map.of(
                  "ifResourceExists",
                  "FAIL",
                  "users",
                  users.subList(from, Math.min(count, from + 1000))));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      for (JsonNode result : r.json().get("results")) {
        ids.put(result.get("resourceName").asText(), result.get("id").asText());
      }
    }
    List<String> ordered = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = ids.get(prefix + "-" + i);
      assertThat(id).as("user " + prefix + "-" + i).isNotNull();
      ordered.add(id);
    }
    return ordered;
  }

  public static String email(String prefix, int i) {
    return prefix + "-" + i + "@example.org";
  }

  public static List<String> emails(String prefix, int count) {
    List<String> emails = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      emails.add(email(prefix, i));
    }
    return emails;
  }

  /** A preview from JSON; asserts 201 and returns the import. */
  public JsonNode preview(AdminClient client, String action, List<String> identifiers) {
    TestResponse r =
        client.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", action, "identifiers", identifiers));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /**
   * Previews an import of {@code usernames} as the realm's admin, commits it and waits for the job
   * to end; returns the ended import.
   */
  public JsonNode runByUsername(String action, List<String> usernames) {
    return runByUsername(action, usernames, Duration.ofMinutes(2));
  }

  /** As {@link #runByUsername(String, List)}, waiting up to {@code timeout} for the job. */
  public JsonNode runByUsername(String action, List<String> usernames, Duration timeout) {
    TestResponse created =
        realm
            .admin()
            .post(
                realm.path("/bulk-users/imports"),
                Map.of("action", action, "matchBy", "USERNAME", "identifiers", usernames));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(commit(realm.admin(), id).status()).isEqualTo(202);
    return awaitEnd(id, timeout);
  }

  public TestResponse commit(AdminClient client, String importId) {
    return client.post(realm.path("/bulk-users/imports/" + importId + "/commit"), null);
  }

  public TestResponse cancel(AdminClient client, String importId) {
    return client.post(realm.path("/bulk-users/imports/" + importId + "/cancel"), null);
  }

  public JsonNode get(String importId) {
    TestResponse r = realm.admin().get(realm.path("/bulk-users/imports/" + importId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Waits until the import is no longer RUNNING and returns it. */
  public JsonNode awaitEnd(String importId, Duration timeout) {
    return await(
        () -> {
          JsonNode imp = get(importId);
          return imp.get("status").asText().equals("RUNNING") ? null : imp;
        },
        timeout,
        "import " + importId + " to end");
  }

  /** All rows of an import, in file order. */
  public List<JsonNode> rows(String importId) {
    AdminClient admin = realm.admin();
    List<JsonNode> rows = new ArrayList<>();
    for (int first = 0; ; first += 1000) {
      JsonNode page =
          admin
              .get(
                  realm.path(
                      "/bulk-users/imports/" + importId + "/rows?first=" + first + "&max=1000"))
              .json();
      page.forEach(rows::add);
      if (page.size() < 1000) {
        return rows;
      }
    }
  }

  /** Turns on admin events with representations for the realm. */
  public void enableAdminEvents() {
    AdminClient master = realm.master();
    TestResponse r =
        master.put(
            realm.path(""), Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true));
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  /**
   * The realm's admin events of {@code resourceType} (compared as a string: ours is not one of
   * Keycloak's enum values).
   */
  public List<JsonNode> adminEvents(String resourceType) {
    AdminClient master = realm.master();
    // One page: Keycloak orders admin events by time alone, and a job writes many in the same
    // millisecond, so pages of first/max can repeat one event and miss another.
    TestResponse r = master.get(realm.path("/admin-events?first=0&max=1000000"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode e : r.json()) {
      if (e.get("resourceType").asText().equals(resourceType)) {
        events.add(e);
      }
    }
    return events;
  }

  public long academyRowsOfRealm() {
    return kc.database()
            .count("select count(*) from ACADEMY_LEARNING_RECORD where REALM_ID = ?", realm.id())
        + kc.database()
            .count("select count(*) from ACADEMY_CERTIFICATE where REALM_ID = ?", realm.id());
  }

  public long importsInDatabase() {
    return kc.database()
        .count("select count(*) from ACADEMY_BULK_IMPORT where REALM_ID = ?", realm.id());
  }

  public void addAcademyData(AdminClient admin, String userId) {
    TestResponse r =
        admin.post(
            realm.path("/academy/users/" + userId + "/learning-records"),
            Map.of("courseId", "c1", "courseName", "Course 1", "status", "COMPLETED", "score", 90));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    r =
        admin.post(
            realm.path("/academy/users/" + userId + "/certificates"),
            Map.of(
                "courseId",
                "c1",
                "title",
                "Certificate",
                "serial",
                "S-" + userId,
                "issuedAt",
                "2026-01-15T10:00:00Z"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  /**
   * Previews a DELETE of {@code usernames} as the realm's admin and commits it with the restore
   * window {@code deleteAfter}; waits until the job has scheduled them and returns the import.
   */
  public JsonNode scheduleDelete(List<String> usernames, String deleteAfter, Duration timeout) {
    return scheduleDelete("USERNAME", usernames, deleteAfter, timeout);
  }

  /**
   * As {@link #scheduleDelete(List, String, Duration)}, matching {@code identifiers} by {@code
   * matchBy}.
   */
  public JsonNode scheduleDelete(
      String matchBy, List<String> identifiers, String deleteAfter, Duration timeout) {
    TestResponse created =
        realm
            .admin()
            .post(
                realm.path("/bulk-users/imports"),
                Map.of("action", "DELETE", "matchBy", matchBy, "identifiers", identifiers));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    TestResponse committed =
        realm
            .admin()
            .post(
                realm.path("/bulk-users/imports/" + id + "/commit"),
                Map.of("deleteAfter", deleteAfter));
    assertThat(committed.status()).as(committed.toString()).isEqualTo(202);
    return awaitEnd(id, timeout);
  }

  public TestResponse deleteNow(AdminClient client, String importId) {
    return client.post(realm.path("/bulk-users/imports/" + importId + "/delete-now"), null);
  }

  /**
   * Asks {@code client} to restore users of the import ({@code body} null: all pending; or {@code
   * {"userIds": [...]}}), expects 202 with the restore's Location, and waits until the engine is
   * done with it; returns the restore then.
   */
  public JsonNode restore(AdminClient client, String importId, Object body, Duration timeout) {
    TestResponse asked =
        client.post(realm.path("/bulk-users/imports/" + importId + "/restore"), body);
    assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
    String restoreId = asked.json().get("id").asText();
    assertThat(asked.header("Location"))
        .endsWith("/bulk-users/imports/" + importId + "/restores/" + restoreId);
    return awaitRestore(client, importId, restoreId, timeout);
  }

  /** Waits until the engine is done with a restore and returns it. */
  public JsonNode awaitRestore(
      AdminClient client, String importId, String restoreId, Duration timeout) {
    String path = realm.path("/bulk-users/imports/" + importId + "/restores/" + restoreId);
    return await(
        () -> {
          TestResponse r = client.get(path);
          assertThat(r.status()).as(r.toString()).isEqualTo(200);
          return r.json().get("done").asBoolean() ? r.json() : null;
        },
        timeout,
        "restore " + restoreId + " of import " + importId);
  }

  /** Waits until the import has {@code status} and returns it. */
  public JsonNode awaitStatus(String importId, String status, Duration timeout) {
    return await(
        () -> {
          JsonNode imp = get(importId);
          return imp.get("status").asText().equals(status) ? imp : null;
        },
        timeout,
        "import " + importId + " to be " + status);
  }

  public static <T> T await(Supplier<T> probe, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      sleep(200);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
