package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job's admin events are those Keycloak's own endpoints record for the same change: the same
 * admin deletes one user with {@code DELETE /users/{id}} and switches another off and on again as
 * the admin console does ({@code GET} the user, {@code PUT} it back with {@code enabled} changed),
 * then bulk imports do the same to users of the same kind, through the batched paths (several
 * users) and a user at a time (an import of one). The events are compared field by field.
 */
@ExtendWith(KeycloakServerExtension.class)
class AdminEventsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Representation fields whose values belong to the user, not to the kind of change. */
  private static final Set<String> PER_USER =
      Set.of("id", "username", "email", "lastName", "createdTimestamp", "notBefore");

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
  void deleteEventsAreThoseOfKeycloaksOwnDelete() {
    String reference = realm.createUser("ref", "ref@example.org");
    List<String> batched = createUsers("del", 3);
    String single = realm.createUser("one", "one@example.org");
    AdminClient admin = realm.admin();

    TestResponse deleted = admin.delete(realm.path("/users/" + reference));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    JsonNode expected = onlyEvent(reference, "DELETE");
    assertThat(fields(representation(expected)))
        .as("Keycloak 26.7.3 records the deleted user's id and username")
        .containsExactlyInAnyOrder("id", "username");

    run(admin, "DELETE", List.of("del0", "del1", "del2"));
    assertThat(kc.log()).contains("Removed 3 users of realm " + realm.id() + " together");
    run(admin, "DELETE", List.of("one"));

    for (String user : concat(batched, List.of(single))) {
      JsonNode actual = onlyEvent(user, "DELETE");
      assertSameKind(actual, expected, reference, user);
      assertThat(representation(actual).get("username").asText())
          .isEqualTo(user.equals(single) ? "one" : "del" + batched.indexOf(user));
    }
  }

  @Test
  void deactivateAndReactivateEventsAreThoseOfTheConsolesPut() {
    String reference = realm.createUser("ref", "ref@example.org");
    List<String> batched = createUsers("dv", 3);
    String single = realm.createUser("one", "one@example.org");
    AdminClient admin = realm.admin();

    consoleSetEnabled(admin, reference, false);
    JsonNode expectedOff = onlyEvent(reference, "UPDATE");
    assertThat(representation(expectedOff).get("enabled").asBoolean()).isFalse();
    consoleSetEnabled(admin, reference, true);
    JsonNode expectedOn = lastEvent(reference, "UPDATE");
    assertThat(representation(expectedOn).get("enabled").asBoolean()).isTrue();

    run(admin, "DEACTIVATE", List.of("dv0", "dv1", "dv2"));
    assertThat(kc.log()).contains("Deactivated 3 users of realm " + realm.id() + " together");
    run(admin, "DEACTIVATE", List.of("one"));
    for (String user : concat(batched, List.of(single))) {
      assertSameKind(onlyEvent(user, "UPDATE"), expectedOff, reference, user);
    }

    run(admin, "REACTIVATE", List.of("dv0", "dv1", "dv2"));
    run(admin, "REACTIVATE", List.of("one"));
    for (String user : concat(batched, List.of(single))) {
      assertSameKind(lastEvent(user, "UPDATE"), expectedOn, reference, user);
    }
  }

  /**
   * What the admin console's "Enabled" switch sends (EditUser.tsx, Keycloak 26.7.3): the user as
   * read with its profile metadata, without that metadata, its unmanaged attributes merged back
   * into its attributes, {@code enabled} changed.
   */
  private void consoleSetEnabled(AdminClient admin, String userId, boolean enabled) {
    TestResponse read = admin.get(realm.path("/users/" + userId + "?userProfileMetadata=true"));
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    ObjectNode user = (ObjectNode) read.json();
    user.remove("userProfileMetadata");
    TestResponse unmanaged = admin.get(realm.path("/users/" + userId + "/unmanagedAttributes"));
    ObjectNode attributes = JSON.createObjectNode();
    if (unmanaged.status() == 200 && unmanaged.json().isObject()) {
      attributes.setAll((ObjectNode) unmanaged.json());
    }
    if (user.get("attributes") instanceof ObjectNode managed) {
      attributes.setAll(managed);
    }
    user.set("attributes", attributes);
    user.put("enabled", enabled);
    TestResponse put = admin.put(realm.path("/users/" + userId), user);
    assertThat(put.status()).as(put.toString()).isEqualTo(204);
  }

  private void assertSameKind(
      JsonNode actual, JsonNode expected, String expectedUser, String actualUser) {
    String what = "event of " + actualUser + ": " + actual + "\nKeycloak's own: " + expected;
    assertThat(actual.get("operationType").asText())
        .as(what)
        .isEqualTo(text(expected, "operationType"));
    assertThat(actual.get("resourceType").asText())
        .as(what)
        .isEqualTo(text(expected, "resourceType"));
    assertThat(text(expected, "resourcePath")).isEqualTo("users/" + expectedUser);
    assertThat(actual.get("resourcePath").asText()).as(what).isEqualTo("users/" + actualUser);
    assertThat(actual.get("realmId").asText()).as(what).isEqualTo(text(expected, "realmId"));
    for (String field : List.of("realmId", "clientId", "userId", "ipAddress")) {
      assertThat(actual.at("/authDetails/" + field).asText())
          .as(what + "\nauthDetails." + field)
          .isNotEmpty()
          .isEqualTo(expected.at("/authDetails/" + field).asText());
    }
    JsonNode got = representation(actual);
    JsonNode want = representation(expected);
    assertThat(fields(got)).as(what).isEqualTo(fields(want));
    for (String field : fields(want)) {
      if (PER_USER.contains(field)) {
        assertThat(got.get(field).getNodeType())
            .as(what + "\n" + field)
            .isEqualTo(want.get(field).getNodeType());
      } else {
        assertThat(got.get(field)).as(what + "\n" + field).isEqualTo(want.get(field));
      }
    }
    assertThat(got.get("id").asText()).isEqualTo(actualUser);
  }

  private JsonNode onlyEvent(String userId, String operation) {
    List<JsonNode> events = events(userId, operation);
    assertThat(events).as(operation + " events of " + userId).hasSize(1);
    return events.get(0);
  }

  private JsonNode lastEvent(String userId, String operation) {
    List<JsonNode> events = events(userId, operation);
    assertThat(events).as(operation + " events of " + userId).isNotEmpty();
    // Newest first, as Keycloak lists admin events.
    return events.get(0);
  }

  private List<JsonNode> events(String userId, String operation) {
    return flow.adminEvents("USER").stream()
        .filter(e -> e.get("resourcePath").asText().equals("users/" + userId))
        .filter(e -> e.get("operationType").asText().equals(operation))
        .toList();
  }

  private void run(AdminClient admin, String action, List<String> usernames) {
    TestResponse created =
        admin.post(
            realm.path("/bulk-users/imports"),
            Map.of("action", action, "matchBy", "USERNAME", "identifiers", usernames));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(flow.commit(admin, id).status()).isEqualTo(202);
    JsonNode done = flow.awaitEnd(id, Duration.ofMinutes(2));
    assertThat(done.at("/progress/succeeded").asInt())
        .as(done.toString())
        .isEqualTo(usernames.size());
  }

  private List<String> createUsers(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(realm.createUser(prefix + i, prefix + i + "@example.org"));
    }
    return ids;
  }

  private static JsonNode representation(JsonNode event) {
    JsonNode rep = event.get("representation");
    assertThat(rep).as("representation of " + event).isNotNull();
    try {
      return JSON.readTree(rep.asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(rep.asText(), e);
    }
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String text(JsonNode node, String field) {
    return node.get(field).asText();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
