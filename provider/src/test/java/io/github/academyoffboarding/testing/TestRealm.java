package io.github.academyoffboarding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A throw-away realm with its own realm admin, made through the admin REST API as the master admin;
 * deleted on {@link #close()}. Every test class gets fresh realms, so classes share the server, not
 * data.
 */
public final class TestRealm implements AutoCloseable {

  public static final String PASSWORD = "password";
  public static final String ADMIN_USERNAME = "realm-admin";

  private final KeycloakServer server;
  private final String name;
  private final String id;
  private final AdminClient master;

  private TestRealm(KeycloakServer server, String name, String id, AdminClient master) {
    this.server = server;
    this.name = name;
    this.id = id;
    this.master = master;
  }

  public static TestRealm create(KeycloakServer kc) {
    AdminClient master = kc.masterAdmin();
    String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    expect(
        master.post("/admin/realms", Map.of("realm", name, "enabled", true)),
        201,
        "create realm " + name);
    String id = master.get("/admin/realms/" + name).json().get("id").asText();
    TestRealm realm = new TestRealm(kc, name, id, master);
    realm.createUserWithRoles(ADMIN_USERNAME, "realm-admin@" + name + ".test", "realm-admin");
    return realm;
  }

  public String name() {
    return name;
  }

  public String id() {
    return id;
  }

  /** The master realm's admin (fresh token). */
  public AdminClient master() {
    return server.masterAdmin();
  }

  /** This realm's own realm admin (realm-management/realm-admin). */
  public AdminClient admin() {
    return login(ADMIN_USERNAME);
  }

  /** Password grant on admin-cli as {@code username} (password {@value #PASSWORD}). */
  public AdminClient login(String username) {
    return AdminClient.password(server, name, username, PASSWORD);
  }

  /** An enabled user with password {@value #PASSWORD}; returns its id. */
  public String createUser(String username, String email) {
    Map<String, Object> user =
        Map.of(
            "username",
            username,
            "email",
            email,
            "enabled",
            true,
            "emailVerified",
            true,
            "firstName",
            "Test",
            "lastName",
            username,
            "credentials",
            List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
    TestResponse r = server.masterAdmin().post(path("/users"), user);
    expect(r, 201, "create user " + username);
    String location = r.location();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /**
   * A user holding the given client roles of {@code realm-management} (e.g. view-users,
   * manage-users).
   */
  public String createUserWithRoles(String username, String email, String... realmManagementRoles) {
    String userId = createUser(username, email);
    if (realmManagementRoles.length > 0) {
      AdminClient m = server.masterAdmin();
      String clientUuid =
          m.get(path("/clients?clientId=realm-management")).json().get(0).get("id").asText();
      List<JsonNode> roles = new ArrayList<>();
      for (String role : realmManagementRoles) {
        TestResponse r = m.get(path("/clients/" + clientUuid + "/roles/" + role));
        expect(r, 200, "read role " + role);
        roles.add(r.json());
      }
      expect(
          m.post(path("/users/" + userId + "/role-mappings/clients/" + clientUuid), roles),
          204,
          "grant " + List.of(realmManagementRoles));
    }
    return userId;
  }

  /** {@code /admin/realms/{name}} + suffix. */
  public String path(String suffix) {
    return "/admin/realms/" + name + suffix;
  }

  @Override
  public void close() {
    server.masterAdmin().delete("/admin/realms/" + name);
  }

  static void expect(TestResponse r, int status, String what) {
    if (r.status() != status) {
      throw new IllegalStateException(what + ": expected " + status + " but got " + r);
    }
  }

  /** The users of this realm with exactly this username (as the master admin sees them). */
  public List<JsonNode> usersNamed(String username) {
    TestResponse r = master().get(path("/users?exact=true&username=" + username));
    if (r.status() != 200) {
      throw new IllegalStateException("user search failed: " + r);
    }
    List<JsonNode> users = new ArrayList<>();
    r.json().forEach(users::add);
    return users;
  }
}
