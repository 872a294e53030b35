package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deactivation of many users disables them with one statement ({@link LocalUsersDeactivation}),
 * looks up which of them have sessions with one query ({@link SessionHolders}) and asks Keycloak to
 * end the sessions of those alone. Every deactivated user must read as disabled (no stale cache
 * entry), every online and offline session of theirs must end, no other user's session may, and a
 * reactivated user can sign in again.
 */
@ExtendWith(KeycloakServerExtension.class)
class BatchedDeactivationIT {

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;

  @BeforeEach
  void setUp(KeycloakServer kc) {
    this.kc = kc;
    realm = TestRealm.create(kc);
    flow = new BulkFlow(kc, realm);
  }

  @AfterEach
  void tearDown() {
    realm.close();
  }

  @Test
  void deactivatedUsersLoseEveryOnlineAndOfflineSessionAndNoOneElseLosesOne() {
    List<String> active = new ArrayList<>();
    List<AdminClient> activeOnline = new ArrayList<>();
    List<AdminClient> activeOffline = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      active.add(realm.createUser("active" + i, "active" + i + "@example.org"));
      activeOnline.add(realm.login("active" + i));
      activeOffline.add(AdminClient.offline(kc, realm.name(), "active" + i, TestRealm.PASSWORD));
    }
    List<String> idle = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      idle.add(realm.createUser("idle" + i, "idle" + i + "@example.org"));
    }
    List<String> bystanders = new ArrayList<>();
    List<AdminClient> bystanderOffline = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      bystanders.add(realm.createUser("bystander" + i, "bystander" + i + "@example.org"));
      realm.login("bystander" + i);
      bystanderOffline.add(
          AdminClient.offline(kc, realm.name(), "bystander" + i, TestRealm.PASSWORD));
    }
    assertThat(sessionRows(active)).as("an online and an offline session each").isEqualTo(6);
    assertThat(sessionRows(idle)).isZero();
    assertThat(sessionRows(bystanders)).isEqualTo(4);
    for (String user : concat(active, idle)) {
      // Puts them in Keycloak's user cache, enabled.
      assertThat(realm.master().get(realm.path("/users/" + user)).json().get("enabled").asBoolean())
          .isTrue();
    }

    List<String> usernames = List.of("active0", "idle0", "active1", "idle1", "active2", "idle2");
    JsonNode done = flow.runByUsername("DEACTIVATE", usernames);
    assertThat(done.at("/progress/succeeded").asInt()).as(done.toString()).isEqualTo(6);
    assertThat(flow.rows(done.get("id").asText()))
        .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("DEACTIVATED"));
    assertThat(kc.log())
        .as("the users were disabled together, their sessions looked up at once")
        .contains("Deactivated 6 users of realm " + realm.id() + " together")
        .contains("3 of 6 users of realm " + realm.id() + " have sessions");

    assertThat(sessionRows(active)).as("sessions left to deactivated users").isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(activeOnline.get(i).tryRefresh().status()).isEqualTo(400);
      assertThat(activeOffline.get(i).tryRefresh().status()).isEqualTo(400);
    }
    for (String user : concat(active, idle)) {
      JsonNode rep = realm.master().get(realm.path("/users/" + user)).json();
      assertThat(rep.get("enabled").asBoolean()).as(rep.toString()).isFalse();
      assertThat(rep.get("notBefore").asInt()).as("tokens issued before are void").isPositive();
    }
    assertThat(sessionRows(bystanders)).isEqualTo(4);
    for (AdminClient offline : bystanderOffline) {
      assertThat(offline.tryRefresh().status()).isEqualTo(200);
    }

    assertThat(flow.runByUsername("REACTIVATE", usernames).at("/progress/succeeded").asInt())
        .isEqualTo(6);
    for (String username : usernames) {
      assertThat(realm.login(username).tryRefresh().status()).isEqualTo(200);
    }
  }

  /** Online and offline sessions of these users in Keycloak's persistent session table. */
  private long sessionRows(List<String> userIds) {
    return kc.database()
        .count(
            "select count(*) from OFFLINE_USER_SESSION where USER_ID in ("
                + String.join(",", Collections.nCopies(userIds.size(), "?"))
                + ")",
            userIds.toArray());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
