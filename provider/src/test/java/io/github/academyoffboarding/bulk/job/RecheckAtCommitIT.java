package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The preview's protections are evaluated again when the job reaches each user: users who became
 * realm administrators after the preview (by a direct grant, a composite role, a subgroup of a
 * group holding realm-admin) and the committing admin's own account are SKIPPED with the reason's
 * key, in a batch of several users and in a batch of one; the others are acted on.
 */
@ExtendWith(KeycloakServerExtension.class)
class RecheckAtCommitIT {

  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void usersWhoBecameProtectedAfterThePreviewAreSkippedWithTheReason() {
    realm.createUserWithRoles("op-a", "op-a@example.org", "manage-users", "view-users");
    String opB =
        realm.createUserWithRoles("op-b", "op-b@example.org", "manage-users", "view-users");
    String direct = realm.createUser("direct", "direct@example.org");
    String composite = realm.createUser("composite", "composite@example.org");
    String grouped = realm.createUser("grouped", "grouped@example.org");
    String plain = realm.createUser("plain", "plain@example.org");
    String alone = realm.createUser("alone", "alone@example.org");
    AdminClient a = realm.login("op-a");
    String many =
        flow.preview(
                a,
                "DEACTIVATE",
                List.of(
                    "direct@example.org",
                    "composite@example.org",
                    "op-b@example.org",
                    "grouped@example.org",
                    "plain@example.org"))
            .get("id")
            .asText();
    String one = flow.preview(a, "DEACTIVATE", List.of("alone@example.org")).get("id").asText();
    assertThat(flow.get(many).at("/summary/toProcess").asInt())
        .as("nobody is protected at preview time")
        .isEqualTo(5);

    // Between preview and commit: three of them become realm administrators, three ways.
    AdminClient master = realm.master();
    String management =
        master
            .get(realm.path("/clients?clientId=realm-management"))
            .json()
            .get(0)
            .get("id")
            .asText();
    JsonNode realmAdmin =
        master.get(realm.path("/clients/" + management + "/roles/realm-admin")).json();
    expect(
        master.post(
            realm.path("/users/" + direct + "/role-mappings/clients/" + management),
            List.of(realmAdmin)),
        204);
    expect(master.post(realm.path("/roles"), Map.of("name", "boss")), 201);
    expect(master.post(realm.path("/roles/boss/composites"), List.of(realmAdmin)), 204);
    JsonNode boss = master.get(realm.path("/roles/boss")).json();
    expect(
        master.post(realm.path("/users/" + composite + "/role-mappings/realm"), List.of(boss)),
        204);
    String admins = created(master.post(realm.path("/groups"), Map.of("name", "admins")));
    expect(
        master.post(
            realm.path("/groups/" + admins + "/role-mappings/clients/" + management),
            List.of(realmAdmin)),
        204);
    String team =
        created(master.post(realm.path("/groups/" + admins + "/children"), Map.of("name", "team")));
    expect(master.put(realm.path("/users/" + grouped + "/groups/" + team), Map.of()), 204);
    expect(
        master.post(
            realm.path("/users/" + alone + "/role-mappings/clients/" + management),
            List.of(realmAdmin)),
        204);

    // Another operator commits: op-b is that admin's own account now.
    AdminClient b = realm.login("op-b");
    expect(flow.commit(b, many), 202);
    expect(flow.commit(b, one), 202);
    JsonNode done = flow.awaitEnd(many, Duration.ofMinutes(2));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.at("/progress/succeeded").asInt()).isEqualTo(1);
    assertThat(done.at("/progress/failed").asInt()).isZero();
    Map<String, JsonNode> byUser =
        flow.rows(many).stream().collect(Collectors.toMap(r -> r.get("userId").asText(), r -> r));
    assertSkipped(byUser.get(direct), "bulk.outcome.became-admin");
    assertSkipped(byUser.get(composite), "bulk.outcome.became-admin");
    assertSkipped(byUser.get(grouped), "bulk.outcome.became-admin");
    assertSkipped(byUser.get(opB), "bulk.outcome.became-caller");
    assertThat(byUser.get(plain).get("outcome").asText()).isEqualTo("DEACTIVATED");

    JsonNode single = flow.awaitEnd(one, Duration.ofMinutes(2));
    assertSkipped(flow.rows(single.get("id").asText()).get(0), "bulk.outcome.became-admin");

    for (String kept : List.of(direct, composite, grouped, opB, alone)) {
      assertThat(master.get(realm.path("/users/" + kept)).json().get("enabled").asBoolean())
          .as("a skipped user is left alone")
          .isTrue();
    }
    assertThat(master.get(realm.path("/users/" + plain)).json().get("enabled").asBoolean())
        .isFalse();
  }

  private static void assertSkipped(JsonNode row, String key) {
    assertThat(row.get("outcome").asText()).as(row.toString()).isEqualTo("SKIPPED");
    assertThat(row.get("messageKey").asText()).as(row.toString()).isEqualTo(key);
    assertThat(row.get("message").asText()).isNotBlank();
  }

  private static void expect(TestResponse r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
  }

  private static String created(TestResponse r) {
    expect(r, 201);
    String location = r.location();
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
