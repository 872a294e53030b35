package io.github.academyoffboarding.academy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.BrowserSession;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's academy rows go with the user, whatever removes the user, and stay when the user is only
 * disabled. Each path is driven over HTTP the way the admin console, the account console or a
 * script drives it; the rows are checked in Keycloak's database. A bystander's rows prove that each
 * cascade deletes only its own user's.
 */
@ExtendWith(KeycloakServerExtension.class)
class AcademyCascadeIT {

  private static KeycloakServer kc;
  private static TestRealm realm;
  private static AcademyData data;
  private static String bystander;

  @BeforeAll
  static void setUp(KeycloakServer server) {
    kc = server;
    realm = TestRealm.create(kc);
    data = new AcademyData(kc);
    bystander = newUserWithData("bystander");
  }

  @AfterAll
  static void tearDown() {
    realm.close();
  }

  @Test
  void adminConsoleDeleteRemovesTheUsersRows() {
    String userId = newUserWithData("deleted-by-admin");

    // The console's trash can and multi-select delete both call this endpoint, one user at a time.
    TestResponse r = realm.admin().delete(realm.path("/users/" + userId));

    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertGone(userId);
    assertThat(kc.log()).contains("User " + userId + " removed (UserPreRemovedEvent)");
  }

  @Test
  void deletingOnesOwnAccountRemovesTheRows() {
    String username = "self-deleter-" + suffix();
    String userId = realm.createUser(username, username + "@example.org");
    data.seed(realm.admin(), realm.name(), userId);
    AdminClient master = realm.master();
    // What an admin does so that users may delete themselves: enable the required action, grant the
    // role.
    JsonNode action =
        master.get(realm.path("/authentication/required-actions/delete_account")).json();
    ((ObjectNode) action).put("enabled", true);
    assertThat(
            master
                .put(realm.path("/authentication/required-actions/delete_account"), action)
                .status())
        .isEqualTo(204);
    String accountClient =
        master.get(realm.path("/clients?clientId=account")).json().get(0).get("id").asText();
    JsonNode role =
        master.get(realm.path("/clients/" + accountClient + "/roles/delete-account")).json();
    assertThat(
            master
                .post(
                    realm.path("/users/" + userId + "/role-mappings/clients/" + accountClient),
                    List.of(role))
                .status())
        .isEqualTo(204);

    // The account console's "Delete account" button: keycloak.login({action: "delete_account"}).
    BrowserSession browser = new BrowserSession(kc);
    String accountUrl = kc.baseUrl() + "/realms/" + realm.name() + "/account/";
    BrowserSession.Page login =
        browser.authorize(realm.name(), "account-console", accountUrl, "delete_account");
    BrowserSession.Page confirm =
        browser.submit(
            login,
            "kc-form-login",
            Map.of("username", username, "password", TestRealm.PASSWORD, "credentialId", ""));
    assertThat(confirm.hasForm("kc-deleteaccount-form"))
        .as("delete-account confirmation page:\n%s\n%s", browser.trace(), confirm.html())
        .isTrue();
    assertThat(data.userExists(userId)).isTrue();

    browser.submit(confirm, "kc-deleteaccount-form", Map.of());

    assertGone(userId);
  }

  @Test
  void removingAClientRemovesItsServiceAccountsRows() {
    String clientId = "academy-sync-" + suffix();
    AdminClient admin = realm.admin();
    TestResponse created =
        admin.post(
            realm.path("/clients"),
            Map.of(
                "clientId",
                clientId,
                "publicClient",
                false,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String clientUuid = created.location().substring(created.location().lastIndexOf('/') + 1);
    String serviceAccount =
        admin
            .get(realm.path("/clients/" + clientUuid + "/service-account-user"))
            .json()
            .get("id")
            .asText();
    data.seed(admin, realm.name(), serviceAccount);

    TestResponse r = admin.delete(realm.path("/clients/" + clientUuid));

    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertGone(serviceAccount);
  }

  /*
   * A federation path. No LDAP server runs here, so this drives Keycloak's own federation clean-up: a user
   * imported with a federation link whose storage provider does not exist is removed the moment Keycloak looks
   * it up (UserStorageManager.deleteInvalidUser -> UserManager.removeUser with the local store). That path
   * publishes only UserRemovedEvent, not UserPreRemovedEvent, like LDAP's removal of a user that is gone from
   * the directory. The user arrives through the admin partial import (as realm files do); its rows are
   * written directly, because any lookup through the academy API would already remove the user.
   */
  @Test
  void federationRemovalOfAnInvalidImportedUserRemovesTheRows() {
    String username = "federated-" + suffix();
    Map<String, Object> user =
        Map.of(
            "username",
            username,
            "enabled",
            true,
            "email",
            username + "@example.org",
            "firstName",
            "Fed",
            "lastName",
            "Erated",
            "federationLink",
            UUID.randomUUID().toString());
    TestResponse imported =
        realm
            .master()
            .post(
                realm.path("/partialImport"),
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
    assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
    String userId = imported.json().get("results").get(0).get("id").asText();
    assertThat(data.userExists(userId)).isTrue();
    data.insertRowsDirectly(realm.id(), userId, 2, 1);

    TestResponse lookup = realm.admin().get(realm.path("/users/" + userId));

    assertThat(lookup.status()).as(lookup.toString()).isEqualTo(404);
    assertGone(userId);
    // Only UserRemovedEvent came: the pre-event handler would have logged first and marked the user
    // done.
    assertThat(kc.log())
        .contains("User " + userId + " removed (UserRemovedEvent)")
        .doesNotContain("User " + userId + " removed (UserPreRemovedEvent)");
  }

  @Test
  void deletingTheRealmRemovesAllItsRows() {
    TestRealm doomed = TestRealm.create(kc);
    AdminClient admin = doomed.admin();
    String first = doomed.createUser("first-" + suffix(), "first-" + suffix() + "@example.org");
    String second = doomed.createUser("second-" + suffix(), "second-" + suffix() + "@example.org");
    data.seed(admin, doomed.name(), first);
    data.seed(admin, doomed.name(), second);
    assertThat(data.rowsOfRealm(doomed.id())).isEqualTo(6);

    TestResponse r = realm.master().delete("/admin/realms/" + doomed.name());

    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertThat(data.rowsOfRealm(doomed.id())).isZero();
    assertThat(data.learningRecords(bystander)).isEqualTo(2);
    assertThat(data.certificates(bystander)).isEqualTo(1);
  }

  @Test
  void disablingAUserKeepsEveryRow() {
    String userId = newUserWithData("disabled");
    AdminClient admin = realm.admin();
    // As the console's "Enabled" switch does: the whole representation back with enabled=false.
    JsonNode representation = admin.get(realm.path("/users/" + userId)).json();
    ((ObjectNode) representation).put("enabled", false);

    TestResponse r = admin.put(realm.path("/users/" + userId), representation);

    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertThat(admin.get(realm.path("/users/" + userId)).json().get("enabled").asBoolean())
        .isFalse();
    assertThat(data.learningRecords(userId)).isEqualTo(2);
    assertThat(data.certificates(userId)).isEqualTo(1);
    assertThat(
            admin
                .get(AcademyData.base(realm.name(), userId) + "/summary")
                .json()
                .get("learningRecords")
                .asLong())
        .isEqualTo(2);
  }

  private static String newUserWithData(String prefix) {
    String username = prefix + "-" + suffix();
    String userId = realm.createUser(username, username + "@example.org");
    data.seed(realm.admin(), realm.name(), userId);
    return userId;
  }

  private static void assertGone(String userId) {
    assertThat(data.userExists(userId)).as("user %s still in USER_ENTITY", userId).isFalse();
    assertThat(data.learningRecords(userId)).as("learning records of %s", userId).isZero();
    assertThat(data.certificates(userId)).as("certificates of %s", userId).isZero();
    assertThat(data.learningRecords(bystander)).isEqualTo(2);
    assertThat(data.certificates(bystander)).isEqualTo(1);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
