package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.academyoffboarding.bulk.BulkFlow;
import io.github.academyoffboarding.testing.AdminClient;
import io.github.academyoffboarding.testing.KeycloakServer;
import io.github.academyoffboarding.testing.KeycloakServerExtension;
import io.github.academyoffboarding.testing.TestRealm;
import io.github.academyoffboarding.testing.TestResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job removes users of a realm without identity providers together ({@link LocalUsersRemoval})
 * and the others one at a time through Keycloak's {@code UserManager}. Both paths must leave the
 * database in the same state: every row of Keycloak's (and the extension's) tables that names a
 * removed user is gone, and every row that names a kept user is still there. The users carry what
 * real users carry — a password, an attribute, a required action, a group, a realm role and a
 * client role, a consent, an online and an offline session, federated-storage rows, academy records
 * and, where the realm has an identity provider, a brokered identity — and the check reads every
 * character column of every table, so a table Keycloak adds later is checked too.
 */
@ExtendWith(KeycloakServerExtension.class)
class LocalUsersRemovalIT {

  private static final int GONE = 6;
  private static final int KEPT = 3;

  /** Where a removed user's id legitimately stays: the import's own per-row report. */
  private static final Set<String> RECORDS_OF_THE_IMPORT =
      Set.of("ACADEMY_BULK_IMPORT_ROW.USER_ID");

  private KeycloakServer kc;
  private TestRealm realm;
  private BulkFlow flow;
  private final Map<String, AdminClient> offlineSessions = new HashMap<>();

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
  void usersRemovedTogetherLeaveNothingBehindAndTouchNoOtherUser() {
    List<String> gone = prepareUsers("gone", GONE, false);
    List<String> kept = prepareUsers("kept", KEPT, false);

    offboard(gone, kept);

    assertThat(kc.log())
        .as("the users were removed together")
        .contains("Removed " + GONE + " users of realm " + realm.id() + " together");
  }

  @Test
  void inARealmWithAnIdentityProviderUsersAreRemovedOneByOneWithTheSameResult() {
    addIdentityProvider();
    List<String> gone = prepareUsers("gone", GONE, true);
    List<String> kept = prepareUsers("kept", KEPT, true);

    offboard(gone, kept);

    assertThat(kc.log()).doesNotContain("users of realm " + realm.id() + " together");
  }

  private void offboard(List<String> gone, List<String> kept) {
    AdminClient master = realm.master();
    // Puts the users in Keycloak's user cache, by id, username and e-mail.
    for (int i = 0; i < GONE; i++) {
      assertThat(master.get(realm.path("/users/" + gone.get(i))).status()).isEqualTo(200);
      assertThat(master.get(realm.path("/users?exact=true&username=gone" + i)).json()).hasSize(1);
      assertThat(master.get(realm.path("/users?exact=true&email=gone" + i + "@example.org")).json())
          .hasSize(1);
    }
    Map<String, Long> keptBefore = rowsNaming(kept);
    Map<String, Long> goneBefore = rowsNaming(gone);
    assertThat(goneBefore)
        .as("the users to remove have rows in these tables")
        .containsKeys(
            "USER_ENTITY.ID",
            "CREDENTIAL.USER_ID",
            "USER_ATTRIBUTE.USER_ID",
            "USER_REQUIRED_ACTION.USER_ID",
            "USER_GROUP_MEMBERSHIP.USER_ID",
            "USER_ROLE_MAPPING.USER_ID",
            "USER_CONSENT.USER_ID",
            "OFFLINE_USER_SESSION.USER_ID",
            "FED_USER_ATTRIBUTE.USER_ID",
            "ACADEMY_LEARNING_RECORD.USER_ID",
            "ACADEMY_CERTIFICATE.USER_ID");

    List<String> usernames = new ArrayList<>();
    for (int i = 0; i < GONE; i++) {
      usernames.add("gone" + i);
    }
    JsonNode done = flow.runByUsername("DELETE", usernames);
    assertThat(done.at("/progress/succeeded").asInt()).as(done.toString()).isEqualTo(GONE);
    assertThat(flow.rows(done.get("id").asText()))
        .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("DELETED"));

    Map<String, Long> goneAfter = rowsNaming(gone);
    RECORDS_OF_THE_IMPORT.forEach(goneAfter::remove);
    assertThat(goneAfter).as("rows still naming a removed user").isEmpty();
    assertThat(rowsNaming(kept)).as("rows naming a kept user").isEqualTo(keptBefore);

    // Nothing stale in the user cache, no session left to refresh.
    for (int i = 0; i < GONE; i++) {
      assertThat(master.get(realm.path("/users/" + gone.get(i))).status()).isEqualTo(404);
      assertThat(master.get(realm.path("/users?exact=true&username=gone" + i)).json()).isEmpty();
      assertThat(master.get(realm.path("/users?exact=true&email=gone" + i + "@example.org")).json())
          .isEmpty();
      assertThat(offlineSessions.get("gone" + i).tryRefresh().status()).isEqualTo(400);
    }
    for (int i = 0; i < KEPT; i++) {
      JsonNode user = master.get(realm.path("/users/" + kept.get(i))).json();
      assertThat(user.get("username").asText()).isEqualTo("kept" + i);
    }
  }

  /**
   * Users with everything a user of this realm can have; returns their ids. Their usernames are
   * {@code prefix0…}, their passwords {@value TestRealm#PASSWORD}.
   */
  private List<String> prepareUsers(String prefix, int count, boolean brokered) {
    AdminClient master = realm.master();
    enableUnmanagedAttributes();
    String group = ensureGroup();
    JsonNode realmRole = ensureRealmRole();
    String client = ensureClient();
    JsonNode clientRole = master.get(realm.path("/clients/" + client + "/roles/viewer")).json();
    String scope = clientScopeId("email");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      String userId = realm.createUser(name, name + "@example.org");
      ids.add(userId);
      // An online and an offline session now; the required action after them, since it blocks
      // password logins.
      AdminClient.password(kc, realm.name(), name, TestRealm.PASSWORD);
      offlineSessions.put(name, AdminClient.offline(kc, realm.name(), name, TestRealm.PASSWORD));
      ObjectNode user = (ObjectNode) master.get(realm.path("/users/" + userId)).json();
      user.putObject("attributes").putArray("department").add("physics");
      user.putArray("requiredActions").add("UPDATE_PROFILE");
      expect(master.put(realm.path("/users/" + userId), user), 204);
      expect(master.put(realm.path("/users/" + userId + "/groups/" + group), Map.of()), 204);
      expect(
          master.post(realm.path("/users/" + userId + "/role-mappings/realm"), List.of(realmRole)),
          204);
      expect(
          master.post(
              realm.path("/users/" + userId + "/role-mappings/clients/" + client),
              List.of(clientRole)),
          204);
      if (brokered) {
        expect(
            master.post(
                realm.path("/users/" + userId + "/federated-identity/partner-idp"),
                Map.of(
                    "identityProvider", "partner-idp", "userId", "ext-" + name, "userName", name)),
            204);
      }
      flow.addAcademyData(master, userId);
      // Rows no admin endpoint creates: a consent (granted at a login page) and a federated
      // storage attribute (written by a user storage provider), both removed with the user.
      String consent = UUID.randomUUID().toString();
      kc.database()
          .update(
              "insert into USER_CONSENT (ID, CLIENT_ID, USER_ID, CREATED_DATE, LAST_UPDATED_DATE)"
                  + " values (?, ?, ?, ?, ?)",
              consent,
              client,
              userId,
              System.currentTimeMillis(),
              System.currentTimeMillis());
      kc.database()
          .update(
              "insert into USER_CONSENT_CLIENT_SCOPE (USER_CONSENT_ID, SCOPE_ID) values (?, ?)",
              consent,
              scope);
      kc.database()
          .update(
              "insert into FED_USER_ATTRIBUTE (ID, NAME, USER_ID, REALM_ID, VALUE) values (?, ?,"
                  + " ?, ?, ?)",
              UUID.randomUUID().toString(),
              "legacy-id",
              userId,
              realm.id(),
              "L-" + i);
    }
    assertThat(master.get(realm.path("/users/" + ids.get(0) + "/consents")).json())
        .as("the consent row is one Keycloak reads")
        .anySatisfy(c -> assertThat(c.get("clientId").asText()).isEqualTo("lms"));
    return ids;
  }

  /**
   * For every character column of every table of Keycloak's database: how many rows hold one of
   * {@code ids}, as {@code TABLE.COLUMN → count}, columns without such rows left out.
   */
  private Map<String, Long> rowsNaming(List<String> ids) {
    Map<String, Long> found = new TreeMap<>();
    try (Connection c = kc.database().connect()) {
      DatabaseMetaData meta = c.getMetaData();
      String quote = meta.getIdentifierQuoteString().trim();
      List<String[]> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
        while (rs.next()) {
          int type = rs.getInt("DATA_TYPE");
          if ((type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR)
              && rs.getInt("COLUMN_SIZE") >= 36) {
            columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
          }
        }
      }
      assertThat(columns).as("columns found in the schema").hasSizeGreaterThan(100);
      String in = String.join(",", Collections.nCopies(ids.size(), "?"));
      for (String[] column : columns) {
        String sql =
            "select count(*) from "
                + quote
                + column[0]
                + quote
                + " where "
                + quote
                + column[1]
                + quote
                + " in ("
                + in
                + ")";
        try (var ps = c.prepareStatement(sql)) {
          for (int i = 0; i < ids.size(); i++) {
            ps.setString(i + 1, ids.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
              found.put(column[0].toUpperCase() + "." + column[1].toUpperCase(), n);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private void enableUnmanagedAttributes() {
    AdminClient master = realm.master();
    ObjectNode profile = (ObjectNode) master.get(realm.path("/users/profile")).json();
    profile.put("unmanagedAttributePolicy", "ENABLED");
    expect(master.put(realm.path("/users/profile"), profile), 200);
  }

  private String ensureGroup() {
    AdminClient master = realm.master();
    JsonNode groups = master.get(realm.path("/groups?search=learners&exact=true")).json();
    if (groups.size() == 1) {
      return groups.get(0).get("id").asText();
    }
    TestResponse r = master.post(realm.path("/groups"), Map.of("name", "learners"));
    expect(r, 201);
    return r.location().substring(r.location().lastIndexOf('/') + 1);
  }

  private JsonNode ensureRealmRole() {
    AdminClient master = realm.master();
    TestResponse r = master.get(realm.path("/roles/student"));
    if (r.status() == 404) {
      expect(master.post(realm.path("/roles"), Map.of("name", "student")), 201);
      r = master.get(realm.path("/roles/student"));
    }
    return r.json();
  }

  private String ensureClient() {
    AdminClient master = realm.master();
    JsonNode clients = master.get(realm.path("/clients?clientId=lms")).json();
    if (clients.size() == 1) {
      return clients.get(0).get("id").asText();
    }
    TestResponse r =
        master.post(
            realm.path("/clients"),
            Map.of("clientId", "lms", "publicClient", true, "consentRequired", true));
    expect(r, 201);
    String id = r.location().substring(r.location().lastIndexOf('/') + 1);
    expect(master.post(realm.path("/clients/" + id + "/roles"), Map.of("name", "viewer")), 201);
    return id;
  }

  private String clientScopeId(String name) {
    for (JsonNode scope : realm.master().get(realm.path("/client-scopes")).json()) {
      if (scope.get("name").asText().equals(name)) {
        return scope.get("id").asText();
      }
    }
    throw new IllegalStateException("no client scope " + name);
  }

  private void addIdentityProvider() {
    expect(
        realm
            .master()
            .post(
                realm.path("/identity-provider/instances"),
                Map.of(
                    "alias",
                    "partner-idp",
                    "providerId",
                    "oidc",
                    "enabled",
                    true,
                    "config",
                    Map.of(
                        "clientId",
                        "academy",
                        "clientSecret",
                        "secret",
                        "authorizationUrl",
                        "https://idp.example.org/auth",
                        "tokenUrl",
                        "https://idp.example.org/token"))),
        201);
  }

  private static void expect(TestResponse r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
  }
}
